"""Real threads against PostgreSQL: a cost approved by eight clicks at once is committed once; eight
different costs approved at once never take the budget below zero (the budget row is locked)."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from innovet.budget import selectors, services
from innovet.budget.models import CostStatus
from innovet.core.models import AuditLog
from tests.concurrency import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def _approve(director, cost):
    def go():
        try:
            services.approve_cost(director, cost)
            return "ok"
        except ValidationError:
            return "refused"

    return go


def test_one_cost_approved_at_once_counts_once(director, budget):
    cost = services.add_cost(director, budget, title="Opleiding PLC", amount="250")
    results, errors = run_together(_approve(director, cost), n=8)
    assert not errors
    assert sorted(results) == ["ok"] + ["refused"] * 7
    assert AuditLog.objects.filter(action="budget.cost.approved").count() == 1
    assert selectors.totals(budget)["committed"] == Decimal("250")


def test_costs_approved_at_once_never_go_below_zero(director, budget):
    costs = [services.add_cost(director, budget, title=f"Traject {i}", amount="300") for i in range(8)]
    jobs = iter(costs)
    results, errors = run_together(lambda: _approve(director, next(jobs))(), n=8)
    assert not errors
    assert results.count("ok") == 3  # 3 × 300 fits in 1,000; the fourth would go below zero
    assert selectors.totals(budget)["committed"] == Decimal("900")
    assert budget.costs.filter(status=CostStatus.PLANNED).count() == 5
