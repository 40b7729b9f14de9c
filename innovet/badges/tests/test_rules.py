"""Automatic awarding from the participation ledger: the post-record hook and the periodic sweep, idempotent."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from innovet.badges import rules_engine, services, verify
from innovet.badges.models import Award, RuleKind
from innovet.badges.tasks import evaluate_all_rules
from innovet.participation import services as participation
from innovet.participation.models import ActivityKind, ParticipationRole

pytestmark = pytest.mark.django_db


def attend(event, session, person, school, actor, role=ParticipationRole.VISITOR, capture=None):
    """The organiser confirms attendance in events: the ledger row, then (after commit) the badge hook."""
    from innovet.events import services as events

    registration = events.register(person, event, person, [session.pk])
    booking = registration.bookings.get()
    with capture(execute=True):
        events.confirm_attendance(actor, event, {booking.pk: (True, role)})
    return booking


@pytest.fixture
def kickoff_rule(achievement, rtc_manager):
    return services.add_rule(
        rtc_manager,
        achievement,
        {"kind": RuleKind.PARTICIPATION, "activity_kind": ActivityKind.EVENT_SESSION, "event_kind": "kick-off"},
        evaluate=False,
    )


def test_attendance_confirmed_in_events_awards_the_badge(
    kickoff_rule, make_event_session, teacher, school, rtc_manager, django_capture_on_commit_callbacks
):
    from innovet.events import services as events

    event, session = make_event_session()
    events.publish_event(rtc_manager, event, accept_missing_stakeholders=True)
    attend(event, session, teacher, school, rtc_manager, capture=django_capture_on_commit_callbacks)
    award = Award.objects.get(recipient=teacher)
    assert award.rule == kickoff_rule and award.achievement == kickoff_rule.achievement
    assert verify.verify_token(award.credential_jwt).valid
    assert teacher.notifications.filter(category="badges.awarded").exists()
    # Idempotent: the hourly sweep and a second confirmation award nothing more.
    assert evaluate_all_rules.call_local() == 0
    attend_again = rules_engine.evaluate_rule(kickoff_rule)
    assert attend_again == 0
    assert Award.objects.filter(recipient=teacher).count() == 1


def test_the_event_kind_must_match(
    kickoff_rule, make_event_session, teacher, school, rtc_manager, django_capture_on_commit_callbacks
):
    from innovet.events import services as events

    event, session = make_event_session(title="Infosessie warmtepompen", kind="infosessie")
    events.publish_event(rtc_manager, event, accept_missing_stakeholders=True)
    attend(event, session, teacher, school, rtc_manager, capture=django_capture_on_commit_callbacks)
    assert not Award.objects.filter(recipient=teacher).exists()


def test_only_the_issuers_own_activities_count(
    achievement, rtc_manager, other_issuer, teacher, school, django_capture_on_commit_callbacks
):
    rule = services.add_rule(
        rtc_manager,
        achievement,
        {"kind": RuleKind.PARTICIPATION, "activity_kind": ActivityKind.PLACEMENT, "active_role_required": True},
        evaluate=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        participation.record_participation(
            person=teacher,
            activity=other_issuer,  # any model works as the activity reference
            kind=ActivityKind.PLACEMENT,
            title="Bedrijfsstage bij Educam",
            date=date.today(),
            hours=16,
            role=ParticipationRole.INTERN,
            school=school,
            organiser=other_issuer,
        )
    assert rules_engine.qualifying_person_ids(rule) == set()
    rule.organised_by_issuer = False
    rule.save()
    assert rules_engine.qualifying_person_ids(rule) == {teacher.pk}


def test_a_placement_needs_an_active_role(achievement, rtc, rtc_manager, teacher, school, make_user):
    rule = services.add_rule(
        rtc_manager,
        achievement,
        {"kind": RuleKind.PARTICIPATION, "activity_kind": ActivityKind.PLACEMENT, "active_role_required": True},
        evaluate=False,
    )
    visitor = make_user(org=school)
    for person, role in ((teacher, ParticipationRole.INTERN), (visitor, ParticipationRole.VISITOR)):
        participation.record_participation(
            person=person,
            activity=rtc,
            kind=ActivityKind.PLACEMENT,
            title="Stage",
            date=date.today(),
            hours=8,
            role=role,
            school=school,
            organiser=rtc,
        )
    assert rules_engine.evaluate_rule(rule) == 1
    assert list(Award.objects.values_list("recipient", flat=True)) == [teacher.pk]
    assert "actieve rol" in rule.describe()


def test_min_count_and_since(achievement, rtc, rtc_manager, teacher, school, make_org):
    rule = services.add_rule(
        rtc_manager,
        achievement,
        {"kind": RuleKind.PARTICIPATION, "min_count": 2, "since": timezone.localdate() - timedelta(days=30)},
        evaluate=False,
    )
    old = make_org("Oude activiteit")
    participation.record_participation(
        person=teacher,
        activity=old,
        kind=ActivityKind.OTHER,
        title="Oud",
        date=date(2020, 1, 1),
        hours=2,
        organiser=rtc,
    )
    new = make_org("Nieuwe activiteit")
    participation.record_participation(
        person=teacher,
        activity=new,
        kind=ActivityKind.OTHER,
        title="Nieuw",
        date=timezone.localdate(),
        hours=2,
        organiser=rtc,
    )
    assert rules_engine.evaluate_rule(rule) == 0
    third = make_org("Derde activiteit")
    participation.record_participation(
        person=teacher,
        activity=third,
        kind=ActivityKind.OTHER,
        title="Derde",
        date=timezone.localdate(),
        hours=2,
        organiser=rtc,
    )
    assert rules_engine.evaluate_rule(rule) == 1


def test_co_developed_validated_material(achievement, rtc_manager, teacher, school, make_user, make_org):
    from innovet.materials import services as materials
    from innovet.materials.models import Author, Material, Review
    from innovet.organisations.models import OrganisationKind, Role
    from innovet.taxonomy.models import Term

    rule = services.add_rule(rtc_manager, achievement, {"kind": RuleKind.MATERIAL}, evaluate=False)
    material = Material.objects.create(title="Warmtepomp", slug="warmtepomp", summary="S.", body="<p>B</p>")
    Author.objects.create(material=material, user=teacher, organisation=school)
    materials.publish_version(teacher, material, Term.objects.of("licentie").get(code="cc-by"), "Eerste versie.")
    assert rules_engine.evaluate_rule(rule) == 0  # published, not yet validated
    pbd = make_org("PBD", OrganisationKind.PBD, "1000", onderwijsnet=Term.objects.of("onderwijsnet").get(code="KOV"))
    adviser = make_user(org=pbd, role=Role.PEDAGOGICAL_ADVISER)
    ok = Review.Score.OK
    Review.objects.create(
        version=material.versions.get(),
        reviewer=adviser,
        reviewer_organisation=pbd,
        curriculum_link=ok,
        didactic_quality=ok,
        correctness=ok,
        accessibility=ok,
        brand_neutrality=ok,
        comment="Goed.",
        decision=Review.Decision.APPROVED,
    )
    assert rules_engine.evaluate_rule(rule) == 1
    assert rules_engine.evaluate_rule(rule) == 0


def test_an_inactive_rule_or_badge_awards_nothing(kickoff_rule, rtc_manager):
    services.remove_rule(rtc_manager, kickoff_rule)
    kickoff_rule.refresh_from_db()
    assert rules_engine.evaluate_rule(kickoff_rule) == 0
