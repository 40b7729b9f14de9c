"""Deelnames: one ledger of who took part in what, for every module.

Events write it when the organiser confirms attendance; later modules (placements, innovatielabs,
substitution, recognition, reach analytics) write and read the same rows through ``services`` and
``selectors``. The activity is a generic reference, so the ledger never imports its writers. The
title, organiser, province and school are copied at the moment of taking part: the record stays true
when the activity is edited later, and counts survive a person's erasure (``person`` becomes empty).
"""

from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ParticipationRole(models.TextChoices):
    # The study: a teacher who only visits learns less than one with an active role.
    VISITOR = "bezoeker", _("Bezoeker")
    PRESENTER = "presentator", _("Presentator / spreker")
    CO_DEVELOPER = "co-ontwikkelaar", _("Co-ontwikkelaar")
    INTERN = "stagiair", _("Stagiair (bedrijfsstage)")
    COACH = "begeleider", _("Begeleider / coach")
    # Innovatielabs: testing material in class and adopting it in the follow-up track are active roles too.
    TESTER = "tester", _("Tester in de klas")
    ADOPTER = "adoptant", _("Adoptant (gebruikt het materiaal in de klas)")


ACTIVE_ROLES = frozenset(r for r in ParticipationRole.values if r != ParticipationRole.VISITOR)


class ActivityKind(models.TextChoices):
    """What kind of activity a record points to: counted and filtered without joining the writers' tables."""

    EVENT_SESSION = "netwerkmoment", _("Netwerkmoment of evenement")
    OFFER_SESSION = "aanbod", _("Sessie van een aanbod")
    PLACEMENT = "bedrijfsstage", _("Bedrijfsstage of werkplekleren")
    INNOVATION_LAB = "innovatielab", _("Innovatielab of traject")
    SUBSTITUTION = "vervanging", _("Vervanging")
    OTHER = "ander", _("Andere")


class ParticipationQuerySet(models.QuerySet):
    def active_roles(self):
        return self.filter(role__in=ACTIVE_ROLES)

    def for_activity(self, activity):
        return self.filter(activity_type=ContentType.objects.get_for_model(activity), activity_id=str(activity.pk))


class Participation(models.Model):
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("persoon"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    school = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="participations",
    )
    activity_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    activity_id = models.CharField(max_length=64)
    activity = GenericForeignKey("activity_type", "activity_id")
    kind = models.CharField(_("soort activiteit"), max_length=30, choices=ActivityKind.choices, db_index=True)
    title = models.CharField(_("activiteit"), max_length=300)
    organiser = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="organised_participations",
    )
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("provincie"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    date = models.DateField(_("datum"), db_index=True)
    hours = models.DecimalField(
        _("uren"),
        max_digits=6,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"), message=_("Het aantal uren kan niet negatief zijn."))],
    )
    role = models.CharField(
        _("rol"), max_length=20, choices=ParticipationRole.choices, default=ParticipationRole.VISITOR
    )
    url = models.CharField(_("link"), max_length=300, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("geregistreerd op"), default=timezone.now)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        verbose_name = _("deelname")
        verbose_name_plural = _("deelnames")
        indexes = [
            models.Index(fields=["activity_type", "activity_id"]),
            models.Index(fields=["school", "date"]),
            models.Index(fields=["person", "date"]),
        ]
        constraints = [
            # One record per person and activity; erased persons (NULL) never collide.
            models.UniqueConstraint(
                fields=["person", "activity_type", "activity_id"], name="participation_once_per_activity"
            ),
            models.CheckConstraint(condition=models.Q(hours__gte=0), name="participation_hours_not_negative"),
        ]

    def __str__(self):
        return f"{self.title} ({self.date:%d/%m/%Y})"

    @property
    def is_active_role(self):
        return self.role in ACTIVE_ROLES
