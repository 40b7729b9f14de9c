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


def test_the_header_groups_modules_and_the_home_page_describes_each(client, make_user, school):
    page = client.get(reverse("core:home")).content.decode()
    # Two dropdowns keep the bar on one line; their entries are plain links inside them.
    assert 'id="menu-samenwerken"' in page and 'id="menu-beleven"' in page
    for name in ["catalogue:initiative_list", "matching:need_list", "events:event_list"]:
        assert f'href="{reverse(name)}"' in page
    # The overview explains every module, not only the top-level ones.
    assert "Kick-offs, netwerkmomenten en toonmomenten" in page
    assert "Samenwerkingsverbanden tussen scholen" in page


def test_entries_with_a_check_show_only_to_who_passes_it(client, make_user, school, monkeypatch):
    from innovet.core import navigation

    monkeypatch.setattr(
        navigation,
        "MAIN",
        [*navigation.MAIN, navigation.Item("core:dashboard", "Alleen RTC", "x", check=lambda user: user.is_staff)],
    )
    teacher = make_user(org=school, role=Role.TEACHER)
    client.force_login(teacher)
    assert "Alleen RTC" not in client.get(reverse("organisations:directory")).content.decode()
    teacher.is_staff = True
    teacher.save()
    assert "Alleen RTC" in client.get(reverse("organisations:directory")).content.decode()
    client.logout()
    assert "Alleen RTC" not in client.get(reverse("organisations:directory")).content.decode()
