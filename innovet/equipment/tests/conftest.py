import pytest

from innovet.equipment import services
from innovet.organisations.models import OrganisationKind, Role


@pytest.fixture
def owner(make_org):
    return make_org("Diagnose Car vzw", OrganisationKind.OTHER, "1070")


@pytest.fixture
def owner_staff(make_user, owner):
    return make_user(email="beheer@diagnosecar.example", org=owner, role=Role.STAFF)


@pytest.fixture
def car(owner, owner_staff):
    return services.save_set(
        owner_staff,
        owner,
        {
            "name": "Diagnosewagen 1",
            "description": "Hybride wagen met diagnoseapparatuur.",
            "rotation_months": 5,
            "conditions": "Afgesloten garage op school.",
            "requires_training": False,
            "checklist": "",
        },
    )


@pytest.fixture
def schools(make_org, make_user):
    """Four schools (Gent, Aalst, Brugge, Hasselt), each with a teacher: [(school, teacher)]."""
    out = []
    for name, postcode in (
        ("VTI Gent", "9000"),
        ("VTI Aalst", "9300"),
        ("VTI Brugge", "8000"),
        ("GO! Hasselt", "3500"),
    ):
        school = make_org(name, OrganisationKind.SCHOOL, postcode)
        out.append((school, make_user(org=school, role=Role.TEACHER)))
    return out
