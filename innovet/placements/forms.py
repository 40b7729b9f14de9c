from django import forms
from django.utils.translation import gettext_lazy as _

from innovet.core.widgets import ChecklistSelectMultiple, DateField
from innovet.organisations.models import Organisation
from innovet.taxonomy.models import terms

from .models import HybridAvailability, PlacementPeriod, PlacementPlace


class PlaceForm(forms.ModelForm):
    company = forms.ModelChoiceField(label=_("Bedrijf of organisatie"), queryset=Organisation.objects.none())

    class Meta:
        model = PlacementPlace
        fields = [
            "company",
            "kind",
            "title",
            "active_role",
            "description",
            "themes",
            "studiedomein",
            "location_name",
            "street",
            "postcode",
            "duration_days",
            "spread",
            "hours_per_day",
            "places",
            "return_day",
            "follow_up",
            "contact_name",
            "contact_email",
            "contact_phone",
            "insurance_note",
        ]
        widgets = {
            "themes": ChecklistSelectMultiple,
            "active_role": forms.Textarea(attrs={"rows": 4}),
            "description": forms.Textarea(attrs={"rows": 4}),
            "insurance_note": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args, companies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["company"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in companies])
        if len(companies) == 1:
            self.fields["company"].initial = companies[0].pk
        if self.instance.pk:
            del self.fields["company"]
        self.fields["themes"].queryset = terms("thema").select_related("parent").order_by("parent__label", "label")
        self.fields["studiedomein"].queryset = terms("studiedomein")
        self.fields["studiedomein"].required = True
        self.fields["active_role"].required = True
        self.fields["active_role"].error_messages["required"] = _(
            "Beschrijf wat de leerkracht doet: een stage met een actieve rol is verplicht."
        )

    def _post_clean(self):
        # The service validates the model (postcode, active role, numbers); here only the form fields.
        pass


class PeriodForm(forms.Form):
    starts_on = DateField(label=_("Van"), required=False)
    ends_on = DateField(label=_("Tot en met"), required=False)
    note = forms.CharField(label=_("Opmerking"), required=False, max_length=200)


PeriodFormSet = forms.formset_factory(PeriodForm, extra=2, max_num=12)


def period_initial(place):
    return [{"starts_on": p.starts_on, "ends_on": p.ends_on, "note": p.note} for p in place.periods.all()]


class ApplicationForm(forms.Form):
    period = forms.ModelChoiceField(label=_("Periode"), queryset=PlacementPeriod.objects.none(), empty_label=None)
    starts_on = DateField(label=_("Eerste dag"))
    ends_on = DateField(label=_("Laatste dag"))
    school = forms.ModelChoiceField(label=_("School"), queryset=Organisation.objects.none(), empty_label=None)
    motivation = forms.CharField(
        label=_("Motivatie"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Wat wil je leren, en hoe breng je het mee naar je lessen? Alleen het bedrijf en je school lezen dit."
        ),
    )

    def __init__(self, *args, place, schools, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = PlacementPeriod.objects.filter(pk__in=[p.pk for p in periods]).order_by(
            "starts_on"
        )
        self.fields["school"].queryset = Organisation.objects.filter(pk__in=[s.pk for s in schools])
        if len(schools) <= 1:
            self.fields["school"].widget = forms.HiddenInput()
            if schools:
                self.fields["school"].initial = schools[0].pk


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("ja", _("Ja")), ("nee", _("Nee"))])
    reason = forms.CharField(label=_("Reden"), required=False, max_length=500)
    tasks = forms.CharField(label=_("Afgesproken taken"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class ReflectionForm(forms.Form):
    reflection = forms.CharField(
        label=_("Wat neem je mee naar de klas?"),
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Een korte reflectie: wat heb je gezien en gedaan, en wat verandert er in je lessen?"),
    )


class HybridProfileForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=Organisation.objects.none(), empty_label=None)
    company = forms.ModelChoiceField(
        label=_("Bedrijf (als het op het platform staat)"), queryset=Organisation.objects.none(), required=False
    )
    company_name = forms.CharField(label=_("Of: naam van het bedrijf"), required=False, max_length=200)
    job_in_company = forms.CharField(label=_("Functie in het bedrijf"), max_length=200)
    subjects = forms.CharField(label=_("Vakken op school"), max_length=300)
    school_share = forms.IntegerField(label=_("Deel op school (%)"), min_value=10, max_value=90, initial=50)
    studiedomeinen = forms.ModelMultipleChoiceField(
        label=_("Studiedomeinen"), queryset=terms("studiedomein"), required=False, widget=ChecklistSelectMultiple
    )
    themes = forms.ModelMultipleChoiceField(
        label=_("Expertise (thema's)"), queryset=terms("thema"), required=False, widget=ChecklistSelectMultiple
    )
    available_for = forms.MultipleChoiceField(
        label=_("Beschikbaar voor"),
        choices=HybridAvailability.choices,
        required=False,
        widget=ChecklistSelectMultiple,
    )
    about = forms.CharField(label=_("Over mij"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    is_visible = forms.BooleanField(label=_("Vindbaar voor scholen en bedrijven"), required=False, initial=True)

    def __init__(self, *args, schools=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = Organisation.objects.filter(pk__in=[s.pk for s in schools])
        self.fields["company"].queryset = Organisation.objects.filter(kind="bedrijf", is_active=True).order_by("name")
        self.fields["themes"].queryset = terms("thema").select_related("parent").order_by("parent__label", "label")
