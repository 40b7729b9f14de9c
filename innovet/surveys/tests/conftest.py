import pytest

from innovet.organisations.models import OrganisationKind, Role
from innovet.surveys import services
from innovet.surveys.models import SurveyTemplate


@pytest.fixture
def department(make_org):
    return make_org("Departement Onderwijs en Vorming", OrganisationKind.GOVERNMENT, "1000")


@pytest.fixture
def rtc(make_org):
    return make_org("RTC Limburg", OrganisationKind.RTC, "3500")


@pytest.fixture
def owner(make_user, department):
    return make_user(email="eigenaar@example.be", org=department, role=Role.ORG_ADMIN, is_manager=True)


@pytest.fixture
def outsider(make_user, rtc):
    """Member of another owner organisation: may run surveys, but not this one."""
    return make_user(email="ander@example.be", org=rtc, role=Role.RTC_STAFF)


def _published(owner, department, key):
    template = SurveyTemplate.objects.get(key=key)
    survey = services.create_survey(owner, department, template.title, template)
    services.publish(owner, survey)
    survey.refresh_from_db()
    return survey


@pytest.fixture
def survey_open(owner, department):
    """The study's questionnaire with open questions (Bijlage 2.1), published."""
    return _published(owner, department, "bijlage-2-1-open-vragen")


@pytest.fixture
def survey_closed_q(owner, department):
    """The study's questionnaire with closed questions (Bijlage 2.2), published."""
    return _published(owner, department, "bijlage-2-2-gesloten-vragen")
