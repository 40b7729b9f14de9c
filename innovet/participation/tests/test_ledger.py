from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from innovet.participation import selectors, services
from innovet.participation.models import Participation

pytestmark = pytest.mark.django_db


def test_record_is_idempotent_per_person_and_activity(make_user, school):
    teacher = make_user(org=school)
    kwargs = {
        "person": teacher,
        "activity": school,
        "kind": "bedrijfsstage",
        "title": "Stage bij Robotix",
        "date": timezone.localdate(),
        "hours": 7.5,
        "school": school,
    }
    services.record_participation(**kwargs, role="stagiair")
    services.record_participation(**kwargs, role="co-ontwikkelaar")
    record = Participation.objects.get()
    assert record.role == "co-ontwikkelaar" and record.hours == Decimal("7.50")
    assert selectors.summary(selectors.participations(person=teacher))["active_share"] == 100


def test_bad_input_is_refused_in_dutch(make_user, school):
    teacher = make_user(org=school)
    base = {"person": teacher, "activity": school, "title": "x", "date": timezone.localdate()}
    with pytest.raises(ValidationError, match="Onbekende rol"):
        services.record_participation(**base, kind="netwerkmoment", hours=1, role="toeschouwer")
    with pytest.raises(ValidationError, match="negatief"):
        services.record_participation(**base, kind="netwerkmoment", hours=-1)
    with pytest.raises(ValidationError, match="Onbekende soort"):
        services.record_participation(**base, kind="feest", hours=1)
    assert not Participation.objects.exists()


def test_history_pages_query_caps(client, make_user, school, django_assert_max_num_queries):
    director = make_user(org=school, role="directeur")
    for _ in range(12):
        t = make_user(org=school)
        services.record_participation(
            person=t, activity=t, kind="ander", title="Workshop", date=timezone.localdate(), hours=2, school=school
        )
    client.force_login(director)
    with django_assert_max_num_queries(20):
        assert client.get(f"/deelnames/school/{school.slug}/").status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get("/deelnames/").status_code == 200
