"""'Past in mijn resterende budget' on the catalogue: only offers whose price fits what the user has left."""

from decimal import Decimal

import pytest
from django.urls import reverse

from innovet.budget import services
from innovet.search import services as search

pytestmark = pytest.mark.django_db


@pytest.fixture
def offers(make_offer):
    made = [
        make_offer(title="Gratis webinar", cost=Decimal("0")),
        make_offer(title="Workshop 80", cost=Decimal("79.50")),
        make_offer(title="Opleiding 200", cost=Decimal("200")),
    ]
    for offer in made:
        search.index_object("offers", offer)
    return made


def titles(response):
    return {o.title for o in response.context["items"]}


def test_a_teacher_with_a_part_of_the_budget_sees_what_fits(client, director, budget, teacher, offers):
    services.set_allocation(director, budget, "100", person=teacher)
    services.add_cost(director, budget, title="Eerder", amount="20", person=teacher)
    client.force_login(teacher)
    url = reverse("catalogue:search")
    assert titles(client.get(url)) == {"Gratis webinar", "Workshop 80", "Opleiding 200"}
    response = client.get(url, {"binnenbudget": "1"})
    assert titles(response) == {"Gratis webinar", "Workshop 80"}  # 79,50 ≤ 80 left; 200 does not fit
    page = response.content.decode()
    assert "Past in mijn resterende budget (€ 80)" in page
    assert "Kostprijs in euro" not in page  # the price facet is a filter, not a panel


def test_nothing_fits_gives_an_empty_result_not_everything(client, director, budget, teacher, offers):
    services.set_allocation(director, budget, "100", person=teacher)
    services.add_cost(director, budget, title="Alles op", amount="100", person=teacher)
    client.force_login(teacher)
    response = client.get(reverse("catalogue:search"), {"binnenbudget": "1"})
    assert titles(response) == {"Gratis webinar"}


def test_without_a_budget_the_filter_says_why(client, teacher, offers):
    client.force_login(teacher)
    response = client.get(reverse("catalogue:search"), {"binnenbudget": "1"})
    assert len(titles(response)) == 3
    assert "geen nascholingsbudget om mee te vergelijken" in response.content.decode()
    assert 'name="binnenbudget"' not in response.content.decode()
