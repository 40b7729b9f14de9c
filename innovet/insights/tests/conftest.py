from dataclasses import dataclass, field
from datetime import date

import pytest

from innovet.insights import refresh, registry
from innovet.insights.registry import ActivityInfo
from innovet.organisations.models import OrganisationKind, Role
from innovet.participation import services
from innovet.taxonomy.models import Term


def term(vocabulary, code):
    return Term.objects.of(vocabulary).get(code=code)


@dataclass
class World:
    profiles: dict = field(default_factory=dict)  # activity (Term) pk -> ActivityInfo
    counter: int = 0


@pytest.fixture
def activities(db):
    """Test activities: 'thema' terms stand in for activities, described by a registered source (the
    registry's contract), so each test says which grades, domains and place an activity has."""
    world = World()
    pool = list(Term.objects.of("thema").order_by("pk"))

    def source(ids):
        for pk in ids:
            info = world.profiles.get(int(pk))
            if info is not None:
                yield info

    def make(grades=(), domains=(), lat=None, lon=None):
        activity = pool[world.counter]
        world.counter += 1
        world.profiles[activity.pk] = ActivityInfo(
            activity.pk, set(grades), {term("studiedomein", d).pk for d in domains}, lat, lon
        )
        return activity

    registry.register_activity_source("taxonomy.term", source)
    yield make
    registry.ACTIVITY_SOURCES.pop("taxonomy.term", None)


@pytest.fixture
def take_part():
    def record(person, activity, school, day=date(2025, 10, 1), role="bezoeker"):
        return services.record_participation(
            person=person,
            activity=activity,
            kind="ander",
            title=str(activity),
            date=day,
            hours=3,
            role=role,
            school=school,
        )

    return record


@pytest.fixture
def schools(make_org):
    """Two schools in Gent (Oost-Vlaanderen), one in Hasselt (Limburg), one in Brussels."""
    stem, care = term("studiedomein", "stem"), term("studiedomein", "maatschappij-en-welzijn")
    gent = make_org("VTI Inzicht Gent", OrganisationKind.SCHOOL, "9000", teacher_count=150)
    gent.studiedomeinen.set([stem])
    gent2 = make_org("Zorgschool Gent", OrganisationKind.SCHOOL, "9000", teacher_count=30)
    gent2.studiedomeinen.set([care])
    hasselt = make_org("GO! Inzicht Hasselt", OrganisationKind.SCHOOL, "3500", teacher_count=80)
    hasselt.studiedomeinen.set([stem, care])
    brussel = make_org("Instituut Brussel", OrganisationKind.SCHOOL, "1000", teacher_count=60)
    return {"gent": gent, "gent2": gent2, "hasselt": hasselt, "brussel": brussel}


@pytest.fixture
def rebuild(db):
    return refresh.rebuild


@pytest.fixture
def people(make_user):
    def make(school, n, role=Role.TEACHER):
        return [
            make_user(org=school, role=role, first_name="Leerkracht", last_name=f"{school.name} {i}") for i in range(n)
        ]

    return make


@pytest.fixture(autouse=True)
def no_dashboard_cache(settings):
    """Each test sees the figures of its own data (the cache is tested on its own in test_views)."""
    settings.INSIGHTS_CACHE_SECONDS = 0
