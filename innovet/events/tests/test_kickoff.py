"""Issue 15: a kick-off gives the floor to the study's stakeholders — sectors, speerpuntclusters, SOC's,
VDAB and the pedagogical advisers. The builder shows which are not yet in the programme; publishing a
kick-off with an empty slot is refused with a warning naming them, unless the organiser confirms."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from innovet.core.models import AuditLog
from innovet.events import services
from innovet.events.models import EventKind, EventStatus, StakeholderSlot
from innovet.organisations.models import OrganisationKind

from .conftest import session_named

pytestmark = pytest.mark.django_db


@pytest.fixture
def kickoff(make_event):
    return make_event(kind=EventKind.KICKOFF, publish=False)


@pytest.fixture
def partners(make_org):
    return {
        "sector": make_org("Agoria", OrganisationKind.SECTOR, "1030"),
        "cluster": make_org("Flanders Make", OrganisationKind.CLUSTER, "3920"),
        "vdab": make_org("VDAB", OrganisationKind.VDAB, "1000"),
        "pbd": make_org("Pedagogische begeleiding KOV", OrganisationKind.PBD, "1000"),
    }


def test_publishing_a_kickoff_without_its_stakeholders_is_refused_with_the_missing_ones(kickoff, organiser):
    with pytest.raises(ValidationError) as exc:
        services.publish_event(organiser, kickoff)
    message = " ".join(exc.value.messages)
    for label in ("Sector", "Speerpuntcluster", "Sectoraal opleidingscentrum (SOC)", "VDAB", "Pedagogische"):
        assert label in message
    kickoff.refresh_from_db()
    assert kickoff.status == EventStatus.DRAFT


def test_partners_and_marked_sessions_fill_the_slots(kickoff, organiser, partners):
    cobots, heat = session_named(kickoff, "Cobots in de klas"), session_named(kickoff, "Warmtepompen")
    services.update_session(organiser, cobots, {}, partners=[partners["sector"], partners["cluster"]])
    assert services.missing_stakeholders(kickoff) == [
        StakeholderSlot.SOC,
        StakeholderSlot.VDAB,
        StakeholderSlot.PBD,
    ]
    # A sector organisation is not by itself a SOC: the organiser says which session the SOC brings.
    services.update_session(organiser, heat, {"stakeholder": StakeholderSlot.SOC}, partners=[partners["vdab"]])
    welcome = session_named(kickoff, "Welkom en inleiding")
    services.update_session(organiser, welcome, {}, partners=[partners["pbd"]])
    assert services.missing_stakeholders(kickoff) == []
    services.publish_event(organiser, kickoff)
    kickoff.refresh_from_db()
    assert kickoff.status == EventStatus.PUBLISHED


def test_the_organiser_may_publish_anyway_and_it_is_recorded(kickoff, organiser):
    services.publish_event(organiser, kickoff, accept_missing_stakeholders=True)
    kickoff.refresh_from_db()
    assert kickoff.status == EventStatus.PUBLISHED
    entry = AuditLog.objects.for_object(kickoff).get(action="events.event.published")
    assert entry.data["missing_stakeholders"] == ["sector", "speerpuntcluster", "soc", "vdab", "pbd"]


def test_other_kinds_of_events_have_no_stakeholder_slots(make_event, organiser):
    event = make_event(kind=EventKind.INFO, publish=False)
    assert services.missing_stakeholders(event) == []
    services.publish_event(organiser, event)


def test_builder_shows_the_missing_slots_and_publishing_needs_the_confirmation(client, kickoff, organiser, partners):
    services.update_session(
        organiser, session_named(kickoff, "Cobots in de klas"), {}, partners=[partners["sector"], partners["vdab"]]
    )
    client.force_login(organiser)
    page = client.get(reverse("events:builder", args=[kickoff.pk])).content.decode()
    assert "Stakeholders van de kick-off" in page
    assert "Ik publiceer deze kick-off toch, zonder: Speerpuntcluster" in page
    assert 'name="zonder_stakeholders"' in page
    # Without the confirmation: refused, with the warning.
    response = client.post(reverse("events:event_publish", args=[kickoff.pk]), follow=True)
    assert "heeft nog geen sessie van: Speerpuntcluster" in response.content.decode()
    kickoff.refresh_from_db()
    assert kickoff.status == EventStatus.DRAFT
    client.post(reverse("events:event_publish", args=[kickoff.pk]), {"zonder_stakeholders": "1"})
    kickoff.refresh_from_db()
    assert kickoff.status == EventStatus.PUBLISHED


def test_a_session_can_be_marked_in_the_builder(client, kickoff, organiser):
    client.force_login(organiser)
    slot = session_named(kickoff, "Cobots in de klas").slot
    client.post(
        reverse("events:builder_action", args=[kickoff.pk]),
        {
            "action": "add_session",
            "slot": slot.pk,
            f"s{slot.pk}-title": "Competent en schoolverlaters",
            f"s{slot.pk}-stakeholder": "vdab",
        },
    )
    assert session_named(kickoff, "Competent en schoolverlaters").stakeholder == "vdab"
    assert StakeholderSlot.VDAB not in services.missing_stakeholders(kickoff)
