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
