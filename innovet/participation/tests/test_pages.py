"""'Mijn deelnames' as a first-time user reads it."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_my_participation_points_to_the_upcoming_registrations(client, make_user, school):
    # Right after registering for a netwerkmoment the ledger is still empty (it is written after the
    # event): the page says when it comes and where the registration is now.
    client.force_login(make_user(org=school))
    html = client.get(reverse("participation:mine")).content.decode()
    assert "zodra het voorbij is" in html
    assert f'href="{reverse("events:my_events")}"' in html


def test_hours_read_alike_in_the_rows_and_the_total(client, make_user, school):
    # 2,5 h and 2,25 h: a row said '2,50' while the total said '4,75'; now each as people write it.
    from datetime import date

    from innovet.participation import services

    teacher = make_user(org=school)
    # One record per activity: two different objects stand for two activities.
    for activity, title, hours in ((teacher, "Workshop lassen", "2.5"), (school, "Infosessie cobots", "2.25")):
        services.record_participation(
            person=teacher, activity=activity, kind="ander", title=title, date=date(2026, 10, 1), hours=hours,
            school=school,
        )  # fmt: skip
    client.force_login(teacher)
    html = client.get(reverse("participation:mine")).content.decode()
    assert ">2,5<" in html and ">2,25<" in html and ">4,75<" in html
    assert "2,50" not in html
