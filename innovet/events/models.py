"""Netwerkmomenten: events with a programme (days, time slots, plenary and parallel sessions), registrations
with capacity, waiting list and approval, tickets and check-in.

A registration (the ticket) belongs to one person for one event; it holds one booking per chosen session.
Capacity and waiting lists are per session: a booking is confirmed or waitlisted under a row lock on its
session (``services.register``), so concurrent registrations never sell a seat twice and the waiting list
keeps arrival order (booking id).
"""

import secrets
from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from innovet.catalogue.models import within_school_hours
from innovet.taxonomy.models import term_fk, term_m2m


def needs_substitution(starts_at, ends_at):
    """Within school hours on a school day; Wednesday afternoon has no lessons (the study: a team can come)."""
    local = timezone.localtime(starts_at)
    if local.weekday() == 2 and local.hour >= 12:
        return False
    return within_school_hours(starts_at, ends_at)


class EventKind(models.TextChoices):
    KICKOFF = "kick-off", _("Kick-off (regionaal netwerkmoment)")
    NETWORK = "netwerkmoment", _("Netwerkmoment")
    LAB = "innovatielab", _("Innovatielab-evenement")
    INFO = "infosessie", _("Infosessie")
    TRAINING = "opleidingsdag", _("Opleidingsdag")


# The catalogue's kind (vocabulary 'aanbodsoort') each event kind is found under in the search.
CATALOGUE_KIND = {
    EventKind.KICKOFF: "netwerkmoment",
    EventKind.NETWORK: "netwerkmoment",
    EventKind.LAB: "netwerkmoment",
    EventKind.INFO: "lezing",
    EventKind.TRAINING: "opleiding",
}


MAX_REMINDER_DAYS = 30


def default_reminder_days():
    """The lead time of the reminder for a new event: the platform's setting (INNOVET_EVENT_REMINDER_DAYS)."""
    return settings.EVENT_REMINDER_DAYS


class StakeholderSlot(models.TextChoices):
    """Who the study's kick-off gives the floor (scenario step 1): the sectors, the speerpuntclusters and
    innovative company networks, the sectoral training centres (SOC's), VDAB (Competent, school leavers)
    and the pedagogical advisers. A session fills a slot when the organiser marks it so, or — except for
    the SOC's, which are sector organisations too — when one of its partners is of that kind."""

    SECTOR = "sector", _("Sector")
    CLUSTER = "speerpuntcluster", _("Speerpuntcluster of innovatief bedrijfsnetwerk")
    SOC = "soc", _("Sectoraal opleidingscentrum (SOC)")
    VDAB = "vdab", _("VDAB (Competent, schoolverlaters)")
    PBD = "pbd", _("Pedagogische begeleiding")


# The organisation kinds (organisations.OrganisationKind values) that fill a slot as a session's partner.
SLOT_OF_PARTNER_KIND = {
    "sector": StakeholderSlot.SECTOR,
    "cluster": StakeholderSlot.CLUSTER,
    "vdab": StakeholderSlot.VDAB,
    "pbd": StakeholderSlot.PBD,
}


class EventStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
    CANCELLED = "geannuleerd", _("Geannuleerd")


class EventQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=EventStatus.PUBLISHED)


class Event(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    kind = models.CharField(_("soort"), max_length=20, choices=EventKind.choices, default=EventKind.NETWORK)
    summary = models.CharField(_("korte omschrijving"), max_length=300)
    description = models.TextField(_("omschrijving"), blank=True)
    organiser = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisator"),
        on_delete=models.PROTECT,
        related_name="organised_events",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=EventStatus.choices, default=EventStatus.DRAFT, db_index=True
    )
    # Venue: the postcode gives municipality, province and coordinates (geo).
    venue_name = models.CharField(_("locatie"), max_length=200)
    street = models.CharField(_("straat en nummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4)
    municipality = models.CharField(_("gemeente"), max_length=160, blank=True)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("provincie"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    # An offer in the catalogue whose sessions are organised here: its page offers this registration.
    offer = models.ForeignKey(
        "catalogue.Offer",
        verbose_name=_("aanbod in de catalogus"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="innovet_events",
    )
    themes = term_m2m("thema", _("innovatiethema's"), related_name="events_by_theme")
    transition_priorities = term_m2m("transitieprioriteit", _("transitieprioriteiten Visie 2050"), related_name="+")
    studiedomeinen = term_m2m("studiedomein", _("studiedomeinen"), related_name="+")
    graden = term_m2m("graad", _("graden"), related_name="+")
    onderwijsvormen = term_m2m("onderwijsvorm", _("onderwijsvormen"), related_name="+")
    # Registration rules
    waiting_list = models.BooleanField(_("wachtlijst als een sessie volzet is"), default=True)
    registration_closes_at = models.DateTimeField(_("inschrijven kan tot"), null=True, blank=True)
    cancellation_deadline = models.DateTimeField(_("annuleren kan tot"), null=True, blank=True)
    ask_dietary = models.BooleanField(_("vraag naar voedingswensen"), default=False)
    ask_access = models.BooleanField(_("vraag naar toegankelijkheidsnoden"), default=False)
    contact_email = models.EmailField(_("e-mail voor vragen"), blank=True)
    reminder_days = models.PositiveSmallIntegerField(
        _("herinnering (dagen vooraf)"),
        default=default_reminder_days,
        validators=[
            MaxValueValidator(
                MAX_REMINDER_DAYS,
                message=_("Een herinnering kan ten vroegste %(limit_value)s dagen vooraf vertrekken."),
            )
        ],
        help_text=_(
            "Zoveel dagen voor de eerste sessie krijgen de ingeschrevenen een herinnering met de agenda-afspraak. "
            "0 = geen herinnering."
        ),
    )
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("netwerkmoment")
        verbose_name_plural = _("netwerkmomenten")
        indexes = [models.Index(fields=["status", "province"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def slug(self):
        return slugify(self.title)[:80] or "netwerkmoment"

    @property
    def is_published(self):
        return self.status == EventStatus.PUBLISHED

    @property
    def is_kickoff(self):
        return self.kind == EventKind.KICKOFF

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def address(self):
        place = f"{self.postcode} {self.municipality}".strip()
        return ", ".join(p for p in (self.venue_name, self.street, place) if p)


class EventDay(models.Model):
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("datum"))
    title = models.CharField(_("naam van de dag"), max_length=120, blank=True, help_text=_("bv. Terugkommoment"))

    class Meta:
        ordering = ["date"]
        verbose_name = _("dag")
        verbose_name_plural = _("dagen")
        constraints = [models.UniqueConstraint(fields=["event", "date"], name="events_one_day_per_date")]

    def __str__(self):
        return f"{self.event} – {self.date:%d/%m/%Y}"


class SlotKind(models.TextChoices):
    PLENARY = "plenair", _("Plenair")
    PARALLEL = "parallel", _("Parallelle sessies")


class TimeSlot(models.Model):
    day = models.ForeignKey(EventDay, on_delete=models.CASCADE, related_name="slots")
    starts = models.TimeField(_("begint om"))
    ends = models.TimeField(_("eindigt om"))
    kind = models.CharField(_("soort blok"), max_length=10, choices=SlotKind.choices, default=SlotKind.PARALLEL)
    title = models.CharField(_("naam van het blok"), max_length=120, blank=True)

    class Meta:
        ordering = ["day__date", "starts", "id"]
        verbose_name = _("tijdsblok")
        verbose_name_plural = _("tijdsblokken")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends__gt=models.F("starts")), name="events_slot_order")
        ]

    def __str__(self):
        return f"{self.day.date:%d/%m} {self.starts:%H:%M}–{self.ends:%H:%M}"

    def _aware(self, t):
        return timezone.make_aware(datetime.combine(self.day.date, t))

    @property
    def starts_at(self):
        return self._aware(self.starts)

    @property
    def ends_at(self):
        return self._aware(self.ends)

    @property
    def is_plenary(self):
        return self.kind == SlotKind.PLENARY

    @property
    def hours(self):
        minutes = (
            datetime.combine(self.day.date, self.ends) - datetime.combine(self.day.date, self.starts)
        ).seconds / 60
        return (Decimal(minutes) / 60).quantize(Decimal("0.01"))


class Session(models.Model):
    slot = models.ForeignKey(TimeSlot, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    theme = term_fk("thema", _("thema"))
    transition_priority = term_fk("transitieprioriteit", _("transitieprioriteit"))
    speakers = models.CharField(_("sprekers"), max_length=300, blank=True)
    partners = models.ManyToManyField(
        "organisations.Organisation", verbose_name=_("partnerorganisaties"), blank=True, related_name="event_sessions"
    )
    room = models.CharField(_("zaal"), max_length=120, blank=True)
    stakeholder = models.CharField(
        _("stakeholderslot van de kick-off"),
        max_length=20,
        choices=StakeholderSlot.choices,
        blank=True,
        help_text=_("Wie deze sessie brengt, voor het programma van een kick-off (de partners tellen ook mee)."),
    )
    capacity = models.PositiveIntegerField(
        _("aantal plaatsen"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=_("Het aantal plaatsen is minstens 1 (laat leeg als onbeperkt)."))],
    )
    sequence = models.PositiveIntegerField(default=0, editable=False)  # iCalendar SEQUENCE: bumps on a move

    class Meta:
        ordering = ["slot__day__date", "slot__starts", "id"]
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")

    def __str__(self):
        return self.title

    @property
    def event(self):
        return self.slot.day.event

    @property
    def starts_at(self):
        return self.slot.starts_at

    @property
    def ends_at(self):
        return self.slot.ends_at

    @property
    def needs_substitution(self):
        return needs_substitution(self.starts_at, self.ends_at)


class SchoolPolicy(models.Model):
    """A school's rule: registrations during school hours need the director's (or TAC's) approval."""

    school = models.OneToOneField("organisations.Organisation", on_delete=models.CASCADE, related_name="event_policy")
    approval_for_school_hours = models.BooleanField(
        _("goedkeuring nodig voor inschrijvingen tijdens de schooluren"), default=True
    )

    class Meta:
        verbose_name = _("schoolregel voor inschrijvingen")
        verbose_name_plural = _("schoolregels voor inschrijvingen")

    def __str__(self):
        return str(self.school)


def new_ticket_code():
    # 10 characters without look-alikes (0/O, 1/I/L): easy to type at the door.
    alphabet = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(10))


class Approval(models.TextChoices):
    NOT_NEEDED = "niet-nodig", _("Niet nodig")
    PENDING = "aangevraagd", _("Wacht op goedkeuring")
    APPROVED = "goedgekeurd", _("Goedgekeurd")
    DECLINED = "geweigerd", _("Geweigerd")


class Registration(models.Model):
    """One person's registration (ticket) for an event."""

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="event_registrations"
    )
    school = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="event_registrations",
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    ticket_code = models.CharField(max_length=12, unique=True, default=new_ticket_code, editable=False)
    needs_substitution = models.BooleanField(_("vervanging nodig"), default=False)
    approval = models.CharField(_("goedkeuring"), max_length=20, choices=Approval.choices, default=Approval.NOT_NEEDED)
    approval_reason = models.CharField(_("reden"), max_length=300, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    dietary_needs = models.CharField(_("voedingswensen"), max_length=200, blank=True)
    access_needs = models.CharField(_("toegankelijkheid"), max_length=200, blank=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    checked_in_at = models.DateTimeField(_("ingecheckt om"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("inschrijving")
        verbose_name_plural = _("inschrijvingen")
        constraints = [
            # One active registration per person and event (a cancelled one may be followed by a new one).
            models.UniqueConstraint(
                fields=["event", "person"],
                condition=models.Q(cancelled_at__isnull=True),
                name="events_one_registration_per_person",
            )
        ]

    def __str__(self):
        return f"{self.person} – {self.event}"

    def get_absolute_url(self):
        return reverse("events:ticket", kwargs={"code": self.ticket_code})

    @property
    def is_active(self):
        return self.cancelled_at is None and self.approval != Approval.DECLINED


class BookingStatus(models.TextChoices):
    CONFIRMED = "bevestigd", _("Bevestigd")
    WAITLISTED = "wachtlijst", _("Op de wachtlijst")
    CANCELLED = "geannuleerd", _("Geannuleerd")


class Booking(models.Model):
    """A seat (or a place on the waiting list) in one session, for one registration."""

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="bookings")
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="bookings")
    status = models.CharField(_("status"), max_length=20, choices=BookingStatus.choices, db_index=True)
    promoted_at = models.DateTimeField(_("van de wachtlijst gehaald op"), null=True, blank=True)
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)
    role = models.CharField(_("rol"), max_length=20, default="bezoeker")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # id order is arrival order: bookings of one session are inserted under its row lock.
        ordering = ["id"]
        verbose_name = _("plaats")
        verbose_name_plural = _("plaatsen")
        indexes = [models.Index(fields=["session", "status"])]

    def __str__(self):
        return f"{self.registration} – {self.session} ({self.get_status_display()})"
