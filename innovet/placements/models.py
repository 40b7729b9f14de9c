"""Bedrijfsstages, werkplekleren and hybrid teachers: the study's pillar 'de innovatie beleven'.

A company publishes a placement place (``PlacementPlace``) with the periods it is available. A teacher
applies (``Application``) with a motivation and the dates they want; the director or TAC of the teacher's
school releases them (``release``), then the company accepts or declines with a reason. An accepted
application has an agreement (PDF, ``agreement.py``). Afterwards the teacher reflects and the company
confirms completion, which writes the participation ledger with the active role 'stagiair'.

Hybrid teachers (part-time in a company, part-time in school) keep a profile schools and companies find.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from innovet.taxonomy.models import term_fk, term_m2m

DEFAULT_INSURANCE_NOTE = _(
    "De leerkracht blijft tijdens de stage verzekerd door de school (arbeidsongevallen en burgerlijke "
    "aansprakelijkheid), zoals bij een nascholing buiten de school. Het bedrijf verzekert zijn eigen "
    "aansprakelijkheid op de werkvloer en geeft vooraf de veiligheidsinstructies en de nodige "
    "beschermingsmiddelen."
)


class PlaceKind(models.TextChoices):
    PLACEMENT = "bedrijfsstage", _("Bedrijfsstage")
    WORKPLACE = "werkplekleren", _("Werkplekleren")
    TRAINING_SEAT = "opleidingsplaats", _("Vrije plaats in een bedrijfsopleiding")


class PlaceStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
    ARCHIVED = "gearchiveerd", _("Gearchiveerd")


class PlaceQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=PlaceStatus.PUBLISHED)


class PlacementPlace(models.Model):
    company = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("bedrijf"),
        on_delete=models.PROTECT,
        related_name="placement_places",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=PlaceKind.choices, default=PlaceKind.PLACEMENT)
    title = models.CharField(_("titel"), max_length=200)
    # The study: a teacher who only watches learns less; the active role is what makes it a placement.
    active_role = models.TextField(
        _("wat doet de leerkracht (actieve rol)"),
        help_text=_("Beschrijf de taken: meewerken aan, zelf uitvoeren, begeleid door ... Dit is verplicht."),
    )
    description = models.TextField(_("meer uitleg"), blank=True)
    themes = term_m2m("thema", _("innovatiethema's"), related_name="placement_places")
    studiedomein = term_fk("studiedomein", _("studiedomein"))
    # Location: the postcode gives municipality, province and coordinates (geo).
    location_name = models.CharField(_("locatie"), max_length=200, blank=True, help_text=_("bv. Atelier Gent"))
    street = models.CharField(_("straat en nummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4)
    municipality = models.CharField(_("gemeente"), max_length=160, blank=True)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("provincie"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    duration_days = models.PositiveSmallIntegerField(
        _("duur (dagen)"),
        validators=[
            MinValueValidator(1, message=_("Een stage duurt minstens 1 dag.")),
            MaxValueValidator(60, message=_("Een stage duurt hoogstens 60 dagen.")),
        ],
    )
    spread = models.BooleanField(_("gespreid over meerdere weken"), default=False)
    places = models.PositiveSmallIntegerField(
        _("aantal leerkrachten"),
        default=1,
        validators=[MinValueValidator(1, message=_("Er is minstens 1 plaats."))],
    )
    return_day = models.BooleanField(_("met terugkomdag"), default=False)
    follow_up = models.BooleanField(_("met opvolging na de stage"), default=False)
    hours_per_day = models.DecimalField(_("uren per dag"), max_digits=4, decimal_places=2, default=Decimal("7.60"))
    contact_name = models.CharField(_("contactpersoon"), max_length=200)
    contact_email = models.EmailField(_("e-mail contactpersoon"))
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=40, blank=True)
    insurance_note = models.TextField(
        _("verzekering"), blank=True, help_text=_("Leeg: de standaardtekst over de verzekering van de school.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=PlaceStatus.choices, default=PlaceStatus.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PlaceQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("stageplaats")
        verbose_name_plural = _("stageplaatsen")
        indexes = [models.Index(fields=["status", "province"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(duration_days__gte=1), name="placements_duration_positive"),
            models.CheckConstraint(condition=models.Q(places__gte=1), name="placements_places_positive"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("placements:place_detail", kwargs={"pk": self.pk})

    @property
    def slug(self):
        return slugify(self.title)[:80] or "stage"

    @property
    def is_published(self):
        return self.status == PlaceStatus.PUBLISHED

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None

    @property
    def insurance_text(self):
        return self.insurance_note or str(DEFAULT_INSURANCE_NOTE)

    @property
    def address(self):
        place = f"{self.postcode} {self.municipality}".strip()
        return ", ".join(p for p in (self.location_name, self.street, place) if p)


class PlacementPeriod(models.Model):
    """When the company can host teachers (a teacher's dates must fall within one)."""

    place = models.ForeignKey(PlacementPlace, on_delete=models.CASCADE, related_name="periods")
    starts_on = models.DateField(_("van"))
    ends_on = models.DateField(_("tot en met"))
    note = models.CharField(_("opmerking"), max_length=200, blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("periode")
        verbose_name_plural = _("periodes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="placements_period_order"
            )
        ]

    def __str__(self):
        return f"{self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y}"


class ApplicationStatus(models.TextChoices):
    AWAITING_RELEASE = "wacht-op-school", _("Wacht op vrijgave door de school")
    NOT_RELEASED = "niet-vrijgegeven", _("Niet vrijgegeven door de school")
    AWAITING_COMPANY = "wacht-op-bedrijf", _("Wacht op het bedrijf")
    ACCEPTED = "aanvaard", _("Aanvaard")
    DECLINED = "geweigerd", _("Geweigerd door het bedrijf")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")
    COMPLETED = "afgerond", _("Afgerond")


OPEN_STATUSES = (ApplicationStatus.AWAITING_RELEASE, ApplicationStatus.AWAITING_COMPANY, ApplicationStatus.ACCEPTED)
TAKES_A_PLACE = (ApplicationStatus.ACCEPTED, ApplicationStatus.COMPLETED)


class Application(models.Model):
    place = models.ForeignKey(PlacementPlace, on_delete=models.PROTECT, related_name="applications")
    period = models.ForeignKey(
        PlacementPeriod, verbose_name=_("periode"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leerkracht"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="placement_applications",
    )
    school = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("school"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="placement_applications",
    )
    starts_on = models.DateField(_("eerste dag"))
    ends_on = models.DateField(_("laatste dag"))
    motivation = models.TextField(_("motivatie"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.AWAITING_RELEASE,
        db_index=True,
    )
    released_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    released_at = models.DateTimeField(null=True, blank=True)
    release_reason = models.CharField(_("reden van de school"), max_length=500, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_reason = models.CharField(_("reden van het bedrijf"), max_length=500, blank=True)
    tasks = models.TextField(_("afgesproken taken"), blank=True)
    reflection = models.TextField(_("reflectie: wat neem je mee naar de klas?"), blank=True)
    reflected_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    completed_at = models.DateTimeField(null=True, blank=True)
    reminder_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    followup_sent_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("aanvraag voor een stage")
        verbose_name_plural = _("aanvragen voor een stage")
        indexes = [models.Index(fields=["school", "status"]), models.Index(fields=["place", "status"])]
        constraints = [
            # One running application per teacher and place; a withdrawn or refused one may be followed.
            models.UniqueConstraint(
                fields=["place", "teacher"],
                condition=models.Q(status__in=["wacht-op-school", "wacht-op-bedrijf", "aanvaard"]),
                name="placements_one_open_application",
            ),
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="placements_application_order"
            ),
        ]

    def __str__(self):
        who = self.teacher.get_full_name() if self.teacher_id else _("verwijderde gebruiker")
        return f"{who} – {self.place}"

    def get_absolute_url(self):
        return reverse("placements:application_detail", kwargs={"pk": self.pk})

    @property
    def company(self):
        """The host (for readers such as the school's portfolio section)."""
        return self.place.company

    @property
    def is_open(self):
        return self.status in OPEN_STATUSES

    @property
    def has_agreement(self):
        return self.status in TAKES_A_PLACE

    @property
    def is_over(self):
        return self.ends_on < timezone.localdate()

    @property
    def days(self):
        """Working days between the first and last day (the place's duration when spread over weeks)."""
        if self.place.spread:
            return self.place.duration_days
        n = 0
        d = self.starts_on
        while d <= self.ends_on:
            if d.weekday() < 5:
                n += 1
            d = date.fromordinal(d.toordinal() + 1)
        return min(n, self.place.duration_days) or 1


class HybridAvailability(models.TextChoices):
    GUEST_LESSONS = "gastlessen", _("Gastlessen")
    COACHING = "coaching", _("Collega's coachen")
    MATERIAL = "lesmateriaal", _("Lesmateriaal mee ontwikkelen")
    PLACEMENTS = "stages", _("Stages van leerkrachten begeleiden")


class HybridTeacherProfile(models.Model):
    """A teacher who works part-time in a company and part-time in school (the study's 'hybride docent')."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="hybrid_profile")
    school = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hybrid_teachers",
    )
    company = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("bedrijf (op het platform)"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="hybrid_employees",
    )
    company_name = models.CharField(_("bedrijf"), max_length=200, blank=True)
    job_in_company = models.CharField(_("functie in het bedrijf"), max_length=200)
    subjects = models.CharField(_("vakken op school"), max_length=300)
    school_share = models.PositiveSmallIntegerField(
        _("deel op school (%)"),
        default=50,
        validators=[
            MinValueValidator(10, message=_("Het deel op school is minstens 10 %.")),
            MaxValueValidator(90, message=_("Het deel op school is hoogstens 90 %.")),
        ],
    )
    studiedomeinen = term_m2m("studiedomein", _("studiedomeinen"), related_name="+")
    themes = term_m2m("thema", _("expertise (thema's)"), related_name="+")
    available_for = models.JSONField(_("beschikbaar voor"), default=list, blank=True)
    about = models.TextField(_("over mij"), blank=True)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("provincie"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_visible = models.BooleanField(_("vindbaar voor scholen en bedrijven"), default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name", "id"]
        verbose_name = _("profiel hybride leerkracht")
        verbose_name_plural = _("profielen hybride leerkrachten")

    def __str__(self):
        return self.user.get_full_name() or self.user.email

    def get_absolute_url(self):
        return reverse("placements:hybrid_detail", kwargs={"pk": self.pk})

    @property
    def company_label(self):
        return self.company.name if self.company_id else self.company_name

    def available_for_labels(self):
        labels = dict(HybridAvailability.choices)
        return [labels[v] for v in self.available_for if v in labels]
