"""Create, publish, archive, confirm; form errors in Dutch; stale reminders; saved-search e-mails; GDPR."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from innovet.catalogue import alerts, services
from innovet.catalogue.models import Offer, OfferSession, Status
from innovet.core.gdpr import export_user_data
from innovet.core.models import AuditLog

from .conftest import next_weekday, term


def _form(provider, **overrides):
    monday = next_weekday(0, hour=9)
    saturday = next_weekday(5, hour=10)
    data = {
        "title": "Opleiding warmtepompen",
        "summary": "Plaatsen en onderhouden van warmtepompen.",
        "description": "Twee sessies met praktijk op echte toestellen.",
        "kind": term("aanbodsoort", "opleiding").pk,
        "pillar": term("pijler", "innovatie-beleven").pk,
        "providers": [provider.pk],
        "themes": [term("thema", "warmtepompen").pk],
        "studiedomeinen": [term("studiedomein", "stem").pk],
        "graden": [term("graad", "3").pk],
        "audience": "team",
        "cost": "95",
        "capacity": "12",
        "brand_neutral": "on",
        "registration_url": "https://www.example.be/inschrijven",
        "locaties-TOTAL_FORMS": "2",
        "locaties-INITIAL_FORMS": "0",
        "locaties-0-location_type": term("locatietype", "opleidingscentrum").pk,
        "locaties-0-name": "Opleidingscentrum Kortrijk",
        "locaties-0-postcode": "8500",
        "locaties-1-location_type": "",
        "sessies-TOTAL_FORMS": "3",
        "sessies-INITIAL_FORMS": "0",
        "sessies-0-starts_at": monday.strftime("%Y-%m-%dT%H:%M"),
        "sessies-0-ends_at": (monday + timedelta(hours=7)).strftime("%Y-%m-%dT%H:%M"),
        "sessies-1-starts_at": saturday.strftime("%Y-%m-%dT%H:%M"),
        "sessies-1-ends_at": (saturday + timedelta(hours=3)).strftime("%Y-%m-%dT%H:%M"),
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_provider_creates_a_draft_with_sessions_and_publishes_it(client, provider, provider_user):
    client.force_login(provider_user)
    response = client.post(reverse("catalogue:offer_create"), _form(provider))
    assert response.status_code == 302
    offer = Offer.objects.get()
    assert offer.status == Status.DRAFT
    assert offer.province.slug == "west-vlaanderen"
    location = offer.locations.get()
    assert location.municipality == "Kortrijk" and location.latitude
    by_weekday = {timezone.localtime(s.starts_at).weekday(): s.within_school_hours for s in offer.sessions.all()}
    # Monday 9–16 needs a replacement teacher; Saturday does not.
    assert by_weekday == {0: True, 5: False}
    assert offer.title not in client.get(reverse("catalogue:search")).content.decode()

    client.post(reverse("catalogue:offer_publish", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.status == Status.PUBLISHED and offer.published_at and offer.last_confirmed_at
    assert offer.title in client.get(reverse("catalogue:search") + "?q=warmtepomp").content.decode()
    actions = set(AuditLog.objects.for_object(offer).values_list("action", flat=True))
    assert {"catalogue.offer.created", "catalogue.offer.published"} <= actions


@pytest.mark.django_db
def test_editing_keeps_sessions_and_locations_in_the_form(client, make_offer, provider, provider_user):
    offer = make_offer([provider])
    client.force_login(provider_user)
    page = client.get(reverse("catalogue:offer_edit", args=[offer.pk])).content.decode()
    assert 'value="8500"' in page
    start = timezone.localtime(offer.sessions.get().starts_at).strftime("%Y-%m-%dT%H:%M")
    assert f'value="{start}"' in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides,field,message",
    [
        ({"cost": "-5"}, "cost", "De kostprijs kan niet negatief zijn."),
        ({"capacity": "0"}, "capacity", "Het aantal plaatsen is minstens 1"),
        ({"locaties-0-postcode": "9999"}, "postcode", "Postcode 9999 bestaat niet in België."),
        ({"locaties-0-postcode": ""}, "postcode", "Geef de postcode"),
        ({"brand_neutral": "", "supplier": ""}, "supplier", "Geef de leverancier"),
        ({"registration_url": ""}, "registration_info", "Zeg hoe leerkrachten zich inschrijven"),
    ],
)
def test_bad_input_gets_a_dutch_error_and_nothing_is_saved(client, provider, provider_user, overrides, field, message):
    client.force_login(provider_user)
    response = client.post(reverse("catalogue:offer_create"), _form(provider, **overrides))
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Niet bewaard" in html
    assert "catalogue_offer" not in html  # no technical constraint names, only the Dutch sentence
    assert not Offer.objects.exists()


@pytest.mark.django_db
def test_error_summary_links_to_the_field_at_the_bottom_of_the_long_form(client, provider, provider_user):
    # The missing registration field sits screens below the 'Niet bewaard' alert: the alert names it and
    # links to it, and the locations/sessions sections are linked when their rows have an error.
    client.force_login(provider_user)
    form = _form(provider, registration_url="", **{"locaties-0-postcode": "9999"})
    html = client.post(reverse("catalogue:offer_create"), form).content.decode()
    alert = html.split('class="alert alert-danger"', 1)[1].split("</div>", 1)[0]
    assert '<a href="#id_registration_info">' in alert
    assert "Zeg hoe leerkrachten zich inschrijven" in alert
    assert '<a href="#locaties">' in alert and 'id="locaties"' in html
    assert '<a href="#sessies">' not in alert


@pytest.mark.django_db
def test_session_ending_before_it_starts_is_refused(client, provider, provider_user):
    client.force_login(provider_user)
    form = _form(provider)
    form["sessies-0-ends_at"], form["sessies-0-starts_at"] = form["sessies-0-starts_at"], form["sessies-0-ends_at"]
    response = client.post(reverse("catalogue:offer_create"), form)
    assert "Het einde ligt vóór of op het begin." in response.content.decode()
    assert not OfferSession.objects.exists() and not Offer.objects.exists()


@pytest.mark.django_db
def test_archive_removes_from_search_and_only_unpublished_drafts_can_be_deleted(
    client, make_offer, provider, provider_user
):
    offer = make_offer([provider])
    client.force_login(provider_user)
    client.post(reverse("catalogue:offer_delete", args=[offer.pk]))
    assert Offer.objects.filter(pk=offer.pk).exists()  # published once: archive, don't delete
    client.post(reverse("catalogue:offer_archive", args=[offer.pk]))
    offer.refresh_from_db()
    assert offer.status == Status.ARCHIVED
    assert client.get(reverse("catalogue:api_offer_list") + "?q=cobots").json()["count"] == 0
    draft = services.create_offer(provider_user, {**_data_of(offer), "title": "Nog een concept"})
    client.post(reverse("catalogue:offer_delete", args=[draft.pk]))
    assert not Offer.objects.filter(pk=draft.pk).exists()


def _data_of(offer):
    return {
        "title": offer.title,
        "summary": offer.summary,
        "description": offer.description,
        "kind": offer.kind,
        "cost": offer.cost,
        "registration_url": "https://www.example.be",
        "providers": list(offer.providers.all()),
        "locations": [],
        "sessions": [],
    }


@pytest.mark.django_db
def test_stale_offer_is_flagged_to_its_owner_and_sinks_in_the_ranking(
    client, make_offer, provider, provider_user, django_capture_on_commit_callbacks
):
    stale = make_offer([provider], title="Cobots oud aanbod")
    fresh = make_offer([provider], title="Cobots nieuw aanbod")
    long_ago = timezone.now() - timedelta(days=400)
    Offer.objects.filter(pk=stale.pk).update(published_at=long_ago, last_confirmed_at=long_ago)
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.remind_stale_entries() == 1
    reminders = [m for m in mail.outbox if "nog actueel" in m.subject]
    assert [provider_user.email] in [m.to for m in reminders]
    assert all(len(m.to) == 1 for m in reminders)
    stale.refresh_from_db()
    assert stale.stale_reminded_at is not None
    # Same words, but the unconfirmed one comes last.
    results = client.get(reverse("catalogue:api_offer_list") + "?q=cobots&sorteer=relevantie").json()["results"]
    assert [r["id"] for r in results] == [fresh.pk, stale.pk]
    assert results[1]["is_stale"] is True
    # Not reminded twice within a month.
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.remind_stale_entries() == 0
    # Confirming restarts the clock.
    client.force_login(provider_user)
    client.post(reverse("catalogue:offer_confirm", args=[stale.pk]))
    stale.refresh_from_db()
    assert not stale.is_stale


@pytest.mark.django_db
def test_offer_past_its_end_date_is_flagged(make_offer, provider, django_capture_on_commit_callbacks):
    offer = make_offer([provider])
    Offer.objects.filter(pk=offer.pk).update(valid_until=timezone.localdate() - timedelta(days=1))
    with django_capture_on_commit_callbacks(execute=True):
        assert alerts.remind_stale_entries() == 1
    assert any("voorbij" in m.body for m in mail.outbox)


@pytest.mark.django_db
def test_saved_search_mails_only_new_matching_offers(client, make_offer, provider, provider_user, school, make_user):
    teacher = make_user(email="leerkracht@school.example", org=school)
    client.force_login(teacher)
    client.post(
        reverse("catalogue:saved_search_create"),
        {"name": "Cobots in West-Vlaanderen", "alerts": "on", "index": "offers", "querystring": "q=cobots"},
    )
    saved = teacher.catalogue_searches.get()
    assert saved.querystring == "q=cobots"
    make_offer([provider], title="Cobots voor de derde graad")
    make_offer(
        [provider],
        title="Lassen voor beginners",
        themes=[term("thema", "smart-industry")],
        summary="Lassen.",
        description="Lassen.",
    )
    assert alerts.send_saved_search_alerts(timezone.now()) == 1
    message = [m for m in mail.outbox if m.to == [teacher.email]][0]
    assert "Cobots voor de derde graad" in message.body
    assert "Lassen voor beginners" not in message.body
    # Nothing new since: no second e-mail.
    mail.outbox.clear()
    assert alerts.send_saved_search_alerts(timezone.now()) == 0
    assert mail.outbox == []


@pytest.mark.django_db
def test_user_manages_saved_searches(client, provider_user):
    saved = services.save_search(provider_user, "Cobots", "offers", "q=cobots")
    client.force_login(provider_user)
    page = client.get(reverse("catalogue:saved_searches")).content.decode()
    assert "Cobots" in page and "/aanbod/?q=cobots" in page
    client.post(reverse("catalogue:saved_search_update", args=[saved.pk]), {"name": "Robots"})
    saved.refresh_from_db()
    assert saved.name == "Robots" and saved.alerts is False
    client.post(reverse("catalogue:saved_search_delete", args=[saved.pk]))
    assert not provider_user.catalogue_searches.exists()


@pytest.mark.django_db
def test_gdpr_export_and_erase(provider_user, make_offer, provider):
    services.save_search(provider_user, "Cobots", "offers", "q=cobots")
    offer = make_offer([provider], user=provider_user, contact_email=provider_user.email, contact_name="Jan")
    exported = export_user_data(provider_user)["gegevens"]["aanbod"]
    assert exported["bewaarde zoekopdrachten"][0]["naam"] == "Cobots"
    assert offer.title in exported["aangemaakt aanbod"]
    services.erase_user(provider_user)
    offer.refresh_from_db()
    assert offer.created_by is None and offer.contact_email == "" and offer.contact_name == ""
    assert not provider_user.catalogue_searches.exists()


@pytest.mark.django_db
def test_cost_band_and_budget():
    from innovet.catalogue.models import cost_band_code

    assert cost_band_code(Decimal("0")) == "gratis"
    assert cost_band_code(Decimal("100")) == "binnen-budget"
    assert cost_band_code(Decimal("100.01")) == "boven-budget"


@pytest.mark.django_db
def test_dashboard_shows_offers_that_need_attention(client, make_offer, provider, provider_user):
    offer = make_offer([provider], title="Oud cobotaanbod")
    long_ago = timezone.now() - timedelta(days=400)
    Offer.objects.filter(pk=offer.pk).update(last_confirmed_at=long_ago, published_at=long_ago)
    client.force_login(provider_user)
    html = client.get(reverse("core:dashboard")).content.decode()
    assert "Oud cobotaanbod" in html and "niet bevestigd in het voorbije jaar" in html


@pytest.mark.django_db
def test_scale_generator_creates_findable_offers(make_org):
    from innovet.catalogue import scale
    from innovet.catalogue.search_indexes import OfferIndex
    from innovet.core.demo_registry import Context
    from innovet.organisations.models import OrganisationKind
    from innovet.search import services as search_services

    make_org("Synthetisch bedrijf", OrganisationKind.COMPANY, "2000")
    summary = scale.generate(Context(seed=1, scale=30))
    assert summary.startswith("30 aanbiedingen")
    offers = list(OfferIndex().get_queryset())
    assert len(offers) == 30
    for offer in offers:
        assert offer.providers.count() == 1 and offer.themes.count() == 2
        for session in offer.sessions.all():
            assert session.ends_at > session.starts_at
            from innovet.catalogue.models import within_school_hours

            assert session.within_school_hours == within_school_hours(session.starts_at, session.ends_at)
    assert search_services.rebuild("offers")["offers"] == 30


def _initiative_form(lead, partner, **overrides):
    from innovet.geo.models import Province

    data = {
        "title": "Lerend netwerk warmtepompen",
        "summary": "Scholen en installateurs uit West-Vlaanderen.",
        "description": "Samen lesmateriaal maken over warmtepompen.",
        "lead": lead.pk,
        "provinces": [Province.objects.get(slug="west-vlaanderen").pk],
        "goals": [term("initiatiefdoel", "innovatie").pk],
        "partners-TOTAL_FORMS": "2",
        "partners-INITIAL_FORMS": "0",
        "partners-0-organisation": partner.pk,
        "partners-0-role": term("partnerrol", "infrastructuur").pk,
        "partners-0-contribution": "Werkplaats",
    }
    data.update(overrides)
    return data


@pytest.mark.django_db
def test_member_creates_an_initiative_with_partners(client, provider, other_provider, provider_user):
    client.force_login(provider_user)
    response = client.post(
        reverse("catalogue:initiative_create"), {**_initiative_form(provider, other_provider), "publiceer": "1"}
    )
    assert response.status_code == 302
    initiative = provider.catalogue_initiatives_led.get()
    assert initiative.status == Status.PUBLISHED
    partner = initiative.partners.get()
    assert partner.organisation == other_provider and partner.contribution == "Werkplaats"
    assert "Lerend netwerk warmtepompen" in client.get(reverse("catalogue:initiative_list")).content.decode()


@pytest.mark.django_db
def test_initiative_cannot_be_led_in_another_organisations_name(client, provider, other_provider, provider_user):
    client.force_login(provider_user)
    response = client.post(reverse("catalogue:initiative_create"), _initiative_form(other_provider, provider))
    assert response.status_code == 200
    assert "lead" in response.context["form"].errors
    assert not other_provider.catalogue_initiatives_led.exists()


@pytest.mark.django_db
def test_initiative_needs_a_region_and_a_sane_period(client, provider, other_provider, provider_user):
    client.force_login(provider_user)
    form = _initiative_form(provider, other_provider, provinces=[], started_on="2027-06-01", ends_on="2027-01-01")
    response = client.post(reverse("catalogue:initiative_create"), form)
    html = response.content.decode()
    assert "De einddatum ligt vóór de startdatum." in html
    assert not provider.catalogue_initiatives_led.exists()
