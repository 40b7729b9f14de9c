from django import forms
from django.utils.translation import gettext_lazy as _

from innovet.core.widgets import ChecklistSelectMultiple, DateField, DateInput
from innovet.geo.models import Province
from innovet.organisations.models import Organisation
from innovet.taxonomy.models import terms

from .models import Fit, SubstitutionOffer

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class OfferForm(forms.ModelForm):
    provider = forms.ModelChoiceField(label=_("Aanbieder"), queryset=Organisation.objects.none())

    class Meta:
        model = SubstitutionOffer
        fields = [
            "provider",
            "kind",
            "title",
            "description",
            "provinces",
            "studiedomeinen",
            "subjects",
            "graden",
            "onderwijsvormen",
            "conditions",
            "free",
            "cost_note",
            "max_hours_per_day",
            "available_from",
            "available_until",
            "lead_days",
            "contact_email",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 4}),
            "conditions": forms.Textarea(attrs={"rows": 3}),
            "provinces": ChecklistSelectMultiple,
            "studiedomeinen": ChecklistSelectMultiple,
            "graden": ChecklistSelectMultiple,
            "onderwijsvormen": ChecklistSelectMultiple,
            "available_from": DateInput,
            "available_until": DateInput,
        }
        field_classes = {"available_from": DateField, "available_until": DateField}

    def __init__(self, *args, providers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["provider"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in providers])
        if len(providers) == 1:
            self.fields["provider"].initial = providers[0].pk
        if self.instance.pk:
            del self.fields["provider"]
        self.fields["provinces"].queryset = Province.objects.filter(in_scope=True).order_by("name")
        self.fields["provinces"].help_text = _("Niets aangevinkt: heel Vlaanderen en Brussel.")
        self.fields["studiedomeinen"].queryset = terms("studiedomein")
        self.fields["graden"].queryset = terms("graad")
        self.fields["onderwijsvormen"].queryset = terms("onderwijsvorm")

    def _post_clean(self):
        # The service validates the model; here only the form fields.
        pass


class FitForm(forms.Form):
    fit = forms.ChoiceField(label=_("Aansluiting bij het leerplan"), choices=Fit.choices, widget=forms.RadioSelect)
    leerplan = forms.CharField(label=_("Leerplan(doelen)"), required=False, max_length=300)
    comment = forms.CharField(label=_("Toelichting"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RequestForm(forms.Form):
    starts_on = DateField(label=_("Eerste dag"))
    ends_on = DateField(label=_("Laatste dag"))
    start_time = forms.TimeField(label=_("Van (uur)"), widget=TIME)
    end_time = forms.TimeField(label=_("Tot (uur)"), widget=TIME)
    studiedomein = forms.ModelChoiceField(
        label=_("Studiedomein van de lessen"), queryset=terms("studiedomein"), required=False
    )
    graad = forms.ModelChoiceField(label=_("Graad van de leerlingen"), queryset=terms("graad"), required=False)
    subject = forms.CharField(label=_("Vak"), required=False, max_length=200)
    class_group = forms.CharField(label=_("Klas"), required=False, max_length=60)
    notes = forms.CharField(label=_("Opmerkingen"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(choices=[("ja", _("Ja")), ("nee", _("Nee"))])
    reason = forms.CharField(label=_("Reden"), required=False, max_length=500)
