import pytest

from innovet.organisations.models import OrganisationKind, Role

# The placement fixtures (school, teacher, director, company, place...) serve as sources here too.
from innovet.placements.tests.conftest import (  # noqa: F401
    company,
    contact,
    director,
    make_place,
    other_company,
    other_contact,
    place,
    tac,
    teacher,
)
from innovet.substitution import services
from innovet.taxonomy.models import Term


def term(vocabulary, code):
    return Term.objects.of(vocabulary).get(code=code)


@pytest.fixture
def syntra(make_org):
    return make_org("Syntra Midden-Vlaanderen", OrganisationKind.SYNTRA, "9000")


@pytest.fixture
def syntra_staff(make_user, syntra):
    return make_user(email="ondernemen@syntra.example", org=syntra, role=Role.STAFF, is_manager=True)


@pytest.fixture
def adviser(make_org, make_user):
    pbd = make_org("PBD KOV", OrganisationKind.PBD, "1000", onderwijsnet=term("onderwijsnet", "KOV"))
    return make_user(email="pbd@kov.example", org=pbd, role=Role.PEDAGOGICAL_ADVISER)


def offer_data(**overrides):
    data = {
        "kind": "activiteit",
        "title": "Ondernemerschap in de klas",
        "description": "Een workshop ondernemen voor de klas terwijl de leerkracht op stage is.",
        "subjects": "PAV, economie",
        "conditions": "Maximaal 25 leerlingen.",
        "free": True,
        "lead_days": 7,
        "contact_email": "ondernemen@syntra.example",
        "studiedomeinen": [term("studiedomein", "voeding-en-horeca")],
        "graden": [term("graad", "3")],
    }
    data.update(overrides)
    return data


@pytest.fixture
def offer(syntra_staff, syntra, school):
    return services.create_offer(syntra_staff, syntra, {**offer_data(), "provinces": [school.province]}, publish=True)
