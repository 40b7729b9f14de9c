"""The need form says everything that is wrong in one round; suggestions say who offers and how far."""

import pytest
from django.urls import reverse
from django.utils.html import escape

from innovet.core.testing import browser_form_data
from innovet.matching import services
from innovet.matching.models import Need
from innovet.organisations.models import OrganisationKind

from .conftest import need_data, service_data

pytestmark = pytest.mark.django_db


def test_required_fields_and_the_budget_period_and_distance_rules_are_reported_together(client, school, teacher):
    client.force_login(teacher)
    data = need_data(
        school,
        title="",
        budget_per_participant="-10",
        period_start="2027-06-01",
        period_end="2027-01-01",
        max_distance_km="500",
    )
    response = client.post(reverse("matching:need_create"), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert set(errors) >= {"title", "budget_per_participant", "period_end", "max_distance_km"}
    assert errors["title"] == ["Dit veld is vereist."]  # one message per problem, not the service's twin
    html = response.content.decode()
    assert "kan niet negatief zijn" in html and "ligt vóór het begin" in html and "tussen 1 en 200 km" in html
    assert not Need.objects.exists()


def test_offer_suggestions_name_the_provider_and_the_distance_and_group_repeated_titles(
    client, school, teacher, make_offer, make_org, installer
):
    other = make_org("Klimaattechniek Gent", OrganisationKind.COMPANY, "9000")
    for provider in (installer, other, installer):
        make_offer("Workshop warmtepompen", provider=provider)
    make_offer("Warmtepompen onderhouden", provider=other)
    need = services.create_need(teacher, school, service_data())
    assert need.suggestions.filter(kind="aanbod").count() == 4
    client.force_login(teacher)
    response = client.get(need.get_absolute_url())
    html = response.content.decode()
    offers = dict((kind, items) for kind, _title, items in response.context["sections"])["aanbod"]
    assert sorted(s.offer_obj.title for s in offers) == ["Warmtepompen onderhouden", "Workshop warmtepompen"]
    assert html.count(">Workshop warmtepompen</a>") == 1
    assert "Nog 2 keer aangeboden met dezelfde titel" in html
    assert escape(installer.name) in html and escape(other.name) in html
    assert "van je school" in html and " km" in html


@pytest.mark.parametrize(("button", "status"), [("Nood is ingevuld", "afgerond"), ("Intrekken", "ingetrokken")])
def test_closing_a_need_asks_for_confirmation_first(client, school, teacher, button, status):
    need = services.create_need(teacher, school, service_data())
    client.force_login(teacher)
    detail = client.get(need.get_absolute_url()).content.decode()
    url = reverse("matching:need_status", args=[need.pk])
    assert f'href="{url}?status={status}"' in detail and button in detail
    # Following the button, or posting the old one-click form, only shows the question.
    for response in (client.get(url, {"status": status}), client.post(url, {"status": status})):
        assert response.status_code == 200
        need.refresh_from_db()
        assert need.status == Need.Status.NEW
    page = response.content.decode()
    assert 'name="bevestigd" value="1"' in page and need.get_absolute_url() in page  # confirm, or go back
    confirmed = client.post(url, browser_form_data(page, "bevestigd"))
    assert confirmed.status_code == 302
    need.refresh_from_db()
    assert need.status == status
