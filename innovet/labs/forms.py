from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from innovet.core.widgets import ChecklistSelectMultiple, DateField, DateInput
from innovet.geo.models import Province
from innovet.organisations.models import Organisation, OrganisationKind
from innovet.taxonomy.models import terms

from .models import AdoptionStatus, Commitment, CommitmentStatus, FundingOpportunity, Lab, ShowcaseFormat, Unit


class LabForm(forms.ModelForm):
    coordinator_organisation = forms.ModelChoiceField(
        label=_("Coördinerende organisatie"), queryset=Organisation.objects.none()
    )
    adviser = forms.ModelChoiceField(
        label=_("Pedagogisch begeleider"),
        queryset=get_user_model().objects.none(),
        required=False,
        help_text=_("Bewaakt de link met het leerplan en de kwaliteit van het materiaal."),
    )
    willingness = forms.ModelMultipleChoiceField(
        label=_("Vertrek van aanbod tot samenwerking"),
        queryset=None,
        required=False,
        widget=ChecklistSelectMultiple,
        help_text=_("De organisaties achter het gekozen aanbod worden partner (of school) van het lab."),
    )

    class Meta:
        model = Lab
        fields = [
            "coordinator_organisation",
            "title",
            "summary",
            "description",
            "themes",
            "studiedomein",
            "graden",
            "province",
            "provinces",
            "starts_on",
            "adviser",
        ]
        widgets = {
            "themes": ChecklistSelectMultiple,
            "graden": ChecklistSelectMultiple,
            "provinces": ChecklistSelectMultiple,
            "starts_on": DateInput,
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 5}),
        }

    def __init__(self, *args, organisations=(), willingness=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["themes"].queryset = terms("thema").select_related("parent")
        self.fields["studiedomein"].queryset = terms("studiedomein")
        self.fields["graden"].queryset = terms("graad")
        self.fields["province"].queryset = Province.objects.filter(in_scope=True).order_by("name")
        self.fields["provinces"].queryset = Province.objects.filter(in_scope=True).order_by("name")
        self.fields["province"].required = False
        self.fields["province"].help_text = _("Het RTC van deze provincie volgt het lab op.")
        self.fields["starts_on"].required = False
        self.fields["adviser"].queryset = (
            get_user_model()
            .objects.filter(
                is_active=True,
                memberships__role="pedagogisch-begeleider",
                memberships__organisation__kind=OrganisationKind.PBD,
            )
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["adviser"].label_from_instance = lambda u: u.get_full_name() or u.email
        if self.instance.pk:
            del self.fields["coordinator_organisation"]
            del self.fields["willingness"]
        else:
            self.fields["coordinator_organisation"].queryset = Organisation.objects.filter(
                pk__in=[o.pk for o in organisations]
            )
            if willingness is None:
                del self.fields["willingness"]
            else:
                self.fields["willingness"].queryset = willingness
                self.fields["willingness"].label_from_instance = lambda w: f"{w.organisation.name} – {w.title}"


class MilestoneRowForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Mijlpaal"), max_length=200)
    due_on = DateField(label=_("Tegen"))


MilestoneFormSet = forms.formset_factory(MilestoneRowForm, extra=0)


class MilestoneAddForm(forms.Form):
    phase = forms.ChoiceField(label=_("Fase"))
    title = forms.CharField(label=_("Mijlpaal"), max_length=200)
    due_on = DateField(label=_("Tegen"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from .models import PREPARATION_PHASES

        self.fields["phase"].choices = [(p.value, p.label) for p in PREPARATION_PHASES]


class TaskForm(forms.Form):
    title = forms.CharField(label=_("Taak"), max_length=200)
    owner = forms.ModelChoiceField(label=_("Verantwoordelijke"), queryset=None, required=False)
    due_on = DateField(label=_("Tegen"), required=False)
    milestone = forms.ModelChoiceField(label=_("Bij mijlpaal"), queryset=None, required=False)

    def __init__(self, *args, lab, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = get_user_model().objects.filter(pk__in=[p.pk for p in people])
        self.fields["owner"].label_from_instance = lambda u: u.get_full_name() or u.email
        self.fields["milestone"].queryset = lab.milestones.all()


class MessageForm(forms.Form):
    text = forms.CharField(label=_("Bericht"), max_length=5000, widget=forms.Textarea(attrs={"rows": 3}))


class DocumentForm(forms.Form):
    title = forms.CharField(label=_("Titel"), max_length=200, required=False)
    file = forms.FileField(label=_("Bestand"))


class SchoolForm(forms.Form):
    school = forms.ModelChoiceField(
        label=_("School"), queryset=Organisation.objects.filter(kind=OrganisationKind.SCHOOL, is_active=True)
    )
    vakgroep = forms.CharField(label=_("Vakgroep"), max_length=120, required=False)


class TeacherForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Leerkracht"), queryset=None)

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        from innovet.organisations.permissions import SCHOOL_STAFF_ROLES

        school_ids = lab.schools.filter(left_on__isnull=True).values_list("school_id", flat=True)
        self.fields["person"].queryset = (
            get_user_model()
            .objects.filter(
                memberships__organisation_id__in=school_ids,
                memberships__role__in=SCHOOL_STAFF_ROLES,
                is_active=True,
            )
            .exclude(lab_roles__lab=lab, lab_roles__left_on__isnull=True)
            .distinct()
            .order_by("last_name", "first_name")
        )
        self.fields["person"].label_from_instance = lambda u: u.get_full_name() or u.email


class PartnerForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Organisation.objects.filter(is_active=True)
        .exclude(kind__in=[OrganisationKind.SCHOOL])
        .order_by("name"),
    )
    role = forms.CharField(label=_("Rol in het lab"), max_length=200, required=False)


class CommitmentForm(forms.ModelForm):
    class Meta:
        model = Commitment
        fields = ["category", "description", "amount", "unit"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].queryset = terms("bedrijfsmiddel")
        self.fields["amount"].error_messages["min_value"] = _("De hoeveelheid kan niet negatief zijn.")


class CommitmentChangeForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=CommitmentStatus.choices, required=False)
    amount = forms.DecimalField(label=_("Hoeveelheid"), required=False, max_digits=10, decimal_places=2)


class LinkMaterialForm(forms.Form):
    material = forms.ModelChoiceField(label=_("Lesmateriaal"), queryset=None)

    def __init__(self, *args, materials, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["material"].queryset = materials


class ShowcaseForm(forms.Form):
    slot = forms.ModelChoiceField(label=_("Tijdsblok in het programma"), queryset=None)
    format = forms.ChoiceField(label=_("Vorm"), choices=ShowcaseFormat.choices)
    room = forms.CharField(label=_("Zaal of plaats van de stand"), max_length=120, required=False)

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"].queryset = slots
        self.fields["slot"].label_from_instance = lambda s: (
            f"{s.day.event.title} – {s.day.date:%d/%m/%Y} {s.starts:%H:%M}–{s.ends:%H:%M}"
            + (f" ({s.title})" if s.title else "")
        )


class PresentedForm(forms.Form):
    presenters = forms.ModelMultipleChoiceField(
        label=_("Wie presenteerde?"), queryset=None, widget=ChecklistSelectMultiple, required=False
    )

    def __init__(self, *args, lab, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["presenters"].queryset = get_user_model().objects.filter(lab_roles__lab=lab).distinct()
        self.fields["presenters"].label_from_instance = lambda u: u.get_full_name() or u.email


class JoinForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=None)
    motivation = forms.CharField(
        label=_("Waarom willen jullie aansluiten?"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = Organisation.objects.filter(pk__in=[s.pk for s in schools])
        if len(schools) == 1:
            self.fields["school"].initial = schools[0].pk


class IntakeForm(forms.Form):
    intake_on = DateField(label=_("Intake op"))
    intake_notes = forms.CharField(
        label=_("Verslag"), max_length=3000, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OnboardingForm(forms.Form):
    held_on = DateField(label=_("Datum"))
    topic = forms.CharField(label=_("Onderwerp"), max_length=200)
    hours = forms.DecimalField(label=_("Uren"), min_value=0, max_digits=5, decimal_places=2, initial=2)


class AdoptionStatusForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=AdoptionStatus.choices)


class FundingForm(forms.ModelForm):
    organisation = forms.ModelChoiceField(label=_("RTC"), queryset=Organisation.objects.none())

    class Meta:
        model = FundingOpportunity
        fields = ["organisation", "title", "description", "url", "deadline", "themes"]
        widgets = {
            "deadline": DateInput,
            "themes": ChecklistSelectMultiple,
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, organisations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisations])
        self.fields["themes"].queryset = terms("thema").select_related("parent")
        self.fields["themes"].required = True


class StopForm(forms.Form):
    reason = forms.CharField(label=_("Waarom stopt het lab?"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


UNIT_CHOICES = Unit.choices
