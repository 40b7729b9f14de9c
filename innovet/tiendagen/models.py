"""VDAB 10-dagenregeling: training centres publish opleidingen and when their infrastructure is free; a
teacher asks, through the RTC of the school's province, for up to 10 days of practical lessons with a
class; the RTC forwards; the centre confirms the days.

Double booking is guarded twice: ``services.confirm_request`` locks the infrastructure row and checks the
days, and ``tiendagen_one_confirmed_day`` (a partial unique index on infrastructure and date for confirmed
days) is the backstop. A teacher's wegwijssessie (the centre's free intake session) is a registration on a
``WegwijsSession``; confirmed attendance goes to the participation ledger.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovet.taxonomy.models import term_fk, term_m2m

from .eligibility import Track

TRACK_CHOICES = [
    (Track.TSO, _("TSO")),
    (Track.BSO, _("BSO")),
    (Track.SENSE, _("Se-n-Se (TSO)")),
    (Track.OV3, _("BuSO opleidingsvorm 3 (OV3)")),
    (Track.OV3_INTEGRATION, _("ABO / integratiefase OV3")),
    (Track.DBSO, _("DBSO (duaal)")),
    (Track.LEERTIJD, _("Leertijd")),
    (Track.ASO, _("ASO")),
    (Track.KSO, _("KSO")),
]
TRACK_LABELS = dict(TRACK_CHOICES)


class Infrastructure(models.Model):
    """A workshop, lab or machine park of a VDAB centre: the unit that can be booked once per day."""

    centre = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("VDAB-centrum"),
        on_delete=models.CASCADE,
        related_name="tiendagen_infrastructure",
        limit_choices_to={"kind": "vdab"},
    )
    name = models.CharField(_("naam"), max_length=200)
    capacity = models.PositiveIntegerField(
        _("aantal leerlingen"), default=16, validators=[MinValueValidator(1), MaxValueValidator(200)]
    )

    class Meta:
        ordering = ["centre__name", "name"]
        verbose_name = _("infrastructuur")
        verbose_name_plural = _("infrastructuur")
        constraints = [models.UniqueConstraint(fields=["centre", "name"], name="tiendagen_infra_unique_name")]

    def __str__(self):
        return f"{self.name} ({self.centre.name})"


class Training(models.Model):
    """An opleiding a centre offers to classes under the 10-dagenregeling."""

    centre = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("VDAB-centrum"),
        on_delete=models.CASCADE,
        related_name="tiendagen_trainings",
        limit_choices_to={"kind": "vdab"},
    )
    infrastructure = models.ForeignKey(
        Infrastructure, verbose_name=_("infrastructuur"), on_delete=models.PROTECT, related_name="trainings"
    )
    title = models.CharField(_("opleiding"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    studiedomeinen = term_m2m("studiedomein", _("studiedomeinen"), related_name="tiendagen_trainings")
    studierichtingen = models.TextField(
        _("studierichtingen"),
        blank=True,
        help_text=_("Eén per regel. Leeg: elke studierichting van de gekozen studiedomeinen."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["centre__name", "title"]
        verbose_name = _("opleiding (10-dagenregeling)")
        verbose_name_plural = _("opleidingen (10-dagenregeling)")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("tiendagen:training", kwargs={"pk": self.pk})

    @property
    def field_list(self):
        return [line.strip() for line in self.studierichtingen.splitlines() if line.strip()]


class Availability(models.Model):
    """A period in which an infrastructure is free for classes (weekdays only are bookable)."""

    infrastructure = models.ForeignKey(
        Infrastructure, verbose_name=_("infrastructuur"), on_delete=models.CASCADE, related_name="availability"
    )
    starts_on = models.DateField(_("vanaf"))
    ends_on = models.DateField(_("tot en met"))
    note = models.CharField(_("opmerking"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on"]
        verbose_name = _("beschikbare periode")
        verbose_name_plural = _("beschikbare periodes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="tiendagen_availability_order"
            )
        ]

    def __str__(self):
        return f"{self.infrastructure}: {self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y}"


class WegwijsSession(models.Model):
    """The centre's free wegwijssessie: teachers must follow one before their first day."""

    centre = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("VDAB-centrum"),
        on_delete=models.CASCADE,
        related_name="wegwijs_sessions",
        limit_choices_to={"kind": "vdab"},
    )
    day = models.DateField(_("datum"))
    starts_at = models.TimeField(_("van"), default="14:00")
    ends_at = models.TimeField(_("tot"), default="16:00")
    capacity = models.PositiveIntegerField(_("plaatsen"), default=20, validators=[MinValueValidator(1)])
    attendance_confirmed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["day", "starts_at"]
        verbose_name = _("wegwijssessie")
        verbose_name_plural = _("wegwijssessies")

    def __str__(self):
        return _("Wegwijssessie %(centre)s %(day)s") % {
            "centre": self.centre.name,
            "day": self.day.strftime("%d/%m/%Y"),
        }

    @property
    def hours(self):
        from datetime import datetime

        delta = datetime.combine(self.day, self.ends_at) - datetime.combine(self.day, self.starts_at)
        return round(delta.total_seconds() / 3600, 2)


class WegwijsRegistration(models.Model):
    session = models.ForeignKey(WegwijsSession, on_delete=models.CASCADE, related_name="registrations")
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="wegwijs_registrations"
    )
    school = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    attended = models.BooleanField(_("aanwezig"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["session__day", "id"]
        verbose_name = _("inschrijving wegwijssessie")
        verbose_name_plural = _("inschrijvingen wegwijssessie")
        constraints = [
            models.UniqueConstraint(fields=["session", "teacher"], name="tiendagen_wegwijs_once"),
        ]

    def __str__(self):
        return f"{self.teacher} – {self.session}"


class RequestStatus(models.TextChoices):
    SUBMITTED = "aangevraagd", _("Aangevraagd bij het RTC")
    FORWARDED = "doorgestuurd", _("Doorgestuurd naar het centrum")
    CONFIRMED = "bevestigd", _("Bevestigd door het centrum")
    DECLINED = "geweigerd", _("Geweigerd")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


OPEN_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.FORWARDED)
COUNTING_STATUSES = (RequestStatus.SUBMITTED, RequestStatus.FORWARDED, RequestStatus.CONFIRMED)


class TiendagenRequest(models.Model):
    """A teacher's request for days of practical lessons with a class in a centre."""

    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leerkracht"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="tiendagen_requests",
    )
    school = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    # The school's province at the time of asking: the RTC of this province handles the request.
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("provincie"), on_delete=models.PROTECT, related_name="+"
    )
    training = models.ForeignKey(
        Training, verbose_name=_("opleiding"), on_delete=models.PROTECT, related_name="requests"
    )
    centre = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("VDAB-centrum"), on_delete=models.PROTECT, related_name="+"
    )
    class_name = models.CharField(_("klas"), max_length=60)
    track = models.CharField(_("onderwijsvorm"), max_length=30, choices=TRACK_CHOICES)
    grade = models.PositiveSmallIntegerField(_("graad"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("leerjaar"), null=True, blank=True)
    studiedomein = term_fk("studiedomein", _("studiedomein"), null=False, blank=False)
    studierichting = models.CharField(_("studierichting"), max_length=160)
    pupils = models.PositiveIntegerField(_("aantal leerlingen"), validators=[MinValueValidator(1)])
    school_year = models.CharField(_("schooljaar"), max_length=9, db_index=True)
    note = models.TextField(_("toelichting"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.SUBMITTED, db_index=True
    )
    decision_reason = models.TextField(_("reden"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    forwarded_at = models.DateTimeField(null=True, blank=True)
    decided_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("aanvraag 10-dagenregeling")
        verbose_name_plural = _("aanvragen 10-dagenregeling")
        indexes = [models.Index(fields=["province", "status"]), models.Index(fields=["centre", "status"])]

    def __str__(self):
        return _("%(klas)s bij %(centre)s") % {"klas": self.class_name, "centre": self.centre.name}

    def get_absolute_url(self):
        return reverse("tiendagen:request_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES


class BookedDay(models.Model):
    request = models.ForeignKey(TiendagenRequest, on_delete=models.CASCADE, related_name="days")
    infrastructure = models.ForeignKey(Infrastructure, on_delete=models.PROTECT, related_name="booked_days")
    day = models.DateField(_("dag"))
    confirmed = models.BooleanField(_("bevestigd"), default=False)

    class Meta:
        ordering = ["day"]
        verbose_name = _("lesdag")
        verbose_name_plural = _("lesdagen")
        constraints = [
            models.UniqueConstraint(fields=["request", "day"], name="tiendagen_day_once_per_request"),
            # The backstop against double booking: one confirmed class per infrastructure per day.
            models.UniqueConstraint(
                fields=["infrastructure", "day"], condition=models.Q(confirmed=True), name="tiendagen_one_confirmed_day"
            ),
        ]
        indexes = [models.Index(fields=["infrastructure", "day"])]

    def __str__(self):
        return f"{self.day:%d/%m/%Y} – {self.infrastructure.name}"
