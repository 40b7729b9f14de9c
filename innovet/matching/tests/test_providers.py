"""Companies and other providers: the needs that match their offers, and 'wij kunnen helpen' to the RTC."""

import pytest
from django.urls import reverse

from innovet.core.models import AuditLog
from innovet.matching import services
from innovet.matching.models import Interest
from innovet.notifications.models import Notification

from .conftest import service_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(school, teacher, installer, willingness, make_offer):
    make_offer("Workshop warmtepompen in Gent", provider=installer)
    return services.create_need(teacher, school, service_data())


def test_provider_sees_needs_that_match_its_offers_without_personal_data(client, need, installer_contact):
    client.force_login(installer_contact)
    home = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("matching:provider_matches")}"' in home  # in the user menu
    page = client.get(reverse("matching:provider_matches")).content.decode()
    assert need.title in page
    assert "Workshop warmtepompen in Gent" in page  # which of our offers matched
    assert "Leerkrachten welkom in ons opleidingsatelier warmtepompen" in page  # and our willingness
    assert "Griet" not in page and "Vervaet" not in page  # who stated the need stays hidden
    detail = client.get(need.get_absolute_url()).content.decode()
    assert "Wij kunnen helpen" in detail
    assert "Griet" not in detail and "Vervaet" not in detail


def test_provider_matches_page_caps_its_queries(
    client, school, teacher, installer, installer_contact, willingness, make_offer, django_assert_max_num_queries
):
    make_offer("Workshop warmtepompen in Gent", provider=installer)
    for i in range(6):
        services.create_need(teacher, school, service_data(title=f"Warmtepompen voor vakgroep {i}"))
    client.force_login(installer_contact)
    with django_assert_max_num_queries(16):
        response = client.get(reverse("matching:provider_matches"))
    assert response.context["total"] == 6


def test_a_provider_elsewhere_whose_offer_matches_sees_the_need(
    client, school, teacher, far_company, far_contact, make_offer
):
    # Solar Limburg gives its workshop in Gent: the scorer matches it to a need in Oost-Vlaanderen.
    make_offer("Workshop warmtepompen (Limburgse aanbieder)", provider=far_company, postcode="9000")
    need = services.create_need(teacher, school, service_data())
    client.force_login(far_contact)
    assert need.title in client.get(reverse("matching:provider_matches")).content.decode()
    assert client.get(need.get_absolute_url()).status_code == 200


def test_wij_kunnen_helpen_tells_the_rtc_of_the_province_once(
    client, need, installer, installer_contact, rtc_ovl, rtc_limburg, django_capture_on_commit_callbacks
):
    client.force_login(installer_contact)
    url = reverse("matching:need_interest", args=[need.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"organisation": installer.pk, "message": "We hebben een demo-opstelling."})
    assert response.status_code == 302
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"organisation": installer.pk, "message": "Nog eens"})  # a second click changes nothing
    interest = Interest.objects.get(need=need)
    assert interest.organisation == installer and interest.message == "We hebben een demo-opstelling."
    assert AuditLog.objects.for_object(need).filter(action="matching.interest.signalled").count() == 1
    told = Notification.objects.filter(category="matching.interest")
    assert list(told.values_list("recipient", flat=True)) == [rtc_ovl.pk]  # not the RTC of another province
    assert "Warmte & Klimaat De Wilde" in told.get().title

    page = client.get(need.get_absolute_url()).content.decode()
    assert "meldde op" in page and 'action="' + url not in page  # no second button

    client.force_login(rtc_ovl)
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Partners die kunnen helpen" in page and "We hebben een demo-opstelling." in page
    assert 'action="' + url not in page  # the RTC brokers; it does not signal interest itself


def test_who_may_not_signal_interest_is_refused(
    client, need, school, teacher, far_company, far_contact, make_user, django_capture_on_commit_callbacks
):
    url = reverse("matching:need_interest", args=[need.pk])
    matches = reverse("matching:provider_matches")

    # another company, in another province, with nothing that matches: the need does not exist for it
    client.force_login(far_contact)
    assert client.get(need.get_absolute_url()).status_code == 404
    assert client.post(url, {"organisation": far_company.pk}).status_code == 404
    assert need.title not in client.get(matches).content.decode()

    # a school user sees the need but is no provider
    client.force_login(teacher)
    assert client.post(url, {"organisation": school.pk}).status_code == 403
    assert client.get(matches).status_code == 403
    assert "Wij kunnen helpen" not in client.get(need.get_absolute_url()).content.decode()

    # anonymous
    client.logout()
    assert client.post(url, {"organisation": far_company.pk}).status_code == 302
    assert client.get(matches).status_code == 302
    assert not Interest.objects.exists()


def test_a_provider_cannot_signal_for_an_organisation_it_does_not_belong_to(
    client, need, installer_contact, far_company, installer
):
    client.force_login(installer_contact)
    client.post(reverse("matching:need_interest", args=[need.pk]), {"organisation": far_company.pk})
    assert not Interest.objects.exists()
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.signal_interest(installer_contact, need, far_company)
    assert services.signal_interest(installer_contact, need, installer)[1] is True
