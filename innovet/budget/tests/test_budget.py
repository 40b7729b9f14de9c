"""The nascholingsbudget: setting it, costs that draw on it, approvals, and the rules against bad input."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from innovet.budget import selectors, services
from innovet.budget.models import Cost, CostStatus, SchoolBudget
from innovet.core.models import AuditLog

pytestmark = pytest.mark.django_db


def test_the_director_sets_the_budget_and_changes_it(director, school, year):
    budget = services.set_budget(director, school, year, "1500", "120")
    assert budget.amount == Decimal("1500") and budget.approval_threshold == Decimal("120")
    same = services.set_budget(director, school, year, "1800")
    assert same.pk == budget.pk and same.amount == Decimal("1800")
    assert SchoolBudget.objects.count() == 1
    assert list(AuditLog.objects.for_object(budget).values_list("action", flat=True)) == [
        "budget.changed",
        "budget.created",
    ] or {"budget.changed", "budget.created"} <= set(
        AuditLog.objects.for_object(budget).values_list("action", flat=True)
    )


def test_a_negative_budget_is_refused_in_dutch(director, school, year):
    with pytest.raises(ValidationError) as exc:
        services.set_budget(director, school, year, "-10")
    assert "niet negatief" in str(exc.value) and "onder nul" in str(exc.value)


def test_a_past_school_year_cannot_get_a_budget(director, school):
    with pytest.raises(ValidationError) as exc:
        services.set_budget(director, school, "2019-2020", "100")
    assert "is voorbij" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.set_budget(director, school, "2026/27", "100")
    assert "2026-2027" in str(exc.value)


def test_teachers_and_the_tac_cannot_set_the_budget(teacher, tac, school, year):
    for user in (teacher, tac):
        with pytest.raises(PermissionDenied):
            services.set_budget(user, school, year, "100")


def test_a_cost_up_to_the_threshold_is_committed_at_once_above_it_waits(director, budget, teacher):
    small = services.add_cost(director, budget, title="Workshop", amount="80", person=teacher)
    big = services.add_cost(director, budget, title="Opleiding PLC", amount="250", person=teacher)
    assert small.status == CostStatus.COMMITTED
    assert big.status == CostStatus.PLANNED and big.needs_approval
    totals = selectors.totals(budget)
    assert totals["committed"] == Decimal("80") and totals["planned"] == Decimal("250")
    assert totals["remaining"] == Decimal("920") and totals["available"] == Decimal("670")
    assert totals["pending"] == 1


def test_approving_twice_is_refused_and_counts_once(director, budget, teacher):
    cost = services.add_cost(director, budget, title="Opleiding PLC", amount="250", person=teacher)
    services.approve_cost(director, cost)
    with pytest.raises(ValidationError) as exc:
        services.approve_cost(director, cost)
    assert "al goedgekeurd" in str(exc.value) and "één keer" in str(exc.value)
    assert AuditLog.objects.filter(action="budget.cost.approved").count() == 1
    assert selectors.totals(budget)["committed"] == Decimal("250")


def test_a_cost_never_takes_the_budget_below_zero(director, budget):
    first = services.add_cost(director, budget, title="Traject", amount="900")
    services.approve_cost(director, first)
    second = services.add_cost(director, budget, title="Tweede traject", amount="150")
    assert second.status == CostStatus.PLANNED
    with pytest.raises(ValidationError) as exc:
        services.approve_cost(director, second)
    message = str(exc.value)
    assert "past niet" in message and "€ 100" in message and "onder nul" in message
    second.refresh_from_db()
    assert second.status == CostStatus.PLANNED
    with pytest.raises(ValidationError) as exc:
        services.set_budget(director, budget.school, budget.school_year, "800")
    assert "onder nul" in str(exc.value)


def test_a_teachers_part_of_the_budget_limits_their_costs(director, budget, teacher):
    services.set_allocation(director, budget, "100", person=teacher)
    services.add_cost(director, budget, title="Workshop 1", amount="80", person=teacher)
    other = services.add_cost(director, budget, title="Workshop 2", amount="50", person=teacher)
    assert other.status == CostStatus.PLANNED  # under the threshold, but it does not fit their 100 €
    with pytest.raises(ValidationError) as exc:
        services.approve_cost(director, other)
    assert "deelbudget van Lien Peeters" in str(exc.value)
    rows = {r["label"]: r for r in selectors.by_person(budget)}
    assert rows["Lien Peeters"]["remaining"] == Decimal("20")


def test_parts_of_the_budget_cannot_exceed_it(director, budget, teacher):
    services.set_allocation(director, budget, "600", vakgroep="Elektriciteit")
    with pytest.raises(ValidationError) as exc:
        services.set_allocation(director, budget, "500", person=teacher)
    assert "er kan nog € 400 bij" in str(exc.value)
    with pytest.raises(ValidationError):
        services.set_allocation(director, budget, "50", person=teacher, vakgroep="Bouw")


def test_overview_per_teacher_vakgroep_and_theme(director, budget, teacher):
    from innovet.taxonomy.models import Term

    heat = Term.objects.of("thema").get(code="warmtepompen")
    services.add_cost(director, budget, title="A", amount="60", person=teacher, vakgroep="Elektriciteit", theme=heat)
    services.add_cost(director, budget, title="B", amount="40", vakgroep="Elektriciteit", theme=heat)
    cancelled = services.add_cost(director, budget, title="C", amount="30", vakgroep="Bouw")
    services.cancel_cost(director, cancelled)
    vak = {r["label"]: r for r in selectors.by_vakgroep(budget)}
    assert vak["Elektriciteit"]["committed"] == Decimal("100") and "Bouw" not in vak
    themes = {r["label"]: r for r in selectors.by_theme(budget)}
    assert themes[heat.label]["committed"] == Decimal("100")


def test_the_plan_of_a_closed_year_cannot_change(director, budget):
    services.add_priority(director, budget, title="Warmtepompen in de derde graad")
    services.close_year(director, budget, "We volgden twee opleidingen en maakten lesmateriaal.")
    budget.refresh_from_db()
    assert budget.is_closed
    with pytest.raises(ValidationError) as exc:
        services.add_priority(director, budget, title="Nog iets")
    assert "2026" in str(exc.value) or "afgesloten" in str(exc.value)
    assert "afgesloten" in str(exc.value)
    with pytest.raises(ValidationError):
        services.add_cost(director, budget, title="Te laat", amount="10")


def test_the_plan_links_the_schools_needs_and_refuses_another_schools(director, budget, make_org, make_user):
    from innovet.matching import services as matching

    need = matching.create_need(
        director,
        budget.school,
        {
            "title": "Opleiding warmtepompen",
            "need_type": "vaktechnisch",
            "themes": ["warmtepompen"],
            "participation": "team",
            "teacher_count": 3,
            "max_distance_km": 40,
        },
    )
    priority = services.add_priority(director, budget, title="Warmtepompen", needs=[need])
    assert list(priority.needs.all()) == [need]
    other_school = make_org("Andere school", postcode="3500")
    other_director = make_user(org=other_school, role="directeur", is_manager=True)
    foreign = matching.create_need(
        other_director,
        other_school,
        {
            "title": "Iets anders",
            "need_type": "ict",
            "themes": ["cobots"],
            "participation": "individueel",
            "max_distance_km": 40,
        },
    )
    with pytest.raises(ValidationError) as exc:
        services.add_priority(director, budget, title="Fout", needs=[foreign])
    assert "eigen school" in str(exc.value)


def test_an_event_registration_with_a_price_draws_on_the_budget_until_attendance(
    director, budget, teacher, make_offer, make_event
):
    from innovet.events import services as events
    from innovet.events.models import Booking

    offer = make_offer(cost=Decimal("85"))
    event, session, organiser = make_event(offer=offer)
    registration = events.register(teacher, event, teacher, [session.pk])
    cost = Cost.objects.get(person=teacher)
    assert (
        cost.status == CostStatus.COMMITTED and cost.amount == Decimal("85") and cost.source_id == str(registration.pk)
    )
    booking = Booking.objects.get(registration=registration)
    events.confirm_attendance(organiser, event, {booking.pk: (True, "bezoeker")})
    cost.refresh_from_db()
    assert cost.status == CostStatus.SPENT and cost.spent_at is not None
    assert selectors.totals(budget)["spent"] == Decimal("85")


def test_a_cancelled_registration_frees_the_money(director, budget, teacher, make_offer, make_event):
    from innovet.events import services as events

    event, session, _organiser = make_event(offer=make_offer(cost=Decimal("60")))
    registration = events.register(teacher, event, teacher, [session.pk])
    events.cancel_registration(teacher, registration)
    assert Cost.objects.get(person=teacher).status == CostStatus.CANCELLED
    assert selectors.totals(budget)["committed"] == 0


def test_schools_without_a_budget_are_left_alone(teacher, make_offer, make_event):
    from innovet.events import services as events

    event, session, _organiser = make_event(offer=make_offer())
    events.register(teacher, event, teacher, [session.pk])
    assert not Cost.objects.exists()


def test_remaining_budget_for_the_catalogue_filter(director, budget, teacher, tac, make_user, school):
    assert selectors.remaining_for(teacher) is None  # no part of the budget of their own
    services.set_allocation(director, budget, "90", person=teacher)
    services.add_cost(director, budget, title="A", amount="30", person=teacher)
    assert selectors.remaining_for(teacher) == Decimal("60")
    assert selectors.remaining_for(tac) == Decimal("970")


# --- pages -------------------------------------------------------------------------------------------


def test_only_the_schools_management_sees_the_budget(client, director, tac, teacher, budget):
    url = reverse("budget:year", args=[budget.school.slug, budget.school_year])
    client.force_login(teacher)
    assert client.get(url).status_code == 403
    client.force_login(tac)
    assert client.get(url).status_code == 200
    client.force_login(director)
    page = client.get(url).content.decode()
    assert "€ 1.000" in page


def test_the_director_approves_a_cost_on_the_page_and_a_second_click_says_so(client, director, tac, budget):
    cost = services.add_cost(director, budget, title="Opleiding PLC", amount="250")
    url = reverse("budget:cost_approve", args=[cost.pk])
    client.force_login(tac)
    assert client.post(url).status_code == 403
    client.force_login(director)
    response = client.post(url, follow=True)
    assert "goedgekeurd en vastgelegd" in response.content.decode()
    response = client.post(url, follow=True)
    assert "al goedgekeurd" in response.content.decode()
    assert AuditLog.objects.filter(action="budget.cost.approved").count() == 1


def test_the_budget_form_reports_a_negative_amount_at_the_field(client, director, school, year):
    client.force_login(director)
    response = client.post(
        reverse("budget:school", args=[school.slug]),
        {"school_year": year, "amount": "-5", "approval_threshold": "100"},
    )
    assert response.status_code == 200
    assert "niet negatief" in response.content.decode()
    response = client.post(
        reverse("budget:school", args=[school.slug]),
        {"school_year": year, "amount": "1.250,50", "approval_threshold": "100"},
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    assert SchoolBudget.objects.get().amount == Decimal("1250.50")


def test_a_cost_from_a_catalogue_offer(client, director, budget, make_offer):
    offer = make_offer(cost=Decimal("75"))
    client.force_login(director)
    url = reverse("budget:cost_create", args=[budget.school.slug, budget.school_year])
    page = client.get(url, {"aanbod": offer.pk}).content.decode()
    assert offer.title in page
    response = client.post(url, {"title": offer.title, "amount": "75", "offer": offer.pk})
    assert response.status_code == 302
    cost = Cost.objects.get()
    assert cost.source_id == str(offer.pk) and cost.url == offer.get_absolute_url()
    client.post(url, {"title": offer.title, "amount": "75", "offer": offer.pk})
    assert Cost.objects.count() == 1  # a second submit of the same offer adds nothing


def test_the_plan_page_and_closing_the_year(client, director, budget):
    client.force_login(director)
    plan_url = reverse("budget:plan", args=[budget.school.slug, budget.school_year])
    client.post(reverse("budget:priority_create", args=[budget.school.slug, budget.school_year]), {"title": "Cobots"})
    assert "Cobots" in client.get(plan_url).content.decode()
    close_url = reverse("budget:close", args=[budget.school.slug, budget.school_year])
    assert client.post(close_url, {"review": "kort"}).status_code == 200
    response = client.post(close_url, {"review": "Twee opleidingen gevolgd, één les gemaakt."}, follow=True)
    assert "afgesloten" in response.content.decode()
    response = client.post(
        reverse("budget:priority_create", args=[budget.school.slug, budget.school_year]),
        {"title": "Te laat"},
        follow=True,
    )
    assert "is afgesloten" in response.content.decode()


def test_gdpr_export_and_erase(director, budget, teacher):
    from innovet.core import gdpr

    services.add_cost(director, budget, title="Workshop", amount="50", person=teacher)
    assert gdpr.export_user_data(teacher)["gegevens"]["nascholingsbudget"][0]["omschrijving"] == "Workshop"
    gdpr.erase_user(teacher)
    assert Cost.objects.get().person is None
    assert selectors.totals(budget)["committed"] == Decimal("50")


def test_the_offer_page_lets_the_management_put_it_on_the_budget(client, director, teacher, budget, make_offer):
    offer = make_offer(cost=Decimal("75"))
    client.force_login(director)
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "Opnemen in het nascholingsbudget" in page and f"?aanbod={offer.pk}" in page
    client.force_login(teacher)
    assert "Opnemen in het nascholingsbudget" not in client.get(offer.get_absolute_url()).content.decode()
