"""Query caps for the lab list (search), the overview, the funding list and the dashboard panel: 15+ labs
with their schools, partners, commitments and milestones, so an N+1 breaks the cap."""

import pytest
from django.urls import reverse
from django.utils import timezone

from innovet.labs import selectors, services

from .conftest import term

pytestmark = pytest.mark.django_db


@pytest.fixture
def many_labs(w, make_lab):
    labs = []
    for i in range(16):
        lab = make_lab(title=f"Lab {i} warmtepompen", partners=[w.company], schools=[w.school])
        staff = term("bedrijfsmiddel", "personeel")
        services.add_commitment(w.contact, lab.partners.get(), {"category": staff, "amount": 8})
        labs.append(lab)
    services.add_teacher(w.broker, labs[0], w.teacher)
    return labs


def test_lab_list(client, many_labs, django_assert_max_num_queries):
    with django_assert_max_num_queries(14):
        response = client.get(reverse("labs:lab_list"))
    assert response.status_code == 200 and "16 labs gevonden" in response.content.decode()


def test_overview(client, w, many_labs, django_assert_max_num_queries):
    client.force_login(w.broker)
    client.get(reverse("labs:overview"))
    with django_assert_max_num_queries(20):
        response = client.get(reverse("labs:overview"))
    assert response.status_code == 200


def test_funding_list(client, w, many_labs, django_assert_max_num_queries):
    for i in range(16):
        data = {"title": f"Oproep {i}", "description": "d", "deadline": timezone.localdate()}
        services.post_funding(w.broker, w.rtc, {**data, "themes": [term("thema", "cobots")]})
    with django_assert_max_num_queries(8):
        response = client.get(reverse("labs:funding_list"))
    assert response.status_code == 200


def test_dashboard_and_selectors(client, w, many_labs, django_assert_max_num_queries):
    client.force_login(w.broker)
    client.get(reverse("core:dashboard"))
    with django_assert_max_num_queries(6):
        assert len(selectors.labs_for_person(w.broker)) == 16
    with django_assert_max_num_queries(6):
        assert len(selectors.labs_for_school(w.school)) == 16
    with django_assert_max_num_queries(1):
        selectors.phase_counts()
