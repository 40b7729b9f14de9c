"""Real threads against PostgreSQL: the company's decisions take a row lock on the place, so two contacts
accepting different teachers for the last place at once hand out exactly that one place; a double click on
'Vervanging bevestigen' confirms once."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from innovet.organisations.models import Role
from innovet.placements import services
from innovet.placements.models import Application, ApplicationStatus
from tests.concurrency import run_together

from .conftest import apply_data

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def test_concurrent_acceptances_never_exceed_the_places(make_place, school, make_user, director, company):
    place = make_place(places=2)
    contacts = [make_user(org=company, role=Role.COMPANY_CONTACT) for _ in range(6)]
    applications = []
    for _ in range(6):
        teacher = make_user(org=school, role=Role.TEACHER)
        applications.append(services.decide_release(director, services.apply(teacher, place, apply_data(place)), True))
    pending = list(zip(contacts, applications, strict=True))

    def accept():
        contact, application = pending.pop()
        try:
            services.decide(contact, Application.objects.get(pk=application.pk), True)
            return "aanvaard"
        except ValidationError:
            return "vol"

    results, errors = run_together(accept, n=6)
    assert not errors, errors
    assert sorted(results) == ["aanvaard"] * 2 + ["vol"] * 4
    assert Application.objects.filter(place=place, status=ApplicationStatus.ACCEPTED).count() == 2
