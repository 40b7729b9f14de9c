"""Reads of the nascholingsbudget: totals and overviews by SQL aggregation (one query per table)."""

from decimal import Decimal

from django.db.models import Count, DecimalField, F, Prefetch, Q, Sum, Value
from django.db.models.functions import Coalesce

from innovet.organisations.models import Membership, OrganisationKind
from innovet.organisations.permissions import memberships

from .models import Allocation, Cost, CostStatus, Plan, Priority, SchoolBudget, current_school_year
from .rules import VIEW_ROLES

ZERO = Value(Decimal("0"), output_field=DecimalField(max_digits=12, decimal_places=2))


def _sum(status):
    return Coalesce(Sum("amount", filter=Q(status=status)), ZERO)


STATUS_SUMS = {
    "planned": _sum(CostStatus.PLANNED),
    "committed": _sum(CostStatus.COMMITTED),
    "spent": _sum(CostStatus.SPENT),
}


def managed_schools(user):
    """Schools whose budget the user may see (director, TAC or manager of the school)."""
    return [
        m.organisation
        for m in memberships(user)
        if m.organisation.kind == OrganisationKind.SCHOOL and (m.role in VIEW_ROLES or m.can_manage)
    ]


def budgets(school):
    return list(school.pd_budgets.order_by("-school_year"))


def get_budget(school, school_year):
    return SchoolBudget.objects.select_related("school").filter(school=school, school_year=school_year).first()


def totals(budget):
    sums = budget.costs.aggregate(
        **STATUS_SUMS, pending=Count("id", filter=Q(status=CostStatus.PLANNED, amount__gt=budget.approval_threshold))
    )
    sums["amount"] = budget.amount
    sums["remaining"] = budget.amount - sums["committed"] - sums["spent"]
    sums["available"] = sums["remaining"] - sums["planned"]
    sums["allocated"] = budget.allocations.aggregate(s=Sum("amount"))["s"] or Decimal("0")
    return sums


def _with_remaining(rows, allocations):
    for row in rows:
        row["allocation"] = allocations.get(row["key"])
        row["remaining"] = (
            row["allocation"] - row["committed"] - row["spent"] if row["allocation"] is not None else None
        )
    return rows


def by_person(budget):
    """Per teacher: planned, committed, spent and (where a part of the budget is theirs) what remains."""
    rows = list(
        budget.costs.exclude(person=None)
        .exclude(status=CostStatus.CANCELLED)
        .order_by()
        .values("person", "person__first_name", "person__last_name")
        .annotate(n=Count("id"), **STATUS_SUMS)
        .order_by("person__last_name", "person__first_name")
    )
    for row in rows:
        row["key"] = row["person"]
        row["label"] = f"{row['person__first_name']} {row['person__last_name']}".strip()
    allocations = {a.person_id: a.amount for a in budget.allocations.exclude(person=None)}
    seen = {r["key"] for r in rows}
    extra = budget.allocations.exclude(person=None).exclude(person_id__in=seen).select_related("person")
    for a in extra:
        rows.append(
            {"key": a.person_id, "label": a.person.get_full_name(), "n": 0, "planned": 0, "committed": 0, "spent": 0}
        )
    return _with_remaining(rows, allocations)


def by_vakgroep(budget):
    rows = list(
        budget.costs.exclude(vakgroep="")
        .exclude(status=CostStatus.CANCELLED)
        .order_by()
        .values("vakgroep")
        .annotate(n=Count("id"), **STATUS_SUMS)
        .order_by("vakgroep")
    )
    allocations = {a.vakgroep.lower(): a.amount for a in budget.allocations.exclude(vakgroep="")}
    labels = {a.vakgroep.lower(): a.vakgroep for a in budget.allocations.exclude(vakgroep="")}
    for row in rows:
        row["key"] = row["vakgroep"].lower()
        row["label"] = row["vakgroep"]
    seen = {r["key"] for r in rows}
    for key, label in labels.items():
        if key not in seen:
            rows.append({"key": key, "label": label, "n": 0, "planned": 0, "committed": 0, "spent": 0})
    return _with_remaining(rows, allocations)


def by_theme(budget):
    rows = list(
        budget.costs.exclude(status=CostStatus.CANCELLED)
        .order_by()
        .values("theme__label")
        .annotate(n=Count("id"), **STATUS_SUMS)
        .order_by(F("theme__label").asc(nulls_last=True))
    )
    for row in rows:
        row["label"] = row["theme__label"]
    return rows


def costs(budget, status=None):
    qs = budget.costs.select_related("person", "theme", "priority", "approved_by", "budget")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("-created_at", "-id")


def pending(budget):
    return costs(budget, CostStatus.PLANNED).filter(amount__gt=budget.approval_threshold)


def allocations(budget):
    return budget.allocations.select_related("person").order_by("vakgroep", "person__last_name")


def plan(budget):
    """The plan with its priorities, each with its activities (costs) and the school's needs it answers."""
    found = Plan.objects.filter(budget=budget).first()
    if found is None:
        return None, []
    priorities = list(
        Priority.objects.filter(plan=found)
        .select_related("theme")
        .prefetch_related(
            "needs",
            Prefetch(
                "costs",
                queryset=Cost.objects.exclude(status=CostStatus.CANCELLED)
                .select_related("person")
                .order_by("created_at"),
            ),
        )
        .annotate(spent=Coalesce(Sum("costs__amount", filter=Q(costs__status=CostStatus.SPENT)), ZERO))
    )
    return found, priorities


def school_members(school):
    return (
        Membership.objects.filter(organisation=school, user__is_active=True)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


def remaining_for(user, today=None):
    """What the user can still spend this school year: their own reservation when they have one, else — for
    the school's management — the school's remaining budget. None when the user has no budget to go by."""
    if not getattr(user, "is_authenticated", False):
        return None
    year = current_school_year(today)
    own = (
        Allocation.objects.filter(person=user, budget__school_year=year, budget__closed_at__isnull=True)
        .select_related("budget")
        .first()
    )
    if own is not None:
        used = (
            own.budget.costs.filter(person=user, status__in=[CostStatus.COMMITTED, CostStatus.SPENT]).aggregate(
                s=Sum("amount")
            )["s"]
            or 0
        )
        return max(Decimal("0"), own.amount - used)
    for school in managed_schools(user):
        budget = get_budget(school, year)
        if budget is not None and not budget.is_closed:
            return max(Decimal("0"), totals(budget)["remaining"])
    return None


def dashboard_panel(request):
    user = request.user
    if not user.is_authenticated:
        return None
    schools = managed_schools(user)
    if not schools:
        return None
    year = current_school_year()
    rows = []
    for school in schools[:5]:
        budget = get_budget(school, year)
        rows.append({"school": school, "budget": budget, "totals": totals(budget) if budget else None})
    return {"rows": rows, "year": year}


def offer_box(offer, request):
    """The offer page's card: the school's management can put a priced offer on the budget (catalogue registry)."""
    user = request.user
    if not getattr(user, "is_authenticated", False) or not offer.is_published:
        return None
    year = current_school_year()
    budgets = []
    for school in managed_schools(user):
        if not user.has_perm("budget.change_budget", school):
            continue
        budget = get_budget(school, year)
        if budget is not None and not budget.is_closed:
            budgets.append({"budget": budget, "remaining": totals(budget)["remaining"]})
    if not budgets:
        return None
    return {"template": "budget/offer_box.html", "offer": offer, "budgets": budgets}
