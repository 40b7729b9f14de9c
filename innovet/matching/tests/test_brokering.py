"""RTC brokering: introduce, answer, contact details after both agree, follow-up and expiry."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from innovet.matching import services
from innovet.matching.models import Introduction, Need, OutboxEvent, Suggestion
from innovet.notifications.models import Notification

from .conftest import service_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def need(school, teacher, willingness):
    return services.create_need(teacher, school, service_data())


def _partner_suggestion(need):
    return need.suggestions.get(kind=Suggestion.Kind.PARTNER)


def test_rtc_sees_new_needs_of_its_province_in_its_queue(client, need, rtc_ovl, rtc_limburg):
    client.force_login(rtc_ovl)
    response = client.get(reverse("matching:need_list") + "?lijst=rtc")
    assert need in response.context["page"].object_list
    client.force_login(rtc_limburg)
    response = client.get(reverse("matching:need_list") + "?lijst=rtc")
    assert need not in response.context["page"].object_list


def test_new_need_notifies_the_rtc_of_the_province(
    school, teacher, rtc_ovl, rtc_limburg, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        need = services.create_need(teacher, school, service_data())
    notes = Notification.objects.filter(category="matching.new_need")
    assert [n.recipient for n in notes] == [rtc_ovl]
    assert need.title in notes.get().title


def test_full_introduction_flow_shares_contacts_only_after_both_agree(
    client, need, rtc_ovl, teacher, installer_contact, django_capture_on_commit_callbacks
):
    suggestion = _partner_suggestion(need)
    client.force_login(rtc_ovl)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("matching:suggestion_introduce", args=[need.pk, suggestion.pk]),
            {"message": "Jullie zitten op 10 km van elkaar."},
        )
    intro = Introduction.objects.get()
    assert response.status_code == 302 and intro.status == Introduction.Status.PROPOSED
    need.refresh_from_db()
    assert need.status == Need.Status.IN_PROGRESS
    # Both sides get an in-app notification and an e-mail.
    notified = set(Notification.objects.filter(category="matching.introduction").values_list("recipient", flat=True))
    assert notified == {teacher.pk, installer_contact.pk}
    assert {m.to[0] for m in mail.outbox} >= {teacher.email, installer_contact.email}

    # Before agreement the provider sees neither the teacher's name nor e-mail.
    client.force_login(installer_contact)
    page = client.get(intro.get_absolute_url()).content.decode()
    assert "Vervaet" not in page and teacher.email not in page
    client.post(reverse("matching:introduction_answer", args=[intro.pk]), {"side": "partner", "accept": "ja"})
    intro.refresh_from_db()
    assert intro.status == Introduction.Status.CONTACTED
    page = client.get(intro.get_absolute_url()).content.decode()
    assert "Vervaet" not in page and teacher.email not in page

    client.force_login(teacher)
    assert installer_contact.email not in client.get(intro.get_absolute_url()).content.decode()
    client.post(reverse("matching:introduction_answer", args=[intro.pk]), {"side": "school", "accept": "ja"})
    intro.refresh_from_db()
    assert intro.status == Introduction.Status.AGREED
    assert installer_contact.email in client.get(intro.get_absolute_url()).content.decode()
    client.force_login(installer_contact)
    assert teacher.email in client.get(intro.get_absolute_url()).content.decode()
    need.refresh_from_db()
    assert need.status == Need.Status.MATCHED

    # The provider sees the need it was matched to.
    listing = client.get(reverse("matching:need_list") + "?lijst=gekoppeld")
    assert need in listing.context["page"].object_list

    # Follow-up: done.
    client.force_login(rtc_ovl)
    client.post(reverse("matching:introduction_follow_up", args=[intro.pk]), {"status": "afgerond"})
    intro.refresh_from_db()
    assert intro.status == Introduction.Status.DONE


def test_declining_needs_a_reason(client, need, rtc_ovl, installer_contact):
    intro = services.introduce(rtc_ovl, _partner_suggestion(need))
    client.force_login(installer_contact)
    client.post(reverse("matching:introduction_answer", args=[intro.pk]), {"side": "partner", "accept": "nee"})
    intro.refresh_from_db()
    assert intro.status == Introduction.Status.PROPOSED
    response = client.post(
        reverse("matching:introduction_answer", args=[intro.pk]),
        {"side": "partner", "accept": "nee", "reason": "Ons atelier is dit schooljaar volzet."},
        follow=True,
    )
    intro.refresh_from_db()
    assert intro.status == Introduction.Status.DECLINED and intro.reason == "Ons atelier is dit schooljaar volzet."
    assert "Je antwoord is doorgegeven." in response.content.decode()


def test_nobody_else_answers_for_a_side_or_brokers(
    client, need, rtc_ovl, rtc_limburg, other_teacher, far_contact, installer_contact
):
    suggestion = _partner_suggestion(need)
    intro = services.introduce(rtc_ovl, suggestion)
    for intruder in (other_teacher, far_contact, rtc_limburg):
        client.force_login(intruder)
        for side in ("school", "partner"):
            r = client.post(reverse("matching:introduction_answer", args=[intro.pk]), {"side": side, "accept": "ja"})
            assert r.status_code == 404
        assert (
            client.post(
                reverse("matching:introduction_follow_up", args=[intro.pk]), {"status": "afgewezen", "reason": "x"}
            ).status_code
            == 404
        )
        r = client.post(reverse("matching:suggestion_introduce", args=[need.pk, suggestion.pk]), {})
        assert r.status_code in (403, 404)
    # The partner cannot answer for the school.
    client.force_login(installer_contact)
    client.post(reverse("matching:introduction_answer", args=[intro.pk]), {"side": "school", "accept": "ja"})
    intro.refresh_from_db()
    assert intro.school_answer == Introduction.Answer.PENDING
    assert Introduction.objects.count() == 1


def test_unanswered_requests_expire_and_the_rtc_is_told(need, rtc_ovl, rtc_limburg):
    intro = services.introduce(rtc_ovl, _partner_suggestion(need))
    assert services.expire_introductions(now=timezone.now() + timedelta(days=13)) == 0
    from innovet.matching.tasks import expire_introductions

    Introduction.objects.filter(pk=intro.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    expire_introductions.call_local()
    intro.refresh_from_db()
    assert intro.status == Introduction.Status.EXPIRED
    note = Notification.objects.get(category="matching.expired")
    assert note.recipient == rtc_ovl
    assert "Geen antwoord van" in note.body


def test_rtc_confirms_and_adds_suggestions(client, need, rtc_ovl, other_school, other_teacher):
    peer = services.create_need(other_teacher, other_school, service_data(themes=["zonnepanelen"]))
    suggestion = _partner_suggestion(need)
    client.force_login(rtc_ovl)
    client.post(reverse("matching:suggestion_confirm", args=[need.pk, suggestion.pk]))
    suggestion.refresh_from_db()
    assert suggestion.confirmed_by == rtc_ovl
    Suggestion.objects.filter(need=need, peer_need=peer).delete()
    client.post(reverse("matching:suggestion_add", args=[need.pk]), {"peer_need": peer.pk})
    added = Suggestion.objects.get(need=need, peer_need=peer)
    assert added.source == Suggestion.Source.RTC and added.factors
    # A recompute keeps what the RTC confirmed or added.
    services.recompute_suggestions(need)
    assert Suggestion.objects.filter(pk__in=[added.pk, suggestion.pk]).count() == 2


def test_a_new_willingness_reaches_existing_needs_through_the_outbox(
    school, teacher, installer, installer_contact, django_capture_on_commit_callbacks
):
    need = services.create_need(teacher, school, service_data(themes=["bim"]))
    assert not need.suggestions.filter(kind="partner").exists()
    with django_capture_on_commit_callbacks(execute=True):
        w = services.create_willingness(
            installer_contact,
            installer,
            {
                "title": "BIM-coaching",
                "themes": ["bim"],
                "resources": ["personeel"],
                "capacity_per_year": 2,
                "school_year": "2026-2027",
            },
        )
    assert need.suggestions.filter(kind="partner", willingness=w).exists()
    assert not OutboxEvent.objects.filter(processed_at__isnull=True).exists()


def test_peer_schools_nearby_with_a_similar_need_find_each_other(
    school, teacher, other_school, other_teacher, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        first = services.create_need(teacher, school, service_data())
    with django_capture_on_commit_callbacks(execute=True):
        second = services.create_need(other_teacher, other_school, service_data(title="Warmtepompen Aalst"))
    assert second.suggestions.filter(kind="school", peer_need=first).exists()
    assert first.suggestions.filter(kind="school", peer_need=second).exists()
    assert not first.suggestions.filter(kind="school", peer_need__school=school).exists()


def test_catalogue_offers_are_suggested_and_follow_changes(
    school, teacher, make_offer, installer, django_capture_on_commit_callbacks
):
    from innovet.catalogue.models import Status

    near = make_offer("Workshop warmtepompen in Gent", provider=installer)
    make_offer("Warmtepompen in Hasselt", postcode="3500", provider=installer)
    draft = make_offer("Concept warmtepompen", status=Status.DRAFT, provider=installer)
    need = services.create_need(teacher, school, service_data())
    offers = list(need.suggestions.filter(kind="aanbod").values_list("offer_id_ref", flat=True))
    assert offers == [near.pk]
    with django_capture_on_commit_callbacks(execute=True):
        draft.status = Status.PUBLISHED
        draft.save()
    offers = set(need.suggestions.filter(kind="aanbod").values_list("offer_id_ref", flat=True))
    assert offers == {near.pk, draft.pk}


def test_nightly_full_recompute_gives_the_same_ranking_as_the_per_need_path(
    school, teacher, other_school, other_teacher, willingness, make_offer, installer
):
    make_offer("Workshop warmtepompen in Gent", provider=installer)
    make_offer("Warmtepompen online", postcode=None, provider=installer)
    first = services.create_need(teacher, school, service_data())
    second = services.create_need(other_teacher, other_school, service_data(title="Warmtepompen Aalst"))
    services.recompute_suggestions(first)
    before = sorted(
        Suggestion.objects.values_list(
            "need_id", "kind", "offer_id_ref", "willingness_id", "peer_need_id", "rank", "score"
        )
    )
    Suggestion.objects.all().delete()
    assert services.recompute_all() == 2
    after = sorted(
        Suggestion.objects.values_list(
            "need_id", "kind", "offer_id_ref", "willingness_id", "peer_need_id", "rank", "score"
        )
    )
    assert after == before and second.suggestions.filter(kind="school", peer_need=first).exists()


def test_suggestions_of_a_bulk_recompute_are_explained_when_read(client, school, teacher, willingness):
    need = services.create_need(teacher, school, service_data())
    Suggestion.objects.all().delete()
    services.recompute_all()
    stored = need.suggestions.get(kind="partner")
    assert "text" not in stored.factors[0] and stored.factors[0]["points"] > 0
    client.force_login(teacher)
    page = client.get(need.get_absolute_url()).content.decode()
    assert "Sluit aan bij al je thema&#x27;s: Warmtepompen." in page
    stored.refresh_from_db()
    assert stored.factors[0]["text"] == "Sluit aan bij al je thema's: Warmtepompen."


def test_rtc_introduces_the_provider_of_a_catalogue_offer(
    school, teacher, rtc_ovl, make_offer, installer, installer_contact
):
    offer = make_offer("Workshop warmtepompen in Gent", provider=installer)
    need = services.create_need(teacher, school, service_data())
    suggestion = need.suggestions.get(kind="aanbod", offer_id_ref=offer.pk)
    intro = services.introduce(rtc_ovl, suggestion)
    assert intro.partner == installer and intro.offer_id_ref == offer.pk
    assert Notification.objects.filter(category="matching.introduction", recipient=installer_contact).exists()
    with pytest.raises(ValidationError, match="al voorgesteld"):
        services.introduce(rtc_ovl, suggestion)
