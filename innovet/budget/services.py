"""Writes of the nascholingsbudget and -plan. Every write runs in a transaction, under a row lock on the
budget where money moves (two approvals at once never both pass the 'not below zero' check), and is audited.

Errors are Dutch ``ValidationError``s that say what is wrong and what is left.
"""

from decimal import Decimal, InvalidOperation

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from innovet.core.audit import log_action
from innovet.organisations.models import OrganisationKind
from innovet.organisations.permissions import require

from .models import (
    DRAWING,
    Allocation,
    Cost,
    CostStatus,
    Plan,
    Priority,
    SchoolBudget,
    current_school_year,
    school_year_end,
    valid_school_year,
)


def euro(amount):
    amount = Decimal(amount or 0)
    places = 0 if amount == amount.to_integral_value() else 2
    return f"€ {number_format(amount, places, use_l10n=True, force_grouping=True)}"


def _amount(value, field="amount"):
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (InvalidOperation, TypeError, ValueError):
        raise ValidationError({field: _("Geef een bedrag in euro, bv. 85 of 85,50.")}) from None
    if amount < 0:
        raise ValidationError({field: _("Een bedrag kan niet negatief zijn: het budget kan niet onder nul.")})
    if amount >= Decimal("100000000"):
        raise ValidationError({field: _("Dat bedrag is te groot.")})
    return amount


def _check_open(budget, what):
    if budget.is_closed:
        raise ValidationError(
            _("Het schooljaar %(year)s is afgesloten: %(what)s kan niet meer.")
            % {"year": budget.school_year, "what": what}
        )


def _locked(budget):
    return SchoolBudget.objects.select_for_update(of=("self",)).select_related("school").get(pk=budget.pk)


def drawn(budget, extra=None):
    """What has left the budget (committed + spent), by the database."""
    extra = extra if extra is not None else Q()
    return Cost.objects.filter(Q(budget=budget, status__in=DRAWING) & extra).aggregate(s=Sum("amount"))["s"] or Decimal(
        "0"
    )


# --- the budget ------------------------------------------------------------------------------------


@transaction.atomic
def set_budget(user, school, school_year, amount, approval_threshold=None):
    """Create or change the school's budget for a school year."""
    require(user, "budget.change_budget", school)
    if school.kind != OrganisationKind.SCHOOL:
        raise ValidationError(_("Alleen een school heeft een nascholingsbudget."))
    school_year = (school_year or "").strip()
    if not valid_school_year(school_year):
        raise ValidationError({"school_year": _("Schrijf het schooljaar als 2026-2027.")})
    if school_year_end(school_year) < timezone.localdate():
        raise ValidationError(
            {
                "school_year": _("Het schooljaar %(year)s is voorbij: kies het huidige of een volgend schooljaar.")
                % {"year": school_year}
            }
        )
    amount = _amount(amount)
    threshold = None if approval_threshold in (None, "") else _amount(approval_threshold, "approval_threshold")
    budget = SchoolBudget.objects.select_for_update().filter(school=school, school_year=school_year).first()
    if budget is None:
        try:
            with transaction.atomic():
                budget = SchoolBudget.objects.create(
                    school=school,
                    school_year=school_year,
                    amount=amount,
                    created_by=user,
                    **({"approval_threshold": threshold} if threshold is not None else {}),
                )
        except IntegrityError:  # a second click at the same moment: change the one that won
            budget = SchoolBudget.objects.select_for_update().get(school=school, school_year=school_year)
        else:
            log_action(budget, "budget.created", user, {"amount": str(amount)})
            return budget
    _check_open(budget, _("het budget wijzigen"))
    used = drawn(budget)
    if amount < used:
        raise ValidationError(
            {
                "amount": _(
                    "Het budget kan niet lager dan wat al vastgelegd of besteed is (%(used)s): "
                    "anders komt het onder nul."
                )
                % {"used": euro(used)}
            }
        )
    allocated = budget.allocations.aggregate(s=Sum("amount"))["s"] or Decimal("0")
    if amount < allocated:
        raise ValidationError(
            {
                "amount": _("De deelbudgetten samen zijn al %(allocated)s; verlaag die eerst.")
                % {"allocated": euro(allocated)}
            }
        )
    changes = {"amount": [str(budget.amount), str(amount)]}
    budget.amount = amount
    fields = ["amount", "updated_at"]
    if threshold is not None:
        changes["threshold"] = [str(budget.approval_threshold), str(threshold)]
        budget.approval_threshold = threshold
        fields.append("approval_threshold")
    budget.save(update_fields=fields)
    log_action(budget, "budget.changed", user, changes)
    return budget


@transaction.atomic
def set_allocation(user, budget, amount, person=None, vakgroep=""):
    """Reserve part of the budget for a teacher or a vakgroep (amount 0 removes the reservation)."""
    require(user, "budget.change_budget", budget.school)
    budget = _locked(budget)
    _check_open(budget, _("deelbudgetten wijzigen"))
    vakgroep = (vakgroep or "").strip()
    if (person is None) == (not vakgroep):
        raise ValidationError(_("Kies een leerkracht óf vul een vakgroep in (niet allebei)."))
    if person is not None and not person.memberships.filter(organisation=budget.school).exists():
        raise ValidationError({"person": _("Die persoon werkt niet op deze school.")})
    amount = _amount(amount)
    current = (
        Allocation.objects.filter(budget=budget, person=person)
        if person
        else Allocation.objects.filter(budget=budget, vakgroep=vakgroep)
    )
    existing = current.first()
    others = budget.allocations.exclude(pk=existing.pk if existing else None).aggregate(s=Sum("amount"))[
        "s"
    ] or Decimal("0")
    if others + amount > budget.amount:
        raise ValidationError(
            {
                "amount": _(
                    "Dat past niet: van het budget (%(total)s) is al %(others)s verdeeld; er kan nog %(left)s bij."
                )
                % {"total": euro(budget.amount), "others": euro(others), "left": euro(budget.amount - others)}
            }
        )
    target = Q(person=person) if person else Q(vakgroep__iexact=vakgroep)
    used = drawn(budget, target)
    if amount and amount < used:
        raise ValidationError(
            {
                "amount": _("Er is al %(used)s vastgelegd of besteed; het deelbudget kan niet lager.")
                % {"used": euro(used)}
            }
        )
    if not amount:
        if existing:
            existing.delete()
            log_action(
                budget,
                "budget.allocation.removed",
                user,
                {"person": person.pk if person else None, "vakgroep": vakgroep},
            )
        return None
    if existing:
        existing.amount = amount
        existing.save(update_fields=["amount"])
    else:
        existing = Allocation.objects.create(budget=budget, person=person, vakgroep=vakgroep, amount=amount)
    log_action(
        budget,
        "budget.allocation.set",
        user,
        {"person": person.pk if person else None, "vakgroep": vakgroep, "amount": str(amount)},
    )
    return existing


# --- costs -----------------------------------------------------------------------------------------


def _limits(budget, cost):
    """(label, limit, drawn) for the whole budget and the teacher's / vakgroep's reservation, if any."""
    limits = [(_("het schoolbudget"), budget.amount, drawn(budget))]
    if cost.person_id:
        allocation = budget.allocations.filter(person_id=cost.person_id).first()
        if allocation:
            limits.append(
                (
                    _("het deelbudget van %(name)s") % {"name": cost.person},
                    allocation.amount,
                    drawn(budget, Q(person_id=cost.person_id)),
                )
            )
    if cost.vakgroep:
        allocation = budget.allocations.filter(vakgroep__iexact=cost.vakgroep).first()
        if allocation:
            limits.append(
                (
                    _("het deelbudget van de vakgroep %(name)s") % {"name": allocation.vakgroep},
                    allocation.amount,
                    drawn(budget, Q(vakgroep__iexact=cost.vakgroep)),
                )
            )
    return limits


def _check_room(budget, cost):
    for label, limit, used in _limits(budget, cost):
        if used + cost.amount > limit:
            raise ValidationError(
                _(
                    "Deze kost (%(amount)s) past niet in %(label)s: er blijft nog %(left)s over. "
                    "Het budget kan niet onder nul; verhoog het budget of kies een goedkopere activiteit."
                )
                % {"amount": euro(cost.amount), "label": label, "left": euro(limit - used)}
            )


def _fits(budget, cost):
    try:
        _check_room(budget, cost)
    except ValidationError:
        return False
    return True


@transaction.atomic
def add_cost(
    user, budget, *, title, amount, person=None, vakgroep="", theme=None, priority=None, source=None, url="", check=True
):
    """Plan a cost. Up to the threshold (and when it fits) it is committed at once; above it, it waits for the
    director. ``source``: the offer or registration it comes from (at most one live cost per source and person)."""
    if check:
        require(user, "budget.change_budget", budget.school)
    budget = _locked(budget)
    _check_open(budget, _("een kost toevoegen"))
    title = (title or "").strip()[:300]
    if not title:
        raise ValidationError({"title": _("Geef een omschrijving.")})
    amount = _amount(amount)
    if priority is not None and priority.plan.budget_id != budget.pk:
        raise ValidationError({"priority": _("Die prioriteit hoort bij een ander plan.")})
    if person is not None and not person.memberships.filter(organisation=budget.school).exists():
        raise ValidationError({"person": _("Die persoon werkt niet op deze school.")})
    source_type = ContentType.objects.get_for_model(source) if source is not None else None
    source_id = str(source.pk) if source is not None else ""
    if source is not None:
        existing = (
            Cost.objects.filter(budget=budget, source_type=source_type, source_id=source_id, person=person)
            .exclude(status=CostStatus.CANCELLED)
            .first()
        )
        if existing:
            return existing
    cost = Cost(
        budget=budget,
        title=title,
        amount=amount,
        person=person,
        vakgroep=(vakgroep or "").strip()[:120],
        theme=theme,
        priority=priority,
        source_type=source_type,
        source_id=source_id,
        url=(url or "")[:300],
        requested_by=user if getattr(user, "is_authenticated", False) else None,
    )
    if amount <= budget.approval_threshold and _fits(budget, cost):
        cost.status = CostStatus.COMMITTED
        cost.approved_at = timezone.now()
    try:
        with transaction.atomic():
            cost.save()
    except IntegrityError:
        return Cost.objects.get(
            budget=budget,
            source_type=source_type,
            source_id=source_id,
            person=person,
            status__in=[CostStatus.PLANNED, *DRAWING],
        )
    log_action(cost, "budget.cost.planned", user, {"amount": str(amount), "status": cost.status})
    return cost


def _locked_cost(cost):
    cost = Cost.objects.select_for_update(of=("self",)).select_related("budget__school", "approved_by").get(pk=cost.pk)
    # Lock the budget as well: approvals of two costs at once must see each other's money.
    cost.budget = _locked(cost.budget)
    return cost


@transaction.atomic
def approve_cost(user, cost):
    """The director approves a planned cost: it is committed. A second approval is refused, never counted twice."""
    require(user, "budget.approve_cost", cost.budget.school)
    cost = _locked_cost(cost)
    if cost.status in DRAWING:
        who = cost.approved_by or _("automatisch (onder de drempel)")
        when = date_format(timezone.localtime(cost.approved_at), "j F Y H:i") if cost.approved_at else ""
        raise ValidationError(
            _("Deze kost is al goedgekeurd (%(who)s, %(when)s): hij telt maar één keer mee.")
            % {"who": who, "when": when}
        )
    if cost.status == CostStatus.CANCELLED:
        raise ValidationError(_("Deze kost is geannuleerd en kan niet meer goedgekeurd worden."))
    _check_open(cost.budget, _("een kost goedkeuren"))
    _check_room(cost.budget, cost)
    cost.status = CostStatus.COMMITTED
    cost.approved_by = user
    cost.approved_at = timezone.now()
    cost.save(update_fields=["status", "approved_by", "approved_at"])
    log_action(cost, "budget.cost.approved", user, {"amount": str(cost.amount)})
    return cost


@transaction.atomic
def mark_spent(user, cost, *, automatic=False):
    """The activity took place: the cost is spent (from attendance, or by the director for an outside offer)."""
    if not automatic:
        require(user, "budget.approve_cost", cost.budget.school)
    cost = _locked_cost(cost)
    if cost.status == CostStatus.SPENT:
        return cost
    if cost.status == CostStatus.CANCELLED:
        raise ValidationError(_("Deze kost is geannuleerd."))
    if cost.status == CostStatus.PLANNED:
        # Taking part without approval still costs the money: it must fit (it is recorded either way when
        # the ledger says so, so the overview is true; a manual action is refused).
        if not automatic:
            _check_room(cost.budget, cost)
    cost.status = CostStatus.SPENT
    cost.spent_at = timezone.now()
    cost.save(update_fields=["status", "spent_at"])
    log_action(cost, "budget.cost.spent", user, {"automatic": automatic})
    return cost


@transaction.atomic
def cancel_cost(user, cost, *, automatic=False):
    if not automatic:
        require(user, "budget.approve_cost", cost.budget.school)
    cost = _locked_cost(cost)
    if cost.status == CostStatus.CANCELLED:
        return cost
    if cost.status == CostStatus.SPENT:
        raise ValidationError(_("Deze kost is al besteed en kan niet meer geannuleerd worden."))
    cost.status = CostStatus.CANCELLED
    cost.save(update_fields=["status"])
    log_action(cost, "budget.cost.cancelled", user, {"automatic": automatic})
    return cost


# --- the plan --------------------------------------------------------------------------------------


def _plan_for_update(user, budget, what):
    require(user, "budget.change_budget", budget.school)
    budget = _locked(budget)
    _check_open(budget, what)
    plan, _created = Plan.objects.get_or_create(budget=budget)
    return plan


@transaction.atomic
def save_plan(user, budget, introduction):
    plan = _plan_for_update(user, budget, _("een nascholingsplan maken of wijzigen"))
    plan.introduction = (introduction or "").strip()[:4000]
    plan.save(update_fields=["introduction", "updated_at"])
    log_action(plan, "budget.plan.saved", user)
    return plan


@transaction.atomic
def add_priority(user, budget, *, title, description="", theme=None, needs=()):
    plan = _plan_for_update(user, budget, _("een nascholingsplan maken of wijzigen"))
    title = (title or "").strip()[:200]
    if not title:
        raise ValidationError({"title": _("Geef de prioriteit een naam.")})
    needs = list(needs)
    if any(n.school_id != budget.school_id for n in needs):
        raise ValidationError({"needs": _("Kies alleen noden van je eigen school.")})
    last = plan.priorities.order_by("-position").values_list("position", flat=True).first() or 0
    priority = Priority.objects.create(
        plan=plan, title=title, description=(description or "").strip()[:2000], theme=theme, position=last + 1
    )
    priority.needs.set(needs)
    log_action(plan, "budget.priority.added", user, {"priority": priority.pk, "title": title})
    return priority


@transaction.atomic
def update_priority(user, priority, *, title, description="", theme=None, needs=(), outcome=""):
    plan = _plan_for_update(user, priority.plan.budget, _("het nascholingsplan wijzigen"))
    priority = Priority.objects.select_for_update().get(pk=priority.pk, plan=plan)
    title = (title or "").strip()[:200]
    if not title:
        raise ValidationError({"title": _("Geef de prioriteit een naam.")})
    needs = list(needs)
    if any(n.school_id != plan.budget.school_id for n in needs):
        raise ValidationError({"needs": _("Kies alleen noden van je eigen school.")})
    priority.title, priority.description, priority.theme = title, (description or "").strip()[:2000], theme
    priority.outcome = (outcome or "").strip()[:4000]
    priority.save()
    priority.needs.set(needs)
    log_action(plan, "budget.priority.changed", user, {"priority": priority.pk})
    return priority


@transaction.atomic
def close_year(user, budget, review):
    """The end-of-year review: what was done. Closing makes the year read-only (budget, costs, plan)."""
    plan = _plan_for_update(user, budget, _("het schooljaar afsluiten"))
    review = (review or "").strip()
    if len(review) < 10:
        raise ValidationError({"review": _("Schrijf kort wat er dit schooljaar gebeurd is (minstens 10 tekens).")})
    plan.review = review[:8000]
    plan.reviewed_at = timezone.now()
    plan.save(update_fields=["review", "reviewed_at", "updated_at"])
    SchoolBudget.objects.filter(pk=plan.budget_id).update(closed_at=timezone.now())
    log_action(plan.budget, "budget.year.closed", user)
    return plan


# --- hooks: registrations with a cost, and attendance from the participation ledger ------------------


def budget_for(school, school_year=None):
    if school is None:
        return None
    return SchoolBudget.objects.filter(school=school, school_year=school_year or current_school_year()).first()


def cost_from_registration(registration):
    """A new event registration whose event is a catalogue offer with a price draws on the school's budget.

    Schools that keep no budget for that school year are left alone."""
    event = registration.event
    offer = getattr(event, "offer", None)
    if registration.person_id is None or registration.school_id is None or offer is None or not offer.cost:
        return None
    first = event.days.order_by("date").values_list("date", flat=True).first()
    budget = budget_for(registration.school, current_school_year(first) if first else None)
    if budget is None or budget.is_closed:
        return None
    theme = offer.themes.first()
    return add_cost(
        registration.registered_by,
        budget,
        title=event.title,
        amount=offer.cost,
        person=registration.person,
        theme=theme,
        source=registration,
        url=event.get_absolute_url(),
        check=False,
    )


def cancel_for_source(source):
    ct = ContentType.objects.get_for_model(source)
    for cost in Cost.objects.filter(
        source_type=ct, source_id=str(source.pk), status__in=[CostStatus.PLANNED, CostStatus.COMMITTED]
    ):
        cancel_cost(None, cost, automatic=True)


def spend_for_participation(record):
    """A participation record says the person took part: their live costs for that activity become spent."""
    from . import sources

    if record.person_id is None:
        return 0
    spent = 0
    for cost in sources.costs_for_participation(record):
        mark_spent(None, cost, automatic=True)
        spent += 1
    return spent


# --- GDPR ------------------------------------------------------------------------------------------


def user_data(user):
    return [
        {
            "school": c.budget.school.name,
            "schooljaar": c.budget.school_year,
            "omschrijving": c.title,
            "bedrag": str(c.amount),
            "status": c.get_status_display(),
        }
        for c in Cost.objects.filter(person=user).select_related("budget__school")
    ]


def erase_user(user):
    # The school's money stays accounted for (its totals must add up); the cost no longer names the person.
    Cost.objects.filter(person=user).update(person=None)
    Allocation.objects.filter(person=user).delete()
