"""The budget pages run a bounded number of queries: 16 costs for 16 teachers with themes and priorities,
16 allocations — one query per row would break the caps."""

from decimal import Decimal

import pytest
from django.urls import reverse

from innovet.budget.models import Allocation, Cost, CostStatus, Plan, Priority
from innovet.organisations.models import Role

from .conftest import term

pytestmark = pytest.mark.django_db
ROWS = 16


@pytest.fixture
def busy_budget(budget, make_user, school):
    heat = term("thema", "warmtepompen")
    plan = Plan.objects.create(budget=budget)
    priorities = [Priority.objects.create(plan=plan, title=f"Prioriteit {i}", theme=heat) for i in range(ROWS)]
    teachers = [make_user(org=school, role=Role.TEACHER, last_name=f"Leerkracht {i}") for i in range(ROWS)]
    Allocation.objects.bulk_create(Allocation(budget=budget, person=t, amount=Decimal("50")) for t in teachers)
    Cost.objects.bulk_create(
        Cost(
            budget=budget,
            title=f"Opleiding {i}",
            amount=Decimal("20") + i * 20,
            person=t,
            vakgroep=f"Vakgroep {i % 4}",
            theme=heat,
            priority=priorities[i],
            status=[CostStatus.PLANNED, CostStatus.COMMITTED, CostStatus.SPENT][i % 3],
        )
        for i, t in enumerate(teachers)
    )
    return budget


@pytest.mark.parametrize(
    ("name", "cap"),
    [("budget:year", 22), ("budget:plan", 16), ("budget:school", 14), ("budget:cost_create", 16)],
)
def test_budget_pages_have_a_query_cap(client, director, busy_budget, name, cap, django_assert_max_num_queries):
    client.force_login(director)
    if name == "budget:school":
        url = reverse(name, args=[busy_budget.school.slug])
    else:
        url = reverse(name, args=[busy_budget.school.slug, busy_budget.school_year])
    with django_assert_max_num_queries(cap):
        response = client.get(url)
    assert response.status_code == 200
    if name == "budget:year":
        assert response.content.decode().count("Opleiding ") >= ROWS
