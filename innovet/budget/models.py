"""Nascholingsbudget and nascholingsplan of a school, per school year.

The director sets the budget (and, where wanted, part of it per teacher or per vakgroep). Costs draw on it:
planned → committed (approved; costs up to the threshold need no approval) → spent (the teacher took part,
read from the participation ledger). The plan holds the team's priorities, linked to the school's needs in
matchmaking; the costs chosen against a priority are its activities; at the end of the year the director
writes what was done and closes the year.
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovet.taxonomy.models import term_fk

NOT_NEGATIVE = MinValueValidator(Decimal("0"), message=_("Een bedrag kan niet negatief zijn."))
DEFAULT_THRESHOLD = Decimal("100")  # the study: 70–100 € per teacher per year; above that the director decides


def school_year_of(day):
    start = day.year if day.month >= 9 else day.year - 1
    return f"{start}-{start + 1}"


def current_school_year(today=None):
    return school_year_of(today or timezone.localdate())


def school_year_end(school_year):
    return date(int(school_year[:4]) + 1, 8, 31)


def valid_school_year(value):
    try:
        start, end = (int(p) for p in value.split("-"))
    except (ValueError, AttributeError):
        return False
    return len(value) == 9 and end == start + 1 and 2000 <= start <= 2100


class SchoolBudget(models.Model):
    school = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("school"),
        on_delete=models.CASCADE,
        related_name="pd_budgets",
        limit_choices_to={"kind": "school"},
    )
    school_year = models.CharField(_("schooljaar"), max_length=9, help_text=_("bv. 2026-2027"))
    amount = models.DecimalField(_("budget (€)"), max_digits=10, decimal_places=2, validators=[NOT_NEGATIVE])
    approval_threshold = models.DecimalField(
        _("goedkeuring nodig boven (€)"),
        max_digits=8,
        decimal_places=2,
        default=DEFAULT_THRESHOLD,
        validators=[NOT_NEGATIVE],
        help_text=_("Kosten tot dit bedrag worden meteen vastgelegd; duurdere keurt de directeur goed."),
    )
    closed_at = models.DateTimeField(_("afgesloten op"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["school__name", "-school_year"]
        verbose_name = _("nascholingsbudget")
        verbose_name_plural = _("nascholingsbudgetten")
        constraints = [
            models.UniqueConstraint(fields=["school", "school_year"], name="budget_one_per_school_year"),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_amount_not_negative"),
            models.CheckConstraint(condition=models.Q(approval_threshold__gte=0), name="budget_threshold_not_negative"),
        ]

    def __str__(self):
        return f"{self.school} {self.school_year}"

    @property
    def is_closed(self):
        return self.closed_at is not None or school_year_end(self.school_year) < timezone.localdate()


class Allocation(models.Model):
    """Part of the budget reserved for one teacher or one vakgroep."""

    budget = models.ForeignKey(SchoolBudget, on_delete=models.CASCADE, related_name="allocations")
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leerkracht"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    vakgroep = models.CharField(_("vakgroep"), max_length=120, blank=True)
    amount = models.DecimalField(_("bedrag (€)"), max_digits=10, decimal_places=2, validators=[NOT_NEGATIVE])

    class Meta:
        ordering = ["vakgroep", "person__last_name", "id"]
        verbose_name = _("deelbudget")
        verbose_name_plural = _("deelbudgetten")
        constraints = [
            models.CheckConstraint(
                condition=(models.Q(person__isnull=False) & models.Q(vakgroep=""))
                | (models.Q(person__isnull=True) & ~models.Q(vakgroep="")),
                name="budget_allocation_person_or_vakgroep",
            ),
            models.UniqueConstraint(
                fields=["budget", "person"],
                condition=models.Q(person__isnull=False),
                name="budget_allocation_one_per_person",
            ),
            models.UniqueConstraint(
                fields=["budget", "vakgroep"],
                condition=~models.Q(vakgroep=""),
                name="budget_allocation_one_per_vakgroep",
            ),
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_allocation_not_negative"),
        ]

    def __str__(self):
        return f"{self.person or self.vakgroep}: {self.amount}"


class CostStatus(models.TextChoices):
    PLANNED = "gepland", _("Gepland")
    COMMITTED = "vastgelegd", _("Vastgelegd (goedgekeurd)")
    SPENT = "besteed", _("Besteed")
    CANCELLED = "geannuleerd", _("Geannuleerd")


DRAWING = (CostStatus.COMMITTED, CostStatus.SPENT)  # what has left the budget


class Plan(models.Model):
    budget = models.OneToOneField(SchoolBudget, on_delete=models.CASCADE, related_name="plan")
    introduction = models.TextField(_("toelichting"), blank=True, max_length=4000)
    review = models.TextField(
        _("terugblik op het schooljaar"),
        blank=True,
        max_length=8000,
        help_text=_("Wat is er gebeurd, wat nemen we mee?"),
    )
    reviewed_at = models.DateTimeField(_("terugblik geschreven op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("nascholingsplan")
        verbose_name_plural = _("nascholingsplannen")

    def __str__(self):
        return str(self.budget)


class Priority(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="priorities")
    title = models.CharField(_("prioriteit"), max_length=200)
    description = models.TextField(_("toelichting"), blank=True, max_length=2000)
    theme = term_fk("thema", _("thema"))
    needs = models.ManyToManyField(
        "matching.Need", verbose_name=_("noden van de school"), blank=True, related_name="plan_priorities"
    )
    outcome = models.TextField(_("wat is er gebeurd"), blank=True, max_length=4000)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("prioriteit")
        verbose_name_plural = _("prioriteiten")

    def __str__(self):
        return self.title


class Cost(models.Model):
    """A professional development cost of the school: a registration with a price, an offer, or by hand."""

    budget = models.ForeignKey(SchoolBudget, on_delete=models.CASCADE, related_name="costs")
    title = models.CharField(_("omschrijving"), max_length=300)
    amount = models.DecimalField(_("bedrag (€)"), max_digits=10, decimal_places=2, validators=[NOT_NEGATIVE])
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("leerkracht"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="pd_costs",
    )
    vakgroep = models.CharField(_("vakgroep"), max_length=120, blank=True)
    theme = term_fk("thema", _("thema"))
    priority = models.ForeignKey(
        Priority,
        verbose_name=_("prioriteit in het plan"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="costs",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=CostStatus.choices, default=CostStatus.PLANNED, db_index=True
    )
    # Where the cost comes from: a catalogue offer or an event registration (generic, so the budget never
    # imports its sources' models). Empty for a cost entered by hand.
    source_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    source_id = models.CharField(max_length=64, blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    approved_at = models.DateTimeField(_("goedgekeurd op"), null=True, blank=True)
    spent_at = models.DateTimeField(_("besteed op"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("kost")
        verbose_name_plural = _("kosten")
        indexes = [models.Index(fields=["budget", "status"]), models.Index(fields=["source_type", "source_id"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(amount__gte=0), name="budget_cost_not_negative"),
            # One live cost per source and person: a double click or a repeated signal adds nothing.
            models.UniqueConstraint(
                fields=["budget", "source_type", "source_id", "person"],
                condition=~models.Q(status="geannuleerd") & models.Q(source_type__isnull=False),
                name="budget_cost_once_per_source",
            ),
        ]

    def __str__(self):
        return f"{self.title} ({self.amount} €)"

    @property
    def needs_approval(self):
        return self.status == CostStatus.PLANNED and self.amount > self.budget.approval_threshold
