"""Shared fixtures: real organisations and users on the real test database (SQLite or PostgreSQL)."""

import itertools

import pytest

from innovet.geo.services import resolve_postcode
from innovet.organisations.models import Membership, Organisation, OrganisationKind, Role
from innovet.taxonomy.models import Term

_counter = itertools.count(1)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """On PostgreSQL every table's ids start at 100,000, as in a database that has lived a while: an id printed
    the nl-BE way ('100.001') where a form or a script reads it breaks a test here, not a user's page. (SQLite
    keeps small ids: both sizes are tested.)"""
    from django.db import connection

    with django_db_blocker.unblock():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT setval(format('%I.%I', schemaname, sequencename), GREATEST(last_value, 99999))"
                    " FROM pg_sequences WHERE schemaname = current_schema()"
                )


@pytest.fixture(scope="session")
def migrated_snapshot(django_db_setup, django_db_blocker):
    """Everything the migrations put in the test database (reference lists of every app), serialized once."""
    from django.db import connection

    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def reference_data(request):
    """Transactional tests (browser tests, concurrency tests) flush the database after themselves,
    data loaded by migrations included; put it back for the next one. Cheap when it is still there."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (
        "live_server" in request.fixturenames
        or "transactional_db" in request.fixturenames
        or (marker is not None and (marker.kwargs.get("transaction") or (marker.args and marker.args[0])))
    )
    if not transactional:
        return
    snapshot = request.getfixturevalue("migrated_snapshot")
    request.getfixturevalue("transactional_db")
    from django.contrib.auth.models import Permission
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    from innovet.geo.models import Postcode

    if Postcode.objects.exists():
        return
    # The flush re-created content types with new ids; the snapshot brings back the original ones.
    Permission.objects.all().delete()
    ContentType.objects.all().delete()
    ContentType.objects.clear_cache()
    connection.creation.deserialize_db_from_string(snapshot)
    ContentType.objects.clear_cache()


@pytest.fixture
def make_org(db):
    def make(name=None, kind=OrganisationKind.SCHOOL, postcode="9000", **fields):
        n = next(_counter)
        location = resolve_postcode(postcode)
        if kind == OrganisationKind.SCHOOL and "onderwijsnet" not in fields:
            fields["onderwijsnet"] = Term.objects.of("onderwijsnet").get(code="KOV")
        return Organisation.objects.create(
            name=name or f"Organisatie {n}",
            slug=f"organisatie-{n}",
            kind=kind,
            postcode=postcode,
            municipality=location.municipality,
            province=location.province,
            latitude=location.latitude,
            longitude=location.longitude,
            **fields,
        )

    return make


@pytest.fixture
def make_user(db, django_user_model):
    def make(email=None, org=None, role=Role.TEACHER, is_manager=False, **fields):
        n = next(_counter)
        user = django_user_model.objects.create_user(
            email=email or f"gebruiker{n}@example.be",
            password="Een-sterk-wachtwoord-1",
            first_name=fields.pop("first_name", "Voornaam"),
            last_name=fields.pop("last_name", f"Naam{n}"),
            **fields,
        )
        if org is not None:
            Membership.objects.create(user=user, organisation=org, role=role, is_manager=is_manager)
        return user

    return make


@pytest.fixture
def school(make_org):
    return make_org("VTI Testschool Gent", OrganisationKind.SCHOOL, "9000")


@pytest.fixture
def company_a(make_org):
    return make_org("Bedrijf A", OrganisationKind.COMPANY, "2000")


@pytest.fixture
def company_b(make_org):
    return make_org("Bedrijf B", OrganisationKind.COMPANY, "3500")


@pytest.fixture
def admin_user(make_user):
    return make_user(email="platform@example.be", is_staff=True, is_superuser=True)


@pytest.fixture
def page_cache(settings):
    """The shared page cache switched on (the suite runs without it: rolled-back transactions never replace
    the content version), emptied before and after. Use with transactional tests, as in production."""
    from django.core.cache import cache

    settings.INNOVET_PAGE_CACHE = True
    cache.clear()
    yield
    cache.clear()
