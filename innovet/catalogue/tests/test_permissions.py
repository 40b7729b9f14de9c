"""Who may do what: owners edit their own, other organisations are refused every write, RTC staff moderate
only in their own province, administrators everywhere."""

import pytest
from django.core import mail
from django.urls import reverse

from innovet.catalogue import services
from innovet.catalogue.models import Offer, SavedSearch, Status
from innovet.core.models import AuditLog

from .conftest import term


def _edit_post(offer, **overrides):
    data = {
        "title": offer.title,
        "summary": offer.summary,
        "description": offer.description,
        "kind": offer.kind_id,
        "providers": [p.pk for p in offer.providers.all()],
        "audience": offer.audience,
        "cost": "75",
        "brand_neutral": "on",
        "registration_url": "https://www.example.be/inschrijven",
        "locaties-TOTAL_FORMS": "1",
        "locaties-INITIAL_FORMS": "0",
        "locaties-0-location_type": term("locatietype", "bedrijf").pk,
        "locaties-0-postcode": "8500",
        "sessies-TOTAL_FORMS": "0",
        "sessies-INITIAL_FORMS": "0",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_provider_member_edits_own_offer_and_it_is_logged(client, make_offer, provider, provider_user):
    offer = make_offer([provider])
    client.force_login(provider_user)
    response = client.post(reverse("catalogue:offer_edit", args=[offer.pk]), _edit_post(offer, title="Nieuwe titel"))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Nieuwe titel"
    assert AuditLog.objects.for_object(offer).filter(action="catalogue.offer.changed", actor=provider_user).exists()


WRITES = [
    ("catalogue:offer_edit", "post"),
    ("catalogue:offer_edit", "get"),
    ("catalogue:offer_publish", "post"),
    ("catalogue:offer_archive", "post"),
    ("catalogue:offer_confirm", "post"),
    ("catalogue:offer_delete", "post"),
    ("catalogue:offer_unpublish", "post"),
    ("catalogue:offer_unpublish", "get"),
]


@pytest.mark.django_db
@pytest.mark.parametrize("url_name,method", WRITES)
def test_user_of_another_organisation_is_refused_every_write(
    client, make_offer, provider, other_user, url_name, method
):
    offer = make_offer([provider])
    client.force_login(other_user)
    url = reverse(url_name, args=[offer.pk])
    data = _edit_post(offer, title="Overgenomen") if url_name.endswith("edit") else {"reason": "Weg ermee"}
    response = getattr(client, method)(url, data) if method == "post" else client.get(url)
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.title != "Overgenomen"
    assert offer.status == Status.PUBLISHED
    assert Offer.objects.filter(pk=offer.pk).exists()


@pytest.mark.django_db
def test_another_organisation_cannot_see_a_draft(client, make_offer, provider, other_user):
    offer = make_offer([provider], publish=False)
    client.force_login(other_user)
    assert client.get(offer.get_absolute_url()).status_code == 404
    assert client.get(reverse("catalogue:offer_ics", args=[offer.pk])).status_code == 404
    assert client.get(reverse("catalogue:api_offer_detail", args=[offer.pk])).status_code == 404


@pytest.mark.django_db
def test_anonymous_visitor_is_sent_to_login_for_writes(client, make_offer, provider):
    offer = make_offer([provider])
    response = client.post(reverse("catalogue:offer_archive", args=[offer.pk]))
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    offer.refresh_from_db()
    assert offer.status == Status.PUBLISHED


@pytest.mark.django_db
def test_provider_cannot_publish_an_offer_only_in_another_organisations_name(
    client, provider, other_provider, provider_user, offer_input
):
    with pytest.raises(Exception) as exc:
        services.create_offer(provider_user, offer_input([other_provider]))
    assert "Je eigen organisatie moet een van de aanbieders zijn." in str(exc.value)
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_rtc_staff_unpublish_in_their_province_with_a_reason_the_owner_sees(
    client, make_offer, provider, provider_user, rtc_wvl, django_capture_on_commit_callbacks
):
    offer = make_offer([provider])  # location in 8500 Kortrijk, West-Vlaanderen
    client.force_login(rtc_wvl)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("catalogue:offer_unpublish", args=[offer.pk]),
            {"reason": "De inschrijvingslink werkt niet meer."},
        )
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.status == Status.DRAFT
    assert offer.unpublished_by == rtc_wvl
    to_owner = [m for m in mail.outbox if m.to == [provider_user.email]]
    assert len(to_owner) == 1
    assert "De inschrijvingslink werkt niet meer." in to_owner[0].body
    assert rtc_wvl.email not in {a for m in mail.outbox for a in m.to}
    # The offer left the search results; its owner sees the reason on the page.
    assert offer.title not in client.get(reverse("catalogue:search")).content.decode()
    client.force_login(provider_user)
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "De inschrijvingslink werkt niet meer." in page


@pytest.mark.django_db
def test_unpublishing_needs_a_reason(client, make_offer, provider, rtc_wvl):
    offer = make_offer([provider])
    client.force_login(rtc_wvl)
    response = client.post(reverse("catalogue:offer_unpublish", args=[offer.pk]), {"reason": "  "})
    assert response.status_code == 200
    assert "Geef een reden" in response.content.decode()
    offer.refresh_from_db()
    assert offer.status == Status.PUBLISHED


@pytest.mark.django_db
def test_rtc_staff_of_another_province_cannot_moderate(client, make_offer, provider, rtc_limburg):
    offer = make_offer([provider])  # West-Vlaanderen
    client.force_login(rtc_limburg)
    response = client.post(reverse("catalogue:offer_unpublish", args=[offer.pk]), {"reason": "Niet in orde"})
    assert response.status_code == 403
    offer.refresh_from_db()
    assert offer.status == Status.PUBLISHED
    queue = client.get(reverse("catalogue:moderation")).content.decode()
    assert offer.title not in queue


@pytest.mark.django_db
def test_rtc_moderation_queue_lists_offers_of_own_province(client, make_offer, provider, rtc_wvl):
    offer = make_offer([provider])
    client.force_login(rtc_wvl)
    assert offer.title in client.get(reverse("catalogue:moderation")).content.decode()


@pytest.mark.django_db
def test_rtc_staff_may_moderate_but_not_edit_someone_elses_offer(client, make_offer, provider, rtc_wvl):
    offer = make_offer([provider])
    client.force_login(rtc_wvl)
    assert client.get(reverse("catalogue:offer_edit", args=[offer.pk])).status_code == 403


@pytest.mark.django_db
def test_teacher_cannot_open_the_moderation_queue(client, school, make_user):
    teacher = make_user(org=school)
    client.force_login(teacher)
    assert client.get(reverse("catalogue:moderation")).status_code == 403


@pytest.mark.django_db
def test_admin_may_edit_every_offer(client, make_offer, provider, admin_user):
    offer = make_offer([provider])
    client.force_login(admin_user)
    response = client.post(reverse("catalogue:offer_edit", args=[offer.pk]), _edit_post(offer, title="Door beheer"))
    assert response.status_code == 302
    offer.refresh_from_db()
    assert offer.title == "Door beheer"


def _initiative(admin_user, lead):
    from innovet.geo.models import Province

    return services.create_initiative(
        admin_user,
        {
            "title": "Netwerk warmtepompen",
            "summary": "Scholen en installateurs werken samen.",
            "description": "Een lerend netwerk.",
            "lead": lead,
            "provinces": [Province.objects.get(slug="west-vlaanderen")],
            "goals": [term("initiatiefdoel", "innovatie")],
            "partners": [],
        },
        publish=True,
    )


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url_name", ["catalogue:initiative_edit", "catalogue:initiative_archive", "catalogue:initiative_publish"]
)
def test_another_organisation_cannot_change_an_initiative(client, admin_user, provider, other_user, url_name):
    initiative = _initiative(admin_user, provider)
    client.force_login(other_user)
    response = client.post(reverse(url_name, args=[initiative.pk]), {"title": "Overgenomen"})
    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.title == "Netwerk warmtepompen" and initiative.status == Status.PUBLISHED


@pytest.mark.django_db
def test_rtc_of_other_province_cannot_unpublish_initiative(client, admin_user, provider, rtc_limburg, rtc_wvl):
    initiative = _initiative(admin_user, provider)
    client.force_login(rtc_limburg)
    url = reverse("catalogue:initiative_unpublish", args=[initiative.pk])
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(rtc_wvl)
    assert client.post(url, {"reason": "Geen partners vermeld"}).status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == Status.DRAFT


@pytest.mark.django_db
def test_saved_search_of_another_user_does_not_exist_for_you(client, provider_user, other_user):
    saved = services.save_search(provider_user, "Cobots", "offers", "q=cobots")
    client.force_login(other_user)
    assert client.post(reverse("catalogue:saved_search_delete", args=[saved.pk])).status_code == 404
    assert client.post(reverse("catalogue:saved_search_update", args=[saved.pk]), {"name": "x"}).status_code == 404
    assert SavedSearch.objects.get(pk=saved.pk).name == "Cobots"
