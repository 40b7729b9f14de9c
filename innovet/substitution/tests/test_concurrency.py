"""Real threads against PostgreSQL: a double click (or two leaders at once) confirms a substitution once,
and two requests for one activity at once leave exactly one (row lock + partial unique index)."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from innovet.core.models import AuditLog
from innovet.placements import services as placements
from innovet.placements.tests.conftest import apply_data
from innovet.substitution import services
from innovet.substitution.models import SubstitutionRequest
from tests.concurrency import run_together

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks need PostgreSQL"),
]


def _outcome(fn):
    try:
        fn()
        return "ok"
    except ValidationError:
        return "refused"


def test_concurrent_requests_and_confirmations_happen_once(place, teacher, director, syntra_staff, offer):
    application = placements.decide_release(director, placements.apply(teacher, place, apply_data(place)), True)
    results, errors = run_together(
        lambda: _outcome(lambda: services.create_request(teacher, "bedrijfsstage", application, {})), n=4
    )
    assert not errors, errors
    assert sorted(results) == ["ok"] + ["refused"] * 3
    request = SubstitutionRequest.objects.get()
    services.propose(teacher, request, offer)
    services.answer(syntra_staff, request, True)
    results, errors = run_together(
        lambda: _outcome(lambda: services.confirm(director, SubstitutionRequest.objects.get(pk=request.pk))), n=4
    )
    assert not errors, errors
    assert sorted(results) == ["ok"] + ["refused"] * 3
    assert AuditLog.objects.filter(action="substitution.request.confirmed").count() == 1
