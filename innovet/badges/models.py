"""Verifiable badges (Open Badges 3.0).

An issuing organisation (RTC, sector, VDAB, PBD, company, school) defines ``Achievement``s; each
``Award`` is an OpenBadgeCredential signed with the issuer's current ``IssuerKey`` (Ed25519, VC-JWT).
Keys rotate without breaking earlier awards: a retired key stays published in the issuer's JWKS, and
each credential names its key (``kid``). Revocation flips the award's bit in the issuer's Bitstring
Status List (``status_index``); an index is never reused, not even after a GDPR erasure.
"""

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovet.organisations.models import OrganisationKind
from innovet.participation.models import ActivityKind
from innovet.taxonomy.models import term_m2m

# Who may issue badges: the kinds of organisation the study names as recognisers.
ISSUER_KINDS = (
    OrganisationKind.RTC,
    OrganisationKind.SECTOR,
    OrganisationKind.VDAB,
    OrganisationKind.PBD,
    OrganisationKind.COMPANY,
    OrganisationKind.SCHOOL,
    OrganisationKind.SYNTRA,
)

# Bitstring Status List: at least 16 KB uncompressed (131,072 entries) so one revocation does not
# single out a holder (herd privacy, W3C Bitstring Status List §6.1).
STATUS_LIST_SIZE = 131_072


class IssuerKey(models.Model):
    """One signing key of an issuer. The private half is stored encrypted (see ``keys.py``)."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="badge_keys", verbose_name=_("uitgever")
    )
    kid = models.CharField(_("sleutel-id"), max_length=100, unique=True)
    public_jwk = models.JSONField(_("publieke sleutel (JWK)"))
    private_key_encrypted = models.TextField(editable=False)
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    retired_at = models.DateTimeField(_("vervangen op"), null=True, blank=True)

    class Meta:
        ordering = ["organisation", "-created_at"]
        verbose_name = _("sleutel van een uitgever")
        verbose_name_plural = _("sleutels van uitgevers")
        constraints = [
            # One signing key at a time per issuer; the retired ones only verify.
            models.UniqueConstraint(
                fields=["organisation"], condition=models.Q(retired_at__isnull=True), name="badges_one_active_key"
            )
        ]

    def __str__(self):
        return f"{self.organisation} – {self.kid}"

    @property
    def is_active(self):
        return self.retired_at is None


class StatusList(models.Model):
    """Hands out status-list indexes per issuer, under a row lock, never twice."""

    organisation = models.OneToOneField(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="badge_status_list"
    )
    next_index = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("statuslijst")
        verbose_name_plural = _("statuslijsten")

    def __str__(self):
        return str(self.organisation)


def achievement_image_path(instance, filename):
    ext = filename.rsplit(".", 1)[-1].lower()
    return f"badges/{instance.uuid}.{ext}"


class Achievement(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    issuer = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("uitgever"),
        on_delete=models.PROTECT,
        related_name="badge_achievements",
    )
    name = models.CharField(_("naam"), max_length=120)
    description = models.TextField(_("omschrijving"), max_length=2000)
    criteria = models.TextField(_("criteria"), max_length=4000, help_text=_("Wat iemand gedaan moet hebben."))
    image = models.FileField(_("afbeelding (PNG of SVG)"), upload_to=achievement_image_path, blank=True)
    skills = term_m2m("esco", _("vaardigheden en beroepen (ESCO)"), related_name="badge_achievements")
    valid_for_days = models.PositiveIntegerField(
        _("geldig gedurende (dagen)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1, message=_("Een geldigheid is minstens 1 dag."))],
        help_text=_("Leeg: de badge verloopt niet."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["issuer__name", "name"]
        verbose_name = _("badge")
        verbose_name_plural = _("badges")
        constraints = [models.UniqueConstraint(fields=["issuer", "name"], name="badges_achievement_name_once")]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("badges:achievement", kwargs={"uuid": self.uuid})


class RuleKind(models.TextChoices):
    PARTICIPATION = "deelname", _("Deelname (uit het deelnameregister)")
    MATERIAL = "lesmateriaal", _("Mee-ontwikkeld lesmateriaal dat gevalideerd is")


class AwardRule(models.Model):
    """Awards an achievement automatically to whoever meets it; evaluated idempotently."""

    achievement = models.ForeignKey(Achievement, on_delete=models.CASCADE, related_name="rules")
    kind = models.CharField(_("soort regel"), max_length=20, choices=RuleKind.choices, default=RuleKind.PARTICIPATION)
    activity_kind = models.CharField(_("soort activiteit"), max_length=30, choices=ActivityKind.choices, blank=True)
    event_kind = models.CharField(_("soort netwerkmoment"), max_length=20, blank=True)
    active_role_required = models.BooleanField(_("enkel met een actieve rol"), default=False)
    organised_by_issuer = models.BooleanField(_("enkel activiteiten van de uitgever zelf"), default=True)
    title_contains = models.CharField(_("titel bevat"), max_length=100, blank=True)
    min_count = models.PositiveIntegerField(
        _("minstens aantal activiteiten"), default=1, validators=[MinValueValidator(1)]
    )
    since = models.DateField(_("vanaf datum"), null=True, blank=True)
    is_active = models.BooleanField(_("actief"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["achievement", "id"]
        verbose_name = _("toekenningsregel")
        verbose_name_plural = _("toekenningsregels")

    def __str__(self):
        return f"{self.achievement}: {self.describe()}"

    def describe(self):
        from .rules_engine import describe_rule

        return describe_rule(self)


class AwardQuerySet(models.QuerySet):
    def valid(self):
        return self.filter(revoked_at__isnull=True)


class Award(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    achievement = models.ForeignKey(Achievement, on_delete=models.PROTECT, related_name="awards")
    issuer = models.ForeignKey(
        "organisations.Organisation", on_delete=models.PROTECT, related_name="badge_awards", editable=False
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("ontvanger"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="badge_awards",
    )
    recipient_name = models.CharField(_("naam ontvanger"), max_length=300, blank=True)
    key = models.ForeignKey(IssuerKey, on_delete=models.PROTECT, related_name="awards", editable=False)
    status_index = models.PositiveIntegerField(editable=False)
    issued_at = models.DateTimeField(_("uitgereikt op"), default=timezone.now)
    valid_until = models.DateTimeField(_("geldig tot"), null=True, blank=True)
    credential_jwt = models.TextField(editable=False)
    rule = models.ForeignKey(AwardRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="awards")
    awarded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.CharField(_("toelichting"), max_length=300, blank=True)
    revoked_at = models.DateTimeField(_("ingetrokken op"), null=True, blank=True)
    revoked_reason = models.CharField(_("reden van intrekking"), max_length=300, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = AwardQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_at", "-id"]
        verbose_name = _("toegekende badge")
        verbose_name_plural = _("toegekende badges")
        constraints = [
            # Once per achievement and person (erased persons, NULL, never collide).
            models.UniqueConstraint(fields=["achievement", "recipient"], name="badges_award_once"),
            models.UniqueConstraint(fields=["issuer", "status_index"], name="badges_status_index_once"),
        ]

    def __str__(self):
        return f"{self.achievement} – {self.recipient_name}"

    def get_absolute_url(self):
        return reverse("badges:award", kwargs={"uuid": self.uuid})

    @property
    def is_revoked(self):
        return self.revoked_at is not None

    @property
    def is_expired(self):
        return self.valid_until is not None and self.valid_until <= timezone.now()

    def verify_url(self):
        return settings.SITE_URL + reverse("badges:verify_award", kwargs={"uuid": self.uuid})
