"""Vervanging: the register of substitution offers and the requests schools raise for them.

The study: time is the main barrier; without substitution, practical-subject teachers cannot leave,
and the existing options (Syntra's free entrepreneurship activities while the teacher is away, sector
offers, a pool of substitutes) are little known. Offers are published by the organisations that provide
them, pedagogical advisers note how an offer fits the leerplan, and any activity during school hours
(a placement, an event registration, later a lab) raises a request through ``registry``.
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovet.taxonomy.models import term_fk, term_m2m


class OfferKind(models.TextChoices):
    ACTIVITY = "activiteit", _("Vervangende activiteit in de klas")
    SECTOR = "sectoraanbod", _("Sectoraanbod")
    POOL = "vervangerspool", _("Pool van beschikbare vervangers")


class OfferStatus(models.TextChoices):
    DRAFT = "concept", _("Concept")
    PUBLISHED = "gepubliceerd", _("Gepubliceerd")
    ARCHIVED = "gearchiveerd", _("Gearchiveerd")


class OfferQuerySet(models.QuerySet):
    def published(self):
        return self.filter(status=OfferStatus.PUBLISHED)


class SubstitutionOffer(models.Model):
    provider = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("aanbieder"),
        on_delete=models.PROTECT,
        related_name="substitution_offers",
    )
    kind = models.CharField(_("soort"), max_length=20, choices=OfferKind.choices, default=OfferKind.ACTIVITY)
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("wat gebeurt er in de klas"))
    # Region: the provinces served; none means all of Flanders and Brussels.
    provinces = models.ManyToManyField(
        "geo.Province", verbose_name=_("regio (provincies)"), blank=True, related_name="+"
    )
    studiedomeinen = term_m2m("studiedomein", _("vakken / studiedomeinen"), related_name="+")
    subjects = models.CharField(_("vakken"), max_length=300, blank=True, help_text=_("bv. PAV, praktijk elektriciteit"))
    graden = term_m2m("graad", _("graden van de leerlingen"), related_name="+")
    onderwijsvormen = term_m2m("onderwijsvorm", _("onderwijsvormen"), related_name="+")
    conditions = models.TextField(
        _("voorwaarden"), blank=True, help_text=_("bv. minstens 2 weken vooraf, max. 25 leerlingen")
    )
    free = models.BooleanField(_("gratis voor de school"), default=True)
    cost_note = models.CharField(_("kostprijs"), max_length=200, blank=True)
    max_hours_per_day = models.DecimalField(
        _("uren per dag (hoogstens)"), max_digits=4, decimal_places=2, default=Decimal("8.00")
    )
    available_from = models.DateField(_("beschikbaar vanaf"), null=True, blank=True)
    available_until = models.DateField(_("beschikbaar tot"), null=True, blank=True)
    lead_days = models.PositiveSmallIntegerField(_("minstens zoveel dagen vooraf aanvragen"), default=7)
    contact_email = models.EmailField(_("e-mail voor aanvragen"))
    status = models.CharField(
        _("status"), max_length=20, choices=OfferStatus.choices, default=OfferStatus.DRAFT, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    objects = OfferQuerySet.as_manager()

    class Meta:
        ordering = ["title", "id"]
        verbose_name = _("vervangingsaanbod")
        verbose_name_plural = _("vervangingsaanbod")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(available_until__isnull=True)
                | models.Q(available_from__isnull=True)
                | models.Q(available_until__gte=models.F("available_from")),
                name="substitution_offer_period_order",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("substitution:offer_detail", kwargs={"pk": self.pk})

    @property
    def is_published(self):
        return self.status == OfferStatus.PUBLISHED


class Fit(models.TextChoices):
    GOOD = "sluit-aan", _("Sluit goed aan bij het leerplan")
    PARTLY = "deels", _("Sluit deels aan")
    NOT = "niet", _("Sluit niet aan")


class CurriculumFit(models.Model):
    """A pedagogical adviser's note on how an offer fits the leerplan of their network (one per network)."""

    offer = models.ForeignKey(SubstitutionOffer, on_delete=models.CASCADE, related_name="fits")
    pbd = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("pedagogische begeleiding"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("begeleider"), null=True, on_delete=models.SET_NULL, related_name="+"
    )
    fit = models.CharField(_("aansluiting"), max_length=20, choices=Fit.choices)
    leerplan = models.CharField(_("leerplan(doelen)"), max_length=300, blank=True)
    comment = models.TextField(_("toelichting"), blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["pbd__name"]
        verbose_name = _("aansluiting bij het leerplan")
        verbose_name_plural = _("aansluiting bij het leerplan")
        constraints = [models.UniqueConstraint(fields=["offer", "pbd"], name="substitution_one_fit_per_network")]

    def __str__(self):
        return f"{self.offer} – {self.get_fit_display()}"


class RequestStatus(models.TextChoices):
    OPEN = "open", _("Open: zoekt een aanbod")
    PROPOSED = "voorgesteld", _("Gevraagd aan een aanbieder")
    ACCEPTED = "aanvaard", _("Aanvaard door de aanbieder: bevestig")
    CONFIRMED = "bevestigd", _("Bevestigd: vervanging geregeld")
    CANCELLED = "geannuleerd", _("Geannuleerd")


OPEN_REQUEST_STATUSES = (RequestStatus.OPEN, RequestStatus.PROPOSED, RequestStatus.ACCEPTED)


class SubstitutionRequest(models.Model):
    school = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("school"),
        on_delete=models.PROTECT,
        related_name="substitution_requests",
    )
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("provincie"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    teacher = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("afwezige leerkracht"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="substitution_requests",
    )
    # What the teacher is away for: any activity (placement, event registration, lab) through the registry.
    source_kind = models.CharField(_("reden van afwezigheid"), max_length=30)
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    source_id = models.CharField(max_length=64, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    title = models.CharField(_("activiteit"), max_length=300)
    starts_on = models.DateField(_("eerste dag"))
    ends_on = models.DateField(_("laatste dag"))
    start_time = models.TimeField(_("van (uur)"))
    end_time = models.TimeField(_("tot (uur)"))
    hours = models.DecimalField(_("lesuren te vervangen"), max_digits=6, decimal_places=2)
    studiedomein = term_fk("studiedomein", _("studiedomein"))
    graad = term_fk("graad", _("graad van de leerlingen"))
    subject = models.CharField(_("vak"), max_length=200, blank=True)
    class_group = models.CharField(_("klas"), max_length=60, blank=True)
    notes = models.TextField(_("opmerkingen"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RequestStatus.choices, default=RequestStatus.OPEN, db_index=True
    )
    offer = models.ForeignKey(
        SubstitutionOffer,
        verbose_name=_("aanbod"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="requests",
    )
    provider_reason = models.CharField(_("reden van de aanbieder"), max_length=500, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_on", "start_time", "id"]
        verbose_name = _("vervangingsaanvraag")
        verbose_name_plural = _("vervangingsaanvragen")
        indexes = [
            models.Index(fields=["school", "status"]),
            models.Index(fields=["source_type", "source_id"]),
            models.Index(fields=["province", "status"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="substitution_request_date_order"
            ),
            models.CheckConstraint(
                condition=models.Q(end_time__gt=models.F("start_time")), name="substitution_request_time_order"
            ),
            # One running request per activity and teacher; a cancelled one may be followed by a new one.
            models.UniqueConstraint(
                fields=["source_type", "source_id", "teacher"],
                condition=models.Q(status__in=["open", "voorgesteld", "aanvaard", "bevestigd"]),
                name="substitution_one_request_per_activity",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.starts_on:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("substitution:request_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        return self.status in OPEN_REQUEST_STATUSES
