from django import forms
from django.conf import settings
from django.forms import inlineformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovet.core.widgets import ChecklistSelectMultiple, DateInput
from innovet.organisations.models import Organisation, OrganisationKind
from innovet.organisations.permissions import schools
from innovet.taxonomy.models import Term, terms

from .models import Alignment, Language, Material, Review, Status, UsageReport, WorkForm
from .uploads import allowed_extensions


class TermTreeChoiceField(forms.ModelMultipleChoiceField):
    """Themes shown as 'Main theme › sub theme'."""

    def label_from_instance(self, obj):
        return f"{obj.parent.label} › {obj.label}" if obj.parent_id else obj.label


class MaterialForm(forms.ModelForm):
    themes = TermTreeChoiceField(
        queryset=terms("thema").select_related("parent").order_by("parent__position", "position"),
        required=False,
        label=_("Innovatiethema's"),
        widget=ChecklistSelectMultiple,
    )
    organisations = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.active().exclude(kind__in=[OrganisationKind.RTC, OrganisationKind.GOVERNMENT]),
        required=False,
        label=_("Meewerkende organisaties"),
        help_text=_("Scholen, bedrijven en sectororganisaties die vermeld worden."),
        widget=ChecklistSelectMultiple,
    )

    class Meta:
        model = Material
        fields = [
            "title",
            "summary",
            "body",
            "language",
            "duration_minutes",
            "studiedomeinen",
            "graden",
            "onderwijsvormen",
            "themes",
            "noodtypes",
            "equipment",
            "brand_neutral",
            "brand_name",
            "organisations",
        ]
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 14}),
            "equipment": forms.Textarea(attrs={"rows": 3}),
            "studiedomeinen": forms.CheckboxSelectMultiple,
            "graden": forms.CheckboxSelectMultiple,
            "onderwijsvormen": forms.CheckboxSelectMultiple,
            "noodtypes": forms.CheckboxSelectMultiple,
        }
        help_texts = {
            "body": _(
                "Gewone tekst (lege regel = nieuwe alinea) of eenvoudige HTML: koppen (h2–h4), lijsten, vet, "
                "cursief, links, tabellen en afbeeldingen die je bij de bestanden oplaadde "
                '(&lt;img src="/lesmateriaal/bestand/…" alt="…"&gt;). Scripts en stijlen worden verwijderd.'
            ),
            "equipment": _("Machines, software, gereedschap of materialen die de klas nodig heeft."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["studiedomeinen"].queryset = terms("studiedomein")
        self.fields["graden"].queryset = terms("graad")
        self.fields["onderwijsvormen"].queryset = terms("onderwijsvorm")
        self.fields["noodtypes"].queryset = terms("noodtype")
        self.fields["language"].choices = Language.choices

    def clean(self):
        data = super().clean()
        if data.get("brand_neutral") is False and not (data.get("brand_name") or "").strip():
            self.add_error("brand_name", _("Vermeld aan welk merk of welke leverancier het materiaal gebonden is."))
        if not data.get("studiedomeinen"):
            self.add_error("studiedomeinen", _("Kies minstens één studiedomein."))
        if not data.get("graden"):
            self.add_error("graden", _("Kies minstens één graad."))
        return data


class AlignmentForm(forms.ModelForm):
    class Meta:
        model = Alignment
        fields = ["kind", "network", "code", "text"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = terms("onderwijsnet")

    def clean(self):
        data = super().clean()
        if data.get("kind") == Alignment.Kind.GOAL and not data.get("network") and not data.get("DELETE"):
            if data.get("code") or data.get("text"):
                self.add_error("network", _("Een leerplandoel hoort bij een onderwijsnet."))
        return data


AlignmentFormSet = inlineformset_factory(
    Material, Alignment, form=AlignmentForm, extra=2, can_delete=True, max_num=40, validate_max=True
)


class LicenceChoiceField(forms.ModelChoiceField):
    """Each licence with what it allows, so the author chooses knowingly."""

    def label_from_instance(self, obj):
        data = obj.data
        if not data.get("remix"):
            rule = _("collega's mogen het gebruiken, maar geen kopie maken of aanpassen")
        elif data.get("share_alike"):
            rule = _("kopiëren en aanpassen mag, onder dezelfde licentie")
        else:
            rule = _("kopiëren en aanpassen mag")
        if data.get("remix") and not data.get("commercial"):
            rule = _("%(rule)s, niet commercieel") % {"rule": rule}
        if data.get("spdx", "").startswith("CC-BY"):
            rule = _("%(rule)s, met naamsvermelding") % {"rule": rule}
        return f"{obj.label} – {rule}"


class PublishForm(forms.Form):
    licence = LicenceChoiceField(
        queryset=Term.objects.none(),
        label=_("Licentie"),
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Met een Creative Commons-licentie mogen collega's een kopie maken en aanpassen."),
    )
    changelog = forms.CharField(
        label=_("Wat is er veranderd?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=3000,
        required=False,
    )

    def __init__(self, *args, material=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["licence"].queryset = terms("licentie")
        if material is not None and material.licence_id and not self.is_bound:
            self.initial["licence"] = material.licence_id
        if material is not None and not material.versions.exists() and not self.is_bound:
            self.initial["changelog"] = _("Eerste versie.")


class StatusForm(forms.Form):
    status = forms.ChoiceField(choices=Status.choices)


class WorkFormForm(forms.ModelForm):
    class Meta:
        model = WorkForm
        fields = ["kind", "title", "description", "position"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        labels = {"position": _("Volgorde")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = terms("werkvorm")


def _work_form_field(material):
    return forms.ModelChoiceField(
        queryset=material.work_forms.select_related("kind"),
        required=False,
        label=_("Werkvorm"),
        empty_label=_("Algemeen (alle werkvormen)"),
    )


class FileUploadForm(forms.Form):
    file = forms.FileField(label=_("Bestand"))
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)

    def __init__(self, *args, material=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_form"] = _work_form_field(material)
        self.fields["file"].help_text = _("Maximaal %(mb)d MB. Toegelaten: %(ext)s.") % {
            "mb": settings.INNOVET_MAX_UPLOAD_MB,
            "ext": ", ".join(allowed_extensions()),
        }
        self.fields["file"].widget.attrs["accept"] = ",".join(f".{e}" for e in allowed_extensions())


class LinkForm(forms.Form):
    url = forms.URLField(label=_("Webadres"), max_length=500, assume_scheme="https")
    title = forms.CharField(label=_("Titel"), max_length=200)

    def __init__(self, *args, material=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["work_form"] = _work_form_field(material)

    def clean_url(self):
        url = self.cleaned_data["url"]
        if not url.lower().startswith(("http://", "https://")):
            raise forms.ValidationError(_("Een link begint met http:// of https://."))
        return url


class CoauthorForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mailadres van de co-auteur"),
        help_text=_(
            "We sturen een uitnodiging naar dit adres. Wie ze aanvaardt (aangemeld met dit adres), wordt "
            "co-auteur; die mag van een andere organisatie zijn."
        ),
    )


class ReviewForm(forms.ModelForm):
    class Meta:
        model = Review
        fields = Review.CRITERIA + ["comment", "decision"]
        widgets = {name: forms.RadioSelect for name in Review.CRITERIA + ["decision"]}
        widgets["comment"] = forms.Textarea(attrs={"rows": 5})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in Review.CRITERIA + ["decision"]:
            self.fields[name].choices = [c for c in self.fields[name].choices if c[0]]


class ReviewCommentForm(forms.Form):
    text = forms.CharField(label=_("Je reactie"), widget=forms.Textarea(attrs={"rows": 3}), max_length=3000)


class UsageReportForm(forms.ModelForm):
    rating = forms.TypedChoiceField(
        label=_("Waardering"),
        coerce=int,
        choices=[(i, f"{i} / 5") for i in range(5, 0, -1)],
        widget=forms.RadioSelect,
    )

    class Meta:
        model = UsageReport
        fields = ["school", "graad", "studierichting", "work_form", "used_on", "how_it_went", "rating", "comment"]
        widgets = {
            "used_on": DateInput(),
            "how_it_went": forms.Textarea(attrs={"rows": 4}),
            "comment": forms.Textarea(attrs={"rows": 3}),
        }
        help_texts = {"studierichting": _("bv. Elektromechanische technieken")}

    def __init__(self, *args, material=None, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        own = schools(user) if user is not None else []
        self.fields["school"].queryset = Organisation.objects.filter(pk__in=[s.pk for s in own])
        self.fields["school"].required = bool(own)
        if len(own) == 1 and not self.is_bound:
            self.initial["school"] = own[0].pk
        if not own:
            self.fields["school"].widget = forms.HiddenInput()
        self.fields["graad"].queryset = terms("graad")
        self.fields["work_form"].queryset = material.work_forms.select_related("kind")
        self.fields["work_form"].empty_label = _("Niet van toepassing")
        if not self.is_bound:
            self.initial["used_on"] = timezone.localdate()

    def clean_used_on(self):
        used_on = self.cleaned_data["used_on"]
        if used_on > timezone.localdate():
            raise forms.ValidationError(_("Die datum ligt in de toekomst."))
        return used_on


class MineFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", _("Alle statussen")), ("prive", _("Privé (niet gepubliceerd)"))] + list(Status.choices),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
