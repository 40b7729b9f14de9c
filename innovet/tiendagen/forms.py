from datetime import date, timedelta

from django import forms
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from innovet.core.widgets import ChecklistSelectMultiple, DateField
from innovet.taxonomy.models import terms

from .eligibility import MAX_DAYS_PER_SCHOOL_YEAR
from .models import TRACK_CHOICES, Availability, BookedDay, Infrastructure, Training

TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
WEEKDAYS = ["ma", "di", "wo", "do", "vr", "za", "zo"]


def free_days(training, horizon_days=240):
    """The bookable days of a training's infrastructure: weekdays in its available periods, from tomorrow,
    not yet confirmed to another class."""
    today = timezone.localdate()
    until = today + timedelta(days=horizon_days)
    periods = Availability.objects.filter(
        infrastructure=training.infrastructure_id, ends_on__gt=today, starts_on__lte=until
    )
    taken = set(
        BookedDay.objects.filter(infrastructure=training.infrastructure_id, confirmed=True, day__gt=today).values_list(
            "day", flat=True
        )
    )
    days = set()
    for p in periods:
        d = max(p.starts_on, today + timedelta(days=1))
        while d <= min(p.ends_on, until):
            if d.weekday() < 5 and d not in taken:
                days.add(d)
            d += timedelta(days=1)
    return sorted(days)


def day_label(d):
    return f"{WEEKDAYS[d.weekday()]} {formats.date_format(d, 'SHORT_DATE_FORMAT')}"


class RequestForm(forms.Form):
    class_name = forms.CharField(
        label=_("Klas"), max_length=60, help_text=_("Bijvoorbeeld 6 EM of 7 BSO elektriciteit.")
    )
    track = forms.ChoiceField(label=_("Onderwijsvorm"), choices=[("", "---------")] + TRACK_CHOICES)
    grade = forms.TypedChoiceField(
        label=_("Graad"),
        choices=[("", _("niet van toepassing")), (1, _("1ste graad")), (2, _("2de graad")), (3, _("3de graad"))],
        coerce=int,
        empty_value=None,
        required=False,
    )
    year = forms.TypedChoiceField(
        label=_("Leerjaar"),
        choices=[("", _("niet van toepassing"))] + [(i, _("%(n)sde leerjaar") % {"n": i}) for i in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
        help_text=_("Binnen de graad (1–3); voor OV3 het leerjaar van 1 tot 5."),
    )
    studiedomein = forms.ModelChoiceField(label=_("Studiedomein van de klas"), queryset=terms("studiedomein"))
    studierichting = forms.CharField(label=_("Studierichting van de klas"), max_length=160)
    pupils = forms.IntegerField(label=_("Aantal leerlingen"), min_value=1, max_value=200)
    days = forms.TypedMultipleChoiceField(
        label=_("Lesdagen"),
        widget=ChecklistSelectMultiple,
        coerce=date.fromisoformat,
        help_text=_("Vrije dagen van de infrastructuur. Maximaal %(max)d dagen per leerkracht per schooljaar.")
        % {"max": MAX_DAYS_PER_SCHOOL_YEAR},
    )
    note = forms.CharField(
        label=_("Toelichting voor het RTC en het centrum"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    school = forms.ModelChoiceField(label=_("School"), queryset=None)

    def __init__(self, *args, training, schools, **kwargs):
        super().__init__(*args, **kwargs)
        from innovet.organisations.models import Organisation

        self.training = training
        self.fields["school"].queryset = Organisation.objects.filter(pk__in=[s.pk for s in schools])
        if len(schools) == 1:
            self.fields["school"].initial = schools[0].pk
        self.fields["days"].choices = [(d.isoformat(), day_label(d)) for d in free_days(training)]
        if training.field_list:
            self.fields["studierichting"].help_text = _("Deze opleiding past bij: %(fields)s.") % {
                "fields": ", ".join(training.field_list)
            }

    def clean_days(self):
        days = self.cleaned_data["days"]
        if len(days) > MAX_DAYS_PER_SCHOOL_YEAR:
            raise forms.ValidationError(
                _("Je koos %(n)d dagen; per leerkracht kan dat maximaal %(max)d dagen per schooljaar.")
                % {"n": len(days), "max": MAX_DAYS_PER_SCHOOL_YEAR}
            )
        return days


class TrainingForm(forms.ModelForm):
    class Meta:
        model = Training
        fields = ["title", "description", "infrastructure", "studiedomeinen", "studierichtingen", "is_active"]
        widgets = {"studiedomeinen": ChecklistSelectMultiple, "description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["infrastructure"].queryset = Infrastructure.objects.filter(centre=centre)
        self.fields["studiedomeinen"].queryset = terms("studiedomein")


class InfrastructureForm(forms.Form):
    name = forms.CharField(label=_("Naam van de infrastructuur"), max_length=200)
    capacity = forms.IntegerField(label=_("Aantal leerlingen"), min_value=1, max_value=200, initial=16)


class AvailabilityForm(forms.Form):
    infrastructure = forms.ModelChoiceField(label=_("Infrastructuur"), queryset=None)
    starts_on = DateField(label=_("Vrij vanaf"))
    ends_on = DateField(label=_("Tot en met"))
    note = forms.CharField(label=_("Opmerking"), max_length=200, required=False)

    def __init__(self, *args, centre, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["infrastructure"].queryset = Infrastructure.objects.filter(centre=centre)

    def clean(self):
        data = super().clean()
        if data.get("starts_on") and data.get("ends_on") and data["ends_on"] < data["starts_on"]:
            self.add_error("ends_on", _("Het einde van de periode ligt vóór het begin."))
        return data


class WegwijsForm(forms.Form):
    day = DateField(label=_("Datum van de wegwijssessie"))
    starts_at = forms.TimeField(label=_("Van"), widget=TIME, initial="14:00")
    ends_at = forms.TimeField(label=_("Tot"), widget=TIME, initial="16:00")
    capacity = forms.IntegerField(label=_("Plaatsen"), min_value=1, max_value=500, initial=20)


class DecisionForm(forms.Form):
    reason = forms.CharField(label=_("Reden (de leerkracht leest ze)"), widget=forms.Textarea(attrs={"rows": 2}))
