"""The menus: every role reaches its own pages from the header, and sees only what it may open."""

import pytest
from django.urls import reverse

from innovet.organisations.models import OrganisationKind, Role

pytestmark = pytest.mark.django_db


def test_saved_searches_and_moderation_are_in_the_menu_of_who_has_them(client, make_org, make_user, school):
    rtc = make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")
    staff = make_user(org=rtc, role=Role.RTC_STAFF)
    teacher = make_user(org=school, role=Role.TEACHER)
    saved, moderation = reverse("catalogue:saved_searches"), reverse("catalogue:moderation")

    client.force_login(staff)
    page = client.get(reverse("core:home")).content.decode()
    assert f'href="{saved}"' in page and f'href="{moderation}"' in page

    client.force_login(teacher)
    page = client.get(reverse("core:home")).content.decode()
    assert f'href="{saved}"' in page
    assert f'href="{moderation}"' not in page  # a teacher would get a 403 there
    assert client.get(moderation).status_code == 403

    client.logout()
    page = client.get(reverse("core:home")).content.decode()
    assert f'href="{saved}"' not in page
