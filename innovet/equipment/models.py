"""Shared equipment that rotates between schools (the Diagnose Car model: a car with diagnostic tools,
five months per school, checked, collected and handed on).

An owner organisation registers an ``EquipmentSet`` with its rotation period, conditions and a handover
checklist; schools apply (``Application``); the owner builds the rotation (``Turn`` rows, made by
``scheduler.schedule``); each handover is recorded step by step (``HandoverStep``).
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class EquipmentSet(models.Model):
    owner = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("eigenaar"),
        on_delete=models.PROTECT,
        related_name="equipment_sets",
    )
    name = models.CharField(_("naam"), max_length=200)
    description = models.TextField(_("omschrijving"), blank=True)
    rotation_months = models.PositiveSmallIntegerField(
        _("maanden per school"), default=5, validators=[MinValueValidator(1), MaxValueValidator(24)]
    )
    conditions = models.TextField(_("voorwaarden"), blank=True)
    requires_training = models.BooleanField(
        _("train-the-trainer verplicht"),
        default=False,
        help_text=_("Een leerkracht van de school volgt eerst de train-the-trainer van de eigenaar."),
    )
    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("uitrusting")
        verbose_name_plural = _("uitrusting")

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("equipment:set_detail", kwargs={"pk": self.pk})


class Step(models.TextChoices):
    CHECK = "controle", _("Controle")
    COLLECT = "ophalen", _("Ophalen")
    TRANSFER = "overdracht", _("Overdracht")


class ChecklistItem(models.Model):
    equipment = models.ForeignKey(EquipmentSet, on_delete=models.CASCADE, related_name="checklist")
    step = models.CharField(_("stap"), max_length=20, choices=Step.choices)
    label = models.CharField(_("wat"), max_length=200)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("overdrachtspunt")
        verbose_name_plural = _("overdrachtschecklist")

    def __str__(self):
        return f"{self.get_step_display()}: {self.label}"


class ApplicationStatus(models.TextChoices):
    WAITING = "wachtend", _("Op de wachtlijst")
    PLANNED = "ingepland", _("Ingepland")
    DONE = "afgerond", _("Gehad")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


ACTIVE_APPLICATION = (ApplicationStatus.WAITING, ApplicationStatus.PLANNED)


class Application(models.Model):
    equipment = models.ForeignKey(EquipmentSet, on_delete=models.CASCADE, related_name="applications")
    school = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    applied_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    motivation = models.TextField(_("motivatie"), blank=True)
    trained = models.BooleanField(_("train-the-trainer gevolgd"), default=False)
    conditions_met = models.BooleanField(_("voorwaarden vervuld"), default=False)
    status = models.CharField(
        _("status"), max_length=20, choices=ApplicationStatus.choices, default=ApplicationStatus.WAITING
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("aanvraag voor uitrusting")
        verbose_name_plural = _("aanvragen voor uitrusting")
        constraints = [
            models.UniqueConstraint(
                fields=["equipment", "school"],
                condition=models.Q(status__in=["wachtend", "ingepland"]),
                name="equipment_one_active_application",
            )
        ]

    def __str__(self):
        return f"{self.school} – {self.equipment}"


class TurnStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    ACTIVE = "lopend", _("Heeft de uitrusting")
    DONE = "afgerond", _("Afgerond")
    CANCELLED = "geannuleerd", _("Afgehaakt")


class Turn(models.Model):
    """One school's period with a set. Handed over when every checklist step is recorded."""

    equipment = models.ForeignKey(EquipmentSet, on_delete=models.CASCADE, related_name="turns")
    school = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="+")
    application = models.ForeignKey(Application, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    starts_on = models.DateField(_("van"))
    ends_on = models.DateField(_("tot en met"))
    distance_km = models.FloatField(_("afstand vanaf de vorige school (km)"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=TurnStatus.choices, default=TurnStatus.PLANNED)
    drop_reason = models.TextField(_("reden van afhaken"), blank=True)

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("beurt")
        verbose_name_plural = _("beurten")
        constraints = [
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="equipment_turn_order"),
            # One live turn per set and start date: the rotation never gives the same period twice.
            models.UniqueConstraint(
                fields=["equipment", "starts_on"],
                condition=~models.Q(status="geannuleerd"),
                name="equipment_one_turn_per_start",
            ),
        ]
        indexes = [models.Index(fields=["equipment", "status"])]

    def __str__(self):
        return f"{self.equipment}: {self.school} ({self.starts_on:%d/%m/%Y} – {self.ends_on:%d/%m/%Y})"

    def get_absolute_url(self):
        return reverse("equipment:turn", kwargs={"pk": self.pk})


class HandoverStep(models.Model):
    """A checklist item done at the handover to ``turn``'s school: who, when, remarks."""

    turn = models.ForeignKey(Turn, on_delete=models.CASCADE, related_name="handover_steps")
    item = models.ForeignKey(ChecklistItem, null=True, on_delete=models.SET_NULL, related_name="+")
    step = models.CharField(_("stap"), max_length=20, choices=Step.choices)
    label = models.CharField(_("wat"), max_length=200)  # copied: the record stays true if the checklist changes
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    done_at = models.DateTimeField(default=timezone.now)
    note = models.CharField(_("opmerking"), max_length=300, blank=True)

    class Meta:
        ordering = ["done_at", "id"]
        verbose_name = _("overdrachtsstap")
        verbose_name_plural = _("overdrachtsstappen")
        constraints = [models.UniqueConstraint(fields=["turn", "item"], name="equipment_step_once")]

    def __str__(self):
        return f"{self.turn}: {self.label}"
