from django import forms
from django.utils.translation import gettext_lazy as _

from innovet.organisations.models import Organisation

CHECKLIST_HELP = _(
    "Eén punt per regel, met de stap ervoor: ‘controle:’, ‘ophalen:’ of ‘overdracht:’. Elke stap heeft "
    "minstens één punt. Leeg: de standaardchecklist."
)


class SetForm(forms.Form):
    owner = forms.ModelChoiceField(label=_("Eigenaar"), queryset=Organisation.objects.none())
    name = forms.CharField(
        label=_("Naam"), max_length=200, help_text=_("Bijvoorbeeld: Diagnosewagen met testapparatuur.")
    )
    description = forms.CharField(label=_("Omschrijving"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    rotation_months = forms.IntegerField(label=_("Maanden per school"), min_value=1, max_value=24, initial=5)
    conditions = forms.CharField(label=_("Voorwaarden"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    requires_training = forms.BooleanField(label=_("Train-the-trainer verplicht"), required=False)
    checklist = forms.CharField(
        label=_("Overdrachtschecklist"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=CHECKLIST_HELP,
    )
    is_active = forms.BooleanField(label=_("Actief (scholen kunnen aanvragen)"), required=False, initial=True)

    def __init__(self, *args, owners=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["owner"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in owners])
        if len(owners) == 1:
            self.fields["owner"].initial = owners[0].pk


class ApplyForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=Organisation.objects.none())
    motivation = forms.CharField(
        label=_("Waarom wil je school deze uitrusting?"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    trained = forms.BooleanField(label=_("Een leerkracht volgde de train-the-trainer"), required=False)

    def __init__(self, *args, schools=(), equipment=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = Organisation.objects.filter(pk__in=[s.pk for s in schools])
        if len(schools) == 1:
            self.fields["school"].initial = schools[0].pk
        if equipment is not None and not equipment.requires_training:
            del self.fields["trained"]
