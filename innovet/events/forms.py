from django import forms
from django.utils.translation import gettext_lazy as _

from innovet.core.widgets import ChecklistSelectMultiple, DateInput, DateTimeLocalInput
from innovet.organisations.models import Organisation
from innovet.participation.models import ParticipationRole
from innovet.taxonomy.models import terms

from .models import Event, Session, SlotKind

DATE = DateInput()
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME = DateTimeLocalInput()


class EventForm(forms.ModelForm):
    organiser = forms.ModelChoiceField(label=_("Organisator"), queryset=Organisation.objects.none())

    class Meta:
        model = Event
        fields = [
            "organiser",
            "title",
            "kind",
            "summary",
            "description",
            "venue_name",
            "street",
            "postcode",
            "themes",
            "transition_priorities",
            "studiedomeinen",
            "graden",
            "onderwijsvormen",
            "waiting_list",
            "registration_closes_at",
            "cancellation_deadline",
            "ask_dietary",
            "ask_access",
            "contact_email",
            "offer",
            "reminder_days",
        ]
        widgets = {
            "registration_closes_at": DATETIME,
            "cancellation_deadline": DATETIME,
            "themes": forms.CheckboxSelectMultiple,
            "transition_priorities": forms.CheckboxSelectMultiple,
            "studiedomeinen": forms.CheckboxSelectMultiple,
            "graden": forms.CheckboxSelectMultiple,
            "onderwijsvormen": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, organisers=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organiser"].queryset = Organisation.objects.filter(pk__in=[o.pk for o in organisers])
        if len(organisers) == 1:  # an RTC's staff member: their own RTC, not '---------'
            self.fields["organiser"].initial = organisers[0].pk
        if self.instance.pk:
            del self.fields["organiser"]
        from innovet.catalogue.models import Offer

        owners = [self.instance.organiser_id] if self.instance.pk else [o.pk for o in organisers]
        self.fields["offer"].queryset = Offer.objects.filter(providers__in=owners).distinct().order_by("title")
        self.fields["offer"].help_text = _("Het aanbod toont dan 'Inschrijven via InnoVET' naar dit netwerkmoment.")
        self.fields["themes"].queryset = terms("thema").filter(parent__isnull=True)
        self.fields["transition_priorities"].queryset = terms("transitieprioriteit")
        self.fields["studiedomeinen"].queryset = terms("studiedomein")
        self.fields["graden"].queryset = terms("graad")
        self.fields["onderwijsvormen"].queryset = terms("onderwijsvorm")

    def _post_clean(self):
        # The service validates the model (postcode, deadlines); here only the form fields.
        pass


class DayForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE)
    title = forms.CharField(label=_("Naam van de dag"), required=False, max_length=120)


class HalfDayForm(forms.Form):
    date = forms.DateField(label=_("Datum"), widget=DATE)
    part = forms.ChoiceField(label=_("Dagdeel"), choices=[("voormiddag", _("Voormiddag")), ("namiddag", _("Namiddag"))])


class SlotForm(forms.Form):
    day = forms.IntegerField(widget=forms.HiddenInput)
    starts = forms.TimeField(label=_("Van"), widget=TIME)
    ends = forms.TimeField(label=_("Tot"), widget=TIME)
    kind = forms.ChoiceField(label=_("Soort blok"), choices=SlotKind.choices)
    title = forms.CharField(label=_("Naam van het blok"), required=False, max_length=120)


class SessionForm(forms.ModelForm):
    class Meta:
        model = Session
        fields = [
            "title",
            "description",
            "theme",
            "transition_priority",
            "speakers",
            "partners",
            "stakeholder",
            "room",
            "capacity",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 2}), "partners": ChecklistSelectMultiple}

    @staticmethod
    def partner_queryset():
        return Organisation.objects.exclude(kind="school").filter(is_active=True).order_by("name")

    @classmethod
    def shared_choices(cls):
        """The lists read once for every block's form on the builder page."""
        return {
            "theme": [("", "---------")] + [(t.pk, str(t)) for t in terms("thema").select_related("parent")],
            "transition_priority": [("", "---------")] + [(t.pk, str(t)) for t in terms("transitieprioriteit")],
            "partners": [(o.pk, o.name) for o in cls.partner_queryset()],
        }

    def __init__(self, *args, choices=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].queryset = terms("thema").select_related("parent")
        self.fields["transition_priority"].queryset = terms("transitieprioriteit")
        self.fields["partners"].queryset = self.partner_queryset()
        for name, values in (choices or {}).items():
            self.fields[name].choices = values
        self.fields["partners"].required = False

    def _post_clean(self):
        pass


class RegistrationForm(forms.Form):
    """One choice per parallel block; plenary blocks are always included."""

    dietary_needs = forms.CharField(label=_("Voedingswensen"), required=False, max_length=200)
    access_needs = forms.CharField(label=_("Toegankelijkheid (bv. rolstoel, tolk)"), required=False, max_length=200)

    def __init__(self, *args, event, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.slot_fields = []
        for day in programme:
            for item in day["slots"]:
                slot = item["slot"]
                if slot.is_plenary or not item["sessions"]:
                    continue
                name = f"slot_{slot.pk}"
                choices = [("", _("Geen sessie in dit blok"))]
                for s in item["sessions"]:
                    if s.capacity is not None and s.free == 0:
                        note = _("volzet: wachtlijst") if event.waiting_list else _("volzet")
                    elif s.capacity is not None:
                        note = _("%(n)d vrij") % {"n": s.free}
                    else:
                        note = ""
                    label = f"{s.title}" + (f" ({note})" if note else "")
                    choices.append((str(s.pk), label))
                self.fields[name] = forms.ChoiceField(
                    label=f"{day['day'].date:%d/%m} {slot.starts:%H:%M}–{slot.ends:%H:%M} {slot.title}".strip(),
                    choices=choices,
                    required=False,
                    widget=forms.RadioSelect,
                )
                self.slot_fields.append(name)
        if not event.ask_dietary:
            del self.fields["dietary_needs"]
        if not event.ask_access:
            del self.fields["access_needs"]

    def session_ids(self):
        return [int(self.cleaned_data[n]) for n in self.slot_fields if self.cleaned_data.get(n)]


class TeamForm(RegistrationForm):
    colleagues = forms.MultipleChoiceField(label=_("Collega's"), widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, colleagues=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["colleagues"].choices = [(str(u.pk), f"{u.get_full_name()} ({u.email})") for u in colleagues]
        self.fields.pop("dietary_needs", None)
        self.fields.pop("access_needs", None)


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(choices=[("goedkeuren", _("Goedkeuren")), ("weigeren", _("Weigeren"))])
    reason = forms.CharField(label=_("Reden (verplicht bij weigeren)"), required=False, max_length=300)


ROLE_CHOICES = ParticipationRole.choices
