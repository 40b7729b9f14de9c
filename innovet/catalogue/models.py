"""Aanbod (professional development offers) and initiatieven (lasting collaborations).

Reference lists (kind, pillar, location type, initiative goal, partner role, cost band) are taxonomy
terms loaded by this app's data migration; the catalogue never writes their labels in code.
"""

from datetime import time, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from innovet.taxonomy.models import term_fk, term_m2m

# The study: schools spend about 70–100 € per teacher per school year on professional development.
BUDGET_MIN = Decimal("70")
BUDGET_MAX = Decimal("100")
# School hours: a session that falls completely inside them needs a replacement for the teacher.
SCHOOL_DAY_START = time(8, 25)
SCHOOL_DAY_END = time(16, 0)
# An entry not confirmed as current for this long is flagged to its owners and sinks in the ranking.
STALE_AFTER = timedelta(days=365)
RESERVED_SLUGS = {"bewerken", "publiceren", "archiveren", "bevestigen", "verwijderen", "depubliceren"}


class Status(models.TextChoices):
    DRAFT = "concept", _("Concept")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
    ARCHIVED = "gearchiveerd", _("Gearchiveerd")


class Audience(models.TextChoices):
    INDIVIDUAL = "individueel", _("Individuele leerkracht")
    TEAM = "team", _("Team of vakgroep")
    BOTH = "beide", _("Individueel of als team")


def needs_address(location_type):
    """Online offers and offers that come to the teacher's own school have no address of their own."""
    data = location_type.data or {}
    return not (data.get("online") or data.get("at_school"))


def cost_band_code(cost):
    """Facet value of a cost: free, within the 70–100 € budget per teacher, or above it."""
    if cost is None:
        return ""
    if cost <= 0:
        return "gratis"
    if cost <= BUDGET_MAX:
        return "binnen-budget"
    return "boven-budget"


def within_school_hours(starts_at, ends_at):
    """True when a session falls on a school day (Mon–Fri) and overlaps the school hours."""
    start = timezone.localtime(starts_at) if timezone.is_aware(starts_at) else starts_at
    end = timezone.localtime(ends_at) if timezone.is_aware(ends_at) else ends_at
    if start.weekday() >= 5:
        return False
    return start.time() < SCHOOL_DAY_END and end.time() > SCHOOL_DAY_START


class EntryQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=Status.PUBLISHED)


class CatalogueEntry(models.Model):
    """What offers and initiatives share: lifecycle, moderation and 'last confirmed as current'."""

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True, db_index=True)
    last_confirmed_at = models.DateTimeField(_("laatst bevestigd als actueel"), null=True, blank=True)
    unpublish_reason = models.TextField(_("reden van depubliceren"), blank=True)
    unpublished_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    unpublished_at = models.DateTimeField(_("gedepubliceerd op"), null=True, blank=True)
    stale_reminded_at = models.DateTimeField(_("herinnering verstuurd op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangemaakt door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = EntryQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_published(self):
        return self.status == Status.PUBLISHED

    @property
    def is_draft(self):
        return self.status == Status.DRAFT

    def end_date(self):
        return None

    @property
    def is_past_end(self):
        end = self.end_date()
        return end is not None and end < timezone.localdate()

    @property
    def is_unconfirmed(self):
        confirmed = self.last_confirmed_at or self.published_at or self.created_at
        return confirmed < timezone.now() - STALE_AFTER

    @property
    def is_stale(self):
        return self.is_past_end or self.is_unconfirmed

    @property
    def slug(self):
        slug = slugify(self.title)[:80] or "item"
        # Never the name of an action route (/aanbod/<pk>/bewerken/).
        return f"{slug}-" if slug in RESERVED_SLUGS else slug


class Offer(CatalogueEntry):
    """One professional development offer (aanbod) by one or more providers."""

    title = models.CharField(_("titel"), max_length=200)
    summary = models.CharField(_("korte omschrijving"), max_length=300, help_text=_("Eén of twee zinnen."))
    description = models.TextField(_("omschrijving"))
    goals = models.TextField(_("doelen en inhoudelijke focus"), blank=True)
    kind = term_fk("aanbodsoort", _("soort aanbod"), null=False, blank=False)
    pillar = term_fk("pijler", _("pijler"))
    providers = models.ManyToManyField(
        "organisations.Organisation", verbose_name=_("aanbieders"), related_name="catalogue_offers"
    )
    # The province RTC staff moderate it in: the first location's, else the first provider's.
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("provincie"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    themes = term_m2m("thema", _("innovatiethema's"))
    transition_priorities = term_m2m("transitieprioriteit", _("transitieprioriteiten Visie 2050"))
    studiedomeinen = term_m2m("studiedomein", _("studiedomeinen"))
    graden = term_m2m("graad", _("graden"))
    onderwijsvormen = term_m2m("onderwijsvorm", _("onderwijsvormen"))
    need_types = term_m2m("noodtype", _("type nood"))
    audience = models.CharField(_("voor wie"), max_length=20, choices=Audience.choices, default=Audience.BOTH)
    cost = models.DecimalField(
        _("kostprijs per deelnemer (€)"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"), message=_("De kostprijs kan niet negatief zijn."))],
    )
    cost_note = models.CharField(_("toelichting bij de kostprijs"), max_length=200, blank=True)
    duration_hours = models.DecimalField(
        _("duur (uren)"),
        max_digits=6,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.5"), message=_("De duur is minstens een half uur."))],
    )
    duration_note = models.CharField(_("duur in woorden"), max_length=120, blank=True, help_text=_("bv. 3 dagen"))
    period = models.CharField(_("periode"), max_length=120, blank=True, help_text=_("bv. voorjaar 2027"))
    trainer_technical = models.TextField(_("profiel lesgever: vaktechnisch"), blank=True)
    trainer_didactic = models.TextField(_("profiel lesgever: didactisch"), blank=True)
    curriculum_goals = models.TextField(
        _("leerplandoelen"), blank=True, help_text=_("Codes en omschrijving, één per regel.")
    )
    professional_qualifications = models.TextField(
        _("beroepskwalificaties"), blank=True, help_text=_("Codes en omschrijving, één per regel.")
    )
    brand_neutral = models.BooleanField(
        _("merkneutraal"), default=True, help_text=_("Niet gebonden aan de producten van één leverancier.")
    )
    supplier = models.CharField(_("gebonden aan leverancier"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(
        _("aantal plaatsen"),
        null=True,
        blank=True,
        validators=[
            MinValueValidator(1, message=_("Het aantal plaatsen is minstens 1 (laat leeg als onbeperkt).")),
            # The same bound on every database (SQLite's integers are wider than PostgreSQL's).
            MaxValueValidator(100_000, message=_("Het aantal plaatsen is hoogstens 100.000.")),
        ],
    )
    registration_url = models.URLField(_("inschrijven via (link)"), blank=True)
    registration_info = models.CharField(_("inschrijven bij (contact)"), max_length=300, blank=True)
    contact_name = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    contact_phone = models.CharField(_("telefoon contactpersoon"), max_length=40, blank=True)
    valid_from = models.DateField(_("geldig vanaf"), null=True, blank=True)
    valid_until = models.DateField(_("geldig tot"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("aanbod")
        verbose_name_plural = _("aanbod")
        indexes = [models.Index(fields=["status", "province"]), models.Index(fields=["valid_until"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cost__gte=0),
                name="catalogue_offer_cost_not_negative",
                violation_error_message=_("De kostprijs kan niet negatief zijn."),
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="catalogue_offer_valid_period",
                violation_error_message=_("De einddatum ligt vóór de begindatum."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalogue:offer_detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def cost_band(self):
        return cost_band_code(self.cost)

    @property
    def fits_budget(self):
        return self.cost is not None and self.cost <= BUDGET_MAX

    def end_date(self):
        if self.valid_until:
            return self.valid_until
        sessions = list(self.sessions.all())
        if sessions:
            return timezone.localtime(max(s.ends_at for s in sessions)).date()
        return None

    def upcoming_sessions(self):
        now = timezone.now()
        return [s for s in self.sessions.all() if s.ends_at >= now]


class OfferLocation(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="locations")
    location_type = term_fk("locatietype", _("soort locatie"), null=False, blank=False)
    name = models.CharField(_("naam van de locatie"), max_length=200, blank=True)
    street = models.CharField(_("straat en nummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4, blank=True)
    municipality = models.CharField(_("gemeente"), max_length=160, blank=True)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("provincie"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    latitude = models.FloatField(_("breedtegraad"), null=True, blank=True)
    longitude = models.FloatField(_("lengtegraad"), null=True, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("locatie")
        verbose_name_plural = _("locaties")

    def __str__(self):
        place = f"{self.postcode} {self.municipality}".strip()
        return ", ".join(p for p in (self.name, place) if p) or str(self.location_type)

    @property
    def has_point(self):
        return self.latitude is not None and self.longitude is not None


class OfferSession(models.Model):
    offer = models.ForeignKey(Offer, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(_("onderwerp"), max_length=200, blank=True)
    starts_at = models.DateTimeField(_("begint op"))
    ends_at = models.DateTimeField(_("eindigt op"))
    location = models.ForeignKey(
        OfferLocation,
        verbose_name=_("locatie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="sessions",
    )
    within_school_hours = models.BooleanField(_("binnen de schooluren"), default=False, editable=False)

    class Meta:
        ordering = ["starts_at"]
        verbose_name = _("sessie")
        verbose_name_plural = _("sessies")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="catalogue_session_order"
            )
        ]

    def __str__(self):
        return f"{self.offer} – {timezone.localtime(self.starts_at):%d/%m/%Y %H:%M}"

    def save(self, *args, **kwargs):
        self.within_school_hours = within_school_hours(self.starts_at, self.ends_at)
        super().save(*args, **kwargs)


class Initiative(CatalogueEntry):
    """A lasting collaboration (samenwerkingsverband) between schools, companies, sectors, RTCs..."""

    title = models.CharField(_("naam"), max_length=200)
    summary = models.CharField(_("korte omschrijving"), max_length=300)
    description = models.TextField(_("omschrijving"))
    lead = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("trekker"),
        on_delete=models.PROTECT,
        related_name="catalogue_initiatives_led",
    )
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("provincie"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    provinces = models.ManyToManyField("geo.Province", verbose_name=_("regio (provincies)"), related_name="+")
    goals = term_m2m("initiatiefdoel", _("doelen"))
    themes = term_m2m("thema", _("innovatiethema's"))
    transition_priorities = term_m2m("transitieprioriteit", _("transitieprioriteiten Visie 2050"))
    studiedomeinen = term_m2m("studiedomein", _("studiedomeinen"))
    results = models.TextField(_("resultaten"), blank=True)
    offers = models.ManyToManyField(Offer, verbose_name=_("gekoppeld aanbod"), blank=True, related_name="initiatives")
    website = models.URLField(_("website"), blank=True)
    contact_name = models.CharField(_("contactpersoon"), max_length=150, blank=True)
    contact_email = models.EmailField(_("e-mail contactpersoon"), blank=True)
    started_on = models.DateField(_("gestart op"), null=True, blank=True)
    ends_on = models.DateField(_("loopt tot"), null=True, blank=True)

    class Meta:
        ordering = ["-published_at", "-id"]
        verbose_name = _("initiatief")
        verbose_name_plural = _("initiatieven")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__isnull=True)
                | models.Q(started_on__isnull=True)
                | models.Q(ends_on__gte=models.F("started_on")),
                name="catalogue_initiative_period",
                violation_error_message=_("De einddatum ligt vóór de startdatum."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("catalogue:initiative_detail", kwargs={"pk": self.pk, "slug": self.slug})

    def end_date(self):
        return self.ends_on


class InitiativePartner(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="catalogue_partnerships",
    )
    role = term_fk("partnerrol", _("rol"), null=False, blank=False)
    contribution = models.CharField(_("inbreng"), max_length=300, blank=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [models.UniqueConstraint(fields=["initiative", "organisation"], name="catalogue_one_partnership")]

    def __str__(self):
        return f"{self.organisation} ({self.role})"


class SavedSearch(models.Model):
    """A search a user keeps, with an e-mail when new matching entries are published."""

    class Index(models.TextChoices):
        OFFERS = "offers", _("Aanbod")
        INITIATIVES = "initiatives", _("Initiatieven")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="catalogue_searches")
    name = models.CharField(_("naam"), max_length=120)
    index = models.CharField(max_length=20, choices=Index.choices, default=Index.OFFERS)
    querystring = models.CharField(_("zoekopdracht"), max_length=2000, blank=True)
    alerts = models.BooleanField(_("e-mail bij nieuw aanbod"), default=True)
    last_checked_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("bewaarde zoekopdracht")
        verbose_name_plural = _("bewaarde zoekopdrachten")

    def __str__(self):
        return self.name

    def get_search_url(self):
        name = "catalogue:search" if self.index == self.Index.OFFERS else "catalogue:initiative_list"
        return reverse(name) + (f"?{self.querystring}" if self.querystring else "")


class ImportJob(models.Model):
    """An upload of offers (CSV/XLSX): checked first, shown as a preview, then committed all at once."""

    class State(models.TextChoices):
        CHECKING = "controle", _("Wordt gecontroleerd")
        INVALID = "fouten", _("Bevat fouten")
        READY = "klaar", _("Klaar om te importeren")
        IMPORTING = "bezig", _("Wordt geïmporteerd")
        DONE = "voltooid", _("Geïmporteerd")
        FAILED = "mislukt", _("Mislukt")

    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("aanbieder"), on_delete=models.CASCADE, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="catalogue_imports"
    )
    file = models.FileField(upload_to="catalogue/imports/%Y/%m/")
    original_name = models.CharField(max_length=255)
    state = models.CharField(max_length=20, choices=State.choices, default=State.CHECKING)
    total_rows = models.PositiveIntegerField(default=0)
    processed_rows = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)  # [{"row": 3, "column": "kostprijs", "message": "..."}]
    error_count = models.PositiveIntegerField(default=0)  # all errors; ``errors`` keeps the first 1,000
    preview = models.JSONField(default=list, blank=True)  # first rows as read, for the preview table
    created_offer_ids = models.JSONField(default=list, blank=True)
    # While importing: the ids written so far as runs [[first, last], ...], so an interrupted import can be undone.
    written_ids = models.JSONField(default=list, blank=True)
    # The checked rows (gzip JSON lines) the commit reads: the file is checked once.
    records = models.FileField(upload_to="catalogue/imports/%Y/%m/", blank=True)
    progress = models.PositiveSmallIntegerField(default=0)  # percent of the current step
    # Set when the job is queued and at every step of its worker: a running job whose heartbeat is
    # old lost its worker (``services.fail_stale_imports``).
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    publish = models.BooleanField(_("meteen publiceren"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self):
        return self.original_name

    @property
    def progress_percent(self):
        if self.state in (self.State.CHECKING, self.State.IMPORTING):
            return min(99, self.progress)
        return 100

    @property
    def is_running(self):
        return self.state in (self.State.CHECKING, self.State.IMPORTING)
