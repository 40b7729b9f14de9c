from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from innovet.core.widgets import DateInput
from innovet.events.models import EventKind
from innovet.participation.models import ActivityKind
from innovet.taxonomy.models import Term

from .models import Achievement, AwardRule, RuleKind
from .uploads import check_image


class AchievementForm(forms.ModelForm):
    # ESCO holds 3,000+ occupations: a checklist would be unusable; codes or exact names are typed instead.
    skills_text = forms.CharField(
        label=_("Beroepen en vaardigheden (ESCO)"),
        required=False,
        max_length=1000,
        help_text=_("ESCO-codes of volledige namen, gescheiden door puntkomma's, bv. 7411.1; 7233.3"),
    )

    class Meta:
        model = Achievement
        fields = ["name", "description", "criteria", "image", "valid_for_days", "is_active"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "criteria": forms.Textarea(attrs={"rows": 4}),
            "image": forms.ClearableFileInput(attrs={"accept": ".png,.svg,image/png,image/svg+xml"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["image"].help_text = _("PNG of SVG, maximaal 1 MB. Zonder afbeelding maken we er een.")
        if self.instance.pk:
            self.fields["skills_text"].initial = "; ".join(t.code for t in self.instance.skills.all())

    def clean_image(self):
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):  # a new upload, not the stored file
            check_image(image)
        return image

    def clean_skills_text(self):
        parts = [p.strip() for p in self.cleaned_data.get("skills_text", "").replace(",", ";").split(";") if p.strip()]
        if len(parts) > 20:
            raise forms.ValidationError(_("Kies hoogstens 20 beroepen of vaardigheden."))
        found, unknown = [], []
        for part in parts:
            term = Term.objects.of("esco").filter(Q(code=part) | Q(label__iexact=part)).first()
            (found.append(term) if term else unknown.append(part))
        if unknown:
            raise forms.ValidationError(
                _("Onbekend in ESCO: %(items)s. Gebruik een ESCO-code of de volledige naam.")
                % {"items": ", ".join(unknown)}
            )
        return found

    def service_data(self):
        data = {k: self.cleaned_data.get(k) for k in ("name", "description", "criteria", "valid_for_days", "is_active")}
        data["skills"] = self.cleaned_data.get("skills_text") or []
        image = self.cleaned_data.get("image")
        if image and hasattr(image, "content_type"):
            data["image"] = image
        return data


class RuleForm(forms.ModelForm):
    event_kind = forms.ChoiceField(
        label=_("Soort netwerkmoment"),
        required=False,
        choices=[("", _("Elke soort"))] + list(EventKind.choices),
        help_text=_("Enkel voor netwerkmomenten, bv. enkel kick-offs."),
    )

    class Meta:
        model = AwardRule
        fields = [
            "kind",
            "activity_kind",
            "event_kind",
            "active_role_required",
            "organised_by_issuer",
            "title_contains",
            "min_count",
            "since",
        ]
        widgets = {"since": DateInput}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["activity_kind"].choices = [("", _("Elke soort activiteit"))] + list(ActivityKind.choices)

    def clean(self):
        data = super().clean()
        if data.get("kind") == RuleKind.PARTICIPATION and data.get("event_kind"):
            if data.get("activity_kind") not in ("", None, ActivityKind.EVENT_SESSION):
                self.add_error(
                    "event_kind",
                    _("Een soort netwerkmoment kan enkel bij de activiteit 'Netwerkmoment of evenement'."),
                )
            else:
                data["activity_kind"] = ActivityKind.EVENT_SESSION
        return data


class AwardForm(forms.Form):
    email = forms.EmailField(label=_("E-mailadres van de ontvanger"))
    note = forms.CharField(label=_("Toelichting (optioneel)"), required=False, max_length=300)

    def clean_email(self):
        email = self.cleaned_data["email"].strip()
        user = get_user_model().objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("Niemand op InnoVET heeft het e-mailadres %(email)s.") % {"email": email})
        self.recipient = user
        return email


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=_("Reden van intrekking"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Wie de badge controleert, ziet deze reden."),
    )


class VerifyForm(forms.Form):
    credential = forms.CharField(
        label=_("Credential plakken"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5, "spellcheck": "false", "autocomplete": "off"}),
        help_text=_("De VC-JWT (drie delen met punten) of de inhoud van het JSON-bestand."),
    )
    file = forms.FileField(
        label=_("Of kies een bestand"),
        required=False,
        help_text=_("De badge als PNG of SVG, of het JSON-bestand. Maximaal 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": ".png,.svg,.json,.jwt,.jws,.txt"}),
    )

    def clean(self):
        data = super().clean()
        if not data.get("credential") and not data.get("file"):
            raise forms.ValidationError(_("Plak een credential of kies een bestand."))
        return data
