"""Needs (noden) of schools, willingness to collaborate of partners, computed match suggestions and the
introductions (match requests) that RTC staff broker between a school and a partner."""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovet.taxonomy.models import term_fk, term_m2m

MAX_DISTANCE_KM = 200
DEFAULT_DISTANCE_KM = 30


class StatedBy(models.TextChoices):
    TEACHER = "leerkracht", _("Een leerkracht")
    VAKGROEP = "vakgroep", _("De vakgroep")
    TA = "ta-tac", _("De TA of TAC")
    DIRECTOR = "directeur", _("De directie")


class Participation(models.TextChoices):
    INDIVIDUAL = "individueel", _("Individueel")
    TEAM = "team", _("Als team (vakgroep of meerdere leerkrachten)")


class Moment(models.TextChoices):
    WITHIN = "binnen-schooluren", _("Binnen de schooluren")
    OUTSIDE = "buiten-schooluren", _("Buiten de schooluren (avond)")
    WEDNESDAY = "woensdagnamiddag", _("Woensdagnamiddag")
    STUDY_DAY = "pedagogische-studiedag", _("Pedagogische studiedag")
    HOLIDAY = "schoolvakantie", _("Schoolvakantie")
    SATURDAY = "zaterdag", _("Zaterdag")


class NeedQuerySet(models.QuerySet):
    def open(self):
        return self.filter(status__in=Need.OPEN_STATUSES)


class Need(models.Model):
    """A professional development need stated for a school."""

    class Status(models.TextChoices):
        NEW = "nieuw", _("Nieuw")
        IN_PROGRESS = "in-behandeling", _("In behandeling bij het RTC")
        MATCHED = "gekoppeld", _("Gekoppeld aan een partner")
        CLOSED = "afgerond", _("Afgerond")
        WITHDRAWN = "ingetrokken", _("Ingetrokken")

    OPEN_STATUSES = (Status.NEW, Status.IN_PROGRESS, Status.MATCHED)

    school = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("school"),
        on_delete=models.CASCADE,
        related_name="needs",
        limit_choices_to={"kind": "school"},
    )
    # Copied from the school so that RTC scoping (is_rtc_staff_for) and province filters are one column.
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("provincie"), on_delete=models.PROTECT, related_name="+"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ingediend door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="matching_needs",
    )
    stated_by = models.CharField(_("namens"), max_length=20, choices=StatedBy.choices, default=StatedBy.TEACHER)
    vakgroep = models.CharField(_("vakgroep"), max_length=120, blank=True, help_text=_("bv. vakgroep elektriciteit"))
    title = models.CharField(_("korte omschrijving van de nood"), max_length=200)
    need_type = term_fk("noodtype", _("type nood"), null=False, blank=False)
    themes = term_m2m("thema", _("thema's"), related_name="matching_needs")
    studiedomein = term_fk("studiedomein", _("studiedomein"))
    graden = term_m2m("graad", _("graden"), related_name="matching_needs_by_grade")
    studierichting = models.CharField(_("studierichting"), max_length=160, blank=True)
    teacher_count = models.PositiveIntegerField(
        _("aantal leerkrachten"), default=1, validators=[MinValueValidator(1), MaxValueValidator(500)]
    )
    participation = models.CharField(
        _("individueel of als team"), max_length=20, choices=Participation.choices, default=Participation.INDIVIDUAL
    )
    support_forms = term_m2m("ondersteuningsvorm", _("gewenste vorm"), related_name="matching_needs_by_form")
    offer_kinds = models.JSONField(_("gewenste soorten aanbod"), default=list, blank=True)
    period_start = models.DateField(_("gewenste periode vanaf"), null=True, blank=True)
    period_end = models.DateField(_("gewenste periode tot"), null=True, blank=True)
    moments = models.JSONField(_("geschikte momenten"), default=list, blank=True)
    budget_per_participant = models.DecimalField(
        _("budget per deelnemer (€)"),
        max_digits=8,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    max_distance_km = models.PositiveIntegerField(
        _("maximale verplaatsing (km)"),
        default=DEFAULT_DISTANCE_KM,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DISTANCE_KM)],
    )
    description = models.TextField(_("toelichting"), blank=True, max_length=4000)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NEW, db_index=True)
    suggestions_computed_at = models.DateTimeField(_("suggesties berekend op"), null=True, blank=True)
    created_at = models.DateTimeField(_("ingediend op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = NeedQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("nood")
        verbose_name_plural = _("noden")
        indexes = [models.Index(fields=["province", "status"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(budget_per_participant__isnull=True) | models.Q(budget_per_participant__gte=0),
                name="matching_need_budget_not_negative",
            ),
            models.CheckConstraint(
                condition=models.Q(max_distance_km__gte=1, max_distance_km__lte=MAX_DISTANCE_KM),
                name="matching_need_distance_range",
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("matching:need_detail", kwargs={"pk": self.pk})

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    def get_moments_display(self):
        labels = dict(Moment.choices)
        return [labels.get(m, m) for m in self.moments]


class Willingness(models.Model):
    """What a company, sector or other partner offers to contribute (aanbod tot samenwerking).

    A school can state one too: that it wants to develop material together on a theme.
    """

    class Region(models.TextChoices):
        RADIUS = "straal", _("Binnen een straal rond onze vestiging")
        PROVINCES = "provincies", _("In bepaalde provincies")
        FLANDERS = "vlaanderen", _("In heel Vlaanderen en Brussel")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="willingness",
    )
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("provincie"), on_delete=models.PROTECT, related_name="+"
    )
    contact = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("contactpersoon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="matching_willingness",
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("wat bieden jullie aan?"), blank=True, max_length=4000)
    resources = term_m2m("bedrijfsmiddel", _("inbreng"), related_name="matching_willingness")
    themes = term_m2m("thema", _("thema's"), related_name="matching_willingness_by_theme")
    studiedomeinen = term_m2m("studiedomein", _("studiedomeinen"), related_name="matching_willingness_by_domain")
    co_develop_material = models.BooleanField(
        _("samen lesmateriaal ontwikkelen"),
        default=False,
        help_text=_("Wij willen met andere scholen en partners samen lesmateriaal ontwikkelen rond dit thema."),
    )
    region = models.CharField(_("regio"), max_length=20, choices=Region.choices, default=Region.RADIUS)
    radius_km = models.PositiveIntegerField(
        _("straal (km)"),
        default=DEFAULT_DISTANCE_KM,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DISTANCE_KM)],
    )
    provinces = models.ManyToManyField("geo.Province", verbose_name=_("provincies"), blank=True, related_name="+")
    capacity_per_year = models.PositiveIntegerField(
        _("capaciteit per schooljaar (aantal scholen)"), default=3, validators=[MinValueValidator(1)]
    )
    school_year = models.CharField(_("schooljaar"), max_length=9, help_text=_("bv. 2026-2027"))
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    class Meta:
        ordering = ["-updated_at", "-id"]
        verbose_name = _("aanbod tot samenwerking")
        verbose_name_plural = _("aanbod tot samenwerking")

    def __str__(self):
        return f"{self.organisation} – {self.title}"

    def get_absolute_url(self):
        return reverse("matching:willingness_detail", kwargs={"pk": self.pk})


class Suggestion(models.Model):
    """One ranked suggestion for a need, with its score broken down in ``factors``."""

    class Kind(models.TextChoices):
        OFFER = "aanbod", _("Aanbod uit de catalogus")
        PARTNER = "partner", _("Partner die wil samenwerken")
        SCHOOL = "school", _("School met een gelijkaardige nood")

    class Source(models.TextChoices):
        COMPUTED = "berekend", _("Berekend")
        RTC = "rtc", _("Toegevoegd door het RTC")

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="suggestions")
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices)
    offer_id_ref = models.PositiveBigIntegerField(_("aanbod"), null=True, blank=True, db_index=True)
    willingness = models.ForeignKey(Willingness, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    peer_need = models.ForeignKey(Need, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    score = models.FloatField(_("score"), default=0)
    rank = models.PositiveIntegerField(_("rang"), default=0)
    factors = models.JSONField(_("verklaring"), default=list)
    source = models.CharField(_("bron"), max_length=10, choices=Source.choices, default=Source.COMPUTED)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField(null=True, blank=True)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "rank", "id"]
        verbose_name = _("suggestie")
        verbose_name_plural = _("suggesties")
        indexes = [models.Index(fields=["need", "kind", "rank"])]

    def __str__(self):
        return f"{self.need} → {self.target_label}"

    @property
    def target_key(self):
        return (self.kind, self.offer_id_ref or self.willingness_id or self.peer_need_id)

    @property
    def target_label(self):
        if self.kind == self.Kind.PARTNER and self.willingness_id:
            return str(self.willingness)
        if self.kind == self.Kind.SCHOOL and self.peer_need_id:
            return str(self.peer_need.school)
        offer = self.offer
        return str(offer) if offer else _("aanbod %(id)s") % {"id": self.offer_id_ref}

    @property
    def offer(self):
        from .sources import get_offer

        return get_offer(self.offer_id_ref) if self.offer_id_ref else None

    @property
    def is_confirmed(self):
        return self.confirmed_at is not None


class Introduction(models.Model):
    """A match request: the RTC introduces a school (for a need) and a partner. Contact details are shared
    only when both sides have said yes."""

    class Status(models.TextChoices):
        PROPOSED = "voorgesteld", _("Voorgesteld")
        CONTACTED = "gecontacteerd", _("Gecontacteerd")
        AGREED = "akkoord", _("Akkoord")
        DONE = "afgerond", _("Afgerond")
        DECLINED = "afgewezen", _("Afgewezen")
        EXPIRED = "verlopen", _("Verlopen")

    class Answer(models.TextChoices):
        PENDING = "open", _("Nog geen antwoord")
        ACCEPTED = "ja", _("Wil kennismaken")
        DECLINED = "nee", _("Past niet")

    OPEN_STATUSES = (Status.PROPOSED, Status.CONTACTED)

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="introductions")
    suggestion = models.ForeignKey(Suggestion, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("soort"), max_length=10, choices=Suggestion.Kind.choices)
    partner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="matching_introductions",
    )
    offer_id_ref = models.PositiveBigIntegerField(_("aanbod"), null=True, blank=True)
    willingness = models.ForeignKey(Willingness, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    peer_need = models.ForeignKey(Need, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    introduced_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    message = models.TextField(_("boodschap van het RTC"), blank=True, max_length=2000)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    school_answer = models.CharField(_("antwoord school"), max_length=4, choices=Answer.choices, default=Answer.PENDING)
    partner_answer = models.CharField(
        _("antwoord partner"), max_length=4, choices=Answer.choices, default=Answer.PENDING
    )
    school_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    partner_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reason = models.TextField(_("reden"), blank=True, max_length=1000)
    expires_at = models.DateTimeField(_("vervalt op"))
    created_at = models.DateTimeField(_("voorgesteld op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("introductie")
        verbose_name_plural = _("introducties")
        indexes = [models.Index(fields=["status", "expires_at"])]
        constraints = [
            # One live introduction per need and partner: the backstop behind the need's row lock, so
            # that double clicks or two brokers at once never introduce the same partner twice.
            models.UniqueConstraint(
                fields=["need", "partner"],
                condition=models.Q(status__in=["voorgesteld", "gecontacteerd", "akkoord"]),
                name="matching_one_live_introduction",
            )
        ]

    def __str__(self):
        return f"{self.need.school} ↔ {self.partner}"

    def get_absolute_url(self):
        return reverse("matching:introduction_detail", kwargs={"pk": self.pk})

    @property
    def province_id(self):
        return self.need.province_id

    @property
    def contacts_shared(self):
        """Names and e-mail addresses are visible to both sides only after both said yes."""
        return self.status in (self.Status.AGREED, self.Status.DONE)

    @property
    def is_open(self):
        return self.status in self.OPEN_STATUSES

    @staticmethod
    def default_expiry():
        return timezone.now() + timedelta(days=settings_expiry_days())


def settings_expiry_days():
    return getattr(settings, "MATCHING_REQUEST_EXPIRY_DAYS", 14)


class OutboxEvent(models.Model):
    """A change that the matcher must take into account (written in the same transaction as the change)."""

    class Kind(models.TextChoices):
        NEED = "nood", _("Nood")
        OFFER = "aanbod", _("Aanbod")
        WILLINGNESS = "samenwerking", _("Aanbod tot samenwerking")

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True, db_index=True)

    class Meta:
        ordering = ["id"]
        verbose_name = _("wijziging voor de matcher")
        verbose_name_plural = _("wijzigingen voor de matcher")

    def __str__(self):
        return f"{self.get_kind_display()} {self.object_id}"


class Interest(models.Model):
    """A provider says 'wij kunnen helpen' for a need: a signal to the RTC, which decides whether to introduce.

    One per need and organisation (saying it twice changes nothing); the school sees nothing of it until the
    RTC introduces both sides."""

    need = models.ForeignKey(Need, on_delete=models.CASCADE, related_name="interests")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        on_delete=models.CASCADE,
        related_name="matching_interests",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("gemeld door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    message = models.TextField(_("hoe kunnen jullie helpen?"), blank=True, max_length=2000)
    created_at = models.DateTimeField(_("gemeld op"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("interesse van een partner")
        verbose_name_plural = _("interesse van partners")
        constraints = [models.UniqueConstraint(fields=["need", "organisation"], name="matching_one_interest_per_org")]

    def __str__(self):
        return f"{self.organisation} → {self.need}"
