"""Concurrent submits: one response per token, one completion per response (PostgreSQL; SQLite serialises
writers anyway, so these run only there)."""

import threading
import uuid

import pytest
from django.conf import settings
from django.db import connection
from django.http import QueryDict

from innovet.geo.models import Province
from innovet.organisations.models import Membership, Organisation, OrganisationKind, Role
from innovet.surveys import services
from innovet.surveys.models import Answer, Response, SurveyTemplate

pytestmark = [
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="concurrency is tested on PostgreSQL"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def survey_open(django_user_model):
    """Built without the reference data (postcodes), which a transactional test's flush removes for the next."""
    province, _created = Province.objects.get_or_create(
        nis_code="04000", defaults={"name": "Brussels Hoofdstedelijk Gewest", "slug": "brussel", "region": "Brussel"}
    )
    department = Organisation.objects.create(
        name="Departement Onderwijs en Vorming",
        slug="dov",
        kind=OrganisationKind.GOVERNMENT,
        postcode="1000",
        province=province,
    )
    owner = django_user_model.objects.create_user(email="eigenaar@example.be", password="Een-sterk-wachtwoord-1")
    Membership.objects.create(user=owner, organisation=department, role=Role.ORG_ADMIN, is_manager=True)
    services.load_templates()
    template = SurveyTemplate.objects.get(key="bijlage-2-1-open-vragen")
    survey = services.create_survey(owner, department, template.title, template)
    services.publish(owner, survey)
    survey.refresh_from_db()
    survey.test_owner = owner
    return survey


def _run_together(target, n=4):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(target())
        except Exception as exc:  # collected and asserted below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors


def test_concurrent_starts_with_one_invitation_create_one_response(survey_open):
    invitation = services.add_invitations(survey_open.test_owner, survey_open, [("an@school.be", "An")])[0]
    results, errors = _run_together(
        lambda: services.start_response(survey_open, start_key=uuid.uuid4(), invitation=invitation).pk
    )
    assert not errors
    assert len(set(results)) == 1
    assert Response.objects.filter(survey=survey_open).count() == 1


def test_concurrent_double_click_on_start_creates_one_response(survey_open):
    key = uuid.uuid4()
    results, errors = _run_together(lambda: services.start_response(survey_open, start_key=key).pk)
    assert not errors and len(set(results)) == 1
    assert Response.objects.filter(survey=survey_open).count() == 1


def test_concurrent_submits_of_the_same_page_store_it_once(survey_open):
    response = services.start_response(survey_open, start_key=uuid.uuid4())
    page = response.version.pages.get(position=1)
    data = QueryDict(mutable=True)
    data["q_actief_in"] = "leerkracht"

    def submit():
        try:
            return services.submit_page(response.pk, page.pk, response.version_id, data).parsed.ok
        except services.SurveyError:
            return "geweigerd"

    results, errors = _run_together(submit)
    assert not errors
    assert results.count(True) == 1 and results.count("geweigerd") == 3
    assert Answer.objects.filter(response=response).count() == 1
    response.refresh_from_db()
    assert response.current_page == 2
