from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovet.core.widgets import ChecklistSelectMultiple
from innovet.taxonomy.models import terms

from .models import DEFAULT_THRESHOLD, current_school_year


def _money(label, required=True, help_text=""):
    return forms.DecimalField(
        label=label,
        required=required,
        max_digits=10,
        decimal_places=2,
        localize=True,
        help_text=help_text,
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
        error_messages={"invalid": _("Geef een bedrag in euro, bv. 85 of 85,50.")},
    )


def school_year_choices(today=None):
    today = today or timezone.localdate()
    this = current_school_year(today)
    following = current_school_year(today + timedelta(days=366))
    return [(this, this), (following, following)]


class BudgetForm(forms.Form):
    school_year = forms.ChoiceField(label=_("Schooljaar"))
    amount = _money(_("Budget voor nascholing (€)"))
    approval_threshold = _money(
        _("Goedkeuring nodig boven (€)"),
        help_text=_("Kosten tot dit bedrag worden meteen vastgelegd; duurdere keur je zelf goed."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school_year"].choices = school_year_choices()
        self.fields["approval_threshold"].initial = DEFAULT_THRESHOLD


class AllocationForm(forms.Form):
    person = forms.ModelChoiceField(label=_("Leerkracht"), queryset=None, required=False, empty_label=_("— geen —"))
    vakgroep = forms.CharField(label=_("of vakgroep"), max_length=120, required=False, help_text=_("bv. elektriciteit"))
    amount = _money(_("Bedrag (€)"), help_text=_("0 haalt het deelbudget weg."))

    def __init__(self, *args, members=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members
        self.fields["person"].label_from_instance = lambda u: u.get_full_name() or u.email


class CostForm(forms.Form):
    title = forms.CharField(label=_("Omschrijving"), max_length=300)
    amount = _money(_("Bedrag (€)"))
    person = forms.ModelChoiceField(label=_("Leerkracht"), queryset=None, required=False, empty_label=_("— het team —"))
    vakgroep = forms.CharField(label=_("Vakgroep"), max_length=120, required=False)
    theme = forms.ModelChoiceField(label=_("Thema"), queryset=None, required=False, empty_label=_("— geen —"))
    priority = forms.ModelChoiceField(
        label=_("Prioriteit in het nascholingsplan"), queryset=None, required=False, empty_label=_("— geen —")
    )
    offer = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, members=None, priorities=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = members
        self.fields["person"].label_from_instance = lambda u: u.get_full_name() or u.email
        self.fields["theme"].queryset = terms("thema")
        self.fields["priority"].queryset = priorities


class PlanForm(forms.Form):
    introduction = forms.CharField(
        label=_("Toelichting bij het plan"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PriorityForm(forms.Form):
    title = forms.CharField(label=_("Prioriteit"), max_length=200, help_text=_("bv. 'Warmtepompen in de derde graad'"))
    description = forms.CharField(
        label=_("Toelichting"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )
    theme = forms.ModelChoiceField(label=_("Thema"), queryset=None, required=False, empty_label=_("— geen —"))
    needs = forms.ModelMultipleChoiceField(
        label=_("Noden van de school (matchmaking)"), queryset=None, required=False, widget=ChecklistSelectMultiple
    )

    def __init__(self, *args, needs=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = terms("thema")
        self.fields["needs"].queryset = needs


class PriorityEditForm(PriorityForm):
    outcome = forms.CharField(
        label=_("Wat is er gebeurd (terugblik)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CloseYearForm(forms.Form):
    review = forms.CharField(
        label=_("Terugblik op het schooljaar"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Wat is er gedaan, wat werkte, wat nemen jullie mee naar volgend jaar? "
            "Na het afsluiten kan niets meer wijzigen."
        ),
    )
