"""The lab's rules and flows, through the services (plain data in, Dutch errors, nothing half-done)."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from innovet.core.models import AuditLog
from innovet.labs import selectors, services
from innovet.labs.models import (
    AdoptionStatus,
    Commitment,
    CommitmentStatus,
    Lab,
    Phase,
)
from innovet.participation.models import Participation, ParticipationRole

from .conftest import report_use, term, validate

pytestmark = pytest.mark.django_db


def test_a_new_lab_gets_the_default_plan_and_is_audited(w, make_lab):
    lab = make_lab()
    milestones = list(lab.milestones.all())
    assert [m.phase for m in milestones] == [
        "intake",
        "co-design",
        "eerste-versie",
        "klastest",
        "bijsturing",
        "pbd-check",
        "klaar",
    ]
    # 3–6 months: the last milestone lies between 12 and 26 weeks after the start
    assert 12 * 7 <= (milestones[-1].due_on - lab.starts_on).days <= 26 * 7
    assert lab.phase == Phase.INTAKE
    assert AuditLog.objects.for_object(lab).filter(action="labs.lab.created").exists()
    assert lab.schools.get().school == w.school
    assert lab.partners.get().organisation == w.company


def test_only_rtc_or_school_staff_start_labs_for_their_own_organisation(w, make_lab):
    with pytest.raises(PermissionDenied):
        services.create_lab(w.contact, {"title": "x", "summary": "y", "coordinator_organisation": w.company})
    with pytest.raises(ValidationError) as exc:
        services.create_lab(w.other_rtc, {"title": "x", "summary": "y", "coordinator_organisation": w.rtc})
    assert "organisatie waar je werkt" in str(exc.value)


def test_one_click_from_an_agreed_introduction(w, agreed_intro):
    lab = services.start_from_introduction(w.broker, agreed_intro)
    assert lab.introduction == agreed_intro and lab.need == agreed_intro.need
    assert lab.coordinator_organisation == w.rtc
    assert lab.title == "Lesmateriaal warmtepompen"
    assert list(lab.themes.values_list("code", flat=True)) == ["warmtepompen"]
    assert lab.schools.get().school == w.school
    assert lab.partners.get().organisation == w.company
    # the teacher who stated the need co-develops: an active role in the one ledger
    record = Participation.objects.get(person=w.teacher)
    assert record.role == ParticipationRole.CO_DEVELOPER and record.kind == "innovatielab"
    # twice is once
    assert services.start_from_introduction(w.broker, agreed_intro) == lab
    assert Lab.objects.count() == 1


def test_an_introduction_that_is_not_agreed_does_not_become_a_lab(w, agreed_intro):
    agreed_intro.status = "gecontacteerd"
    agreed_intro.save(update_fields=["status"])
    with pytest.raises(ValidationError) as exc:
        services.start_from_introduction(w.broker, agreed_intro)
    assert "akkoord" in str(exc.value)
    assert not Lab.objects.exists()


def test_only_the_broker_of_the_province_starts_a_lab_from_an_introduction(w, agreed_intro):
    for outsider in (w.other_rtc, w.contact, w.teacher):
        with pytest.raises(PermissionDenied):
            services.start_from_introduction(outsider, agreed_intro)


def test_a_lab_from_willingness_entries(w, agreed_intro):
    from innovet.matching.models import Willingness

    willingness = Willingness.objects.get(organisation=w.company)
    lab = services.create_lab(
        w.broker,
        {"title": "Lab uit aanbod", "summary": "s", "coordinator_organisation": w.rtc},
        willingness=[willingness],
    )
    assert lab.partners.get().organisation == w.company
    assert list(lab.willingness.all()) == [willingness]


def test_commitments_partners_change_only_their_own(w, make_lab):
    lab = make_lab(partners=[w.company, w.other_company])
    mine, theirs = lab.partners.get(organisation=w.company), lab.partners.get(organisation=w.other_company)
    staff = term("bedrijfsmiddel", "personeel")
    c = services.add_commitment(w.contact, mine, {"category": staff, "amount": "40", "unit": "uren"})
    assert c.status == CommitmentStatus.PROPOSED
    # the coordinator may propose one for a partner; another partner may not
    services.add_commitment(w.broker, theirs, {"category": staff, "amount": 10, "unit": "uren"})
    with pytest.raises(PermissionDenied):
        services.add_commitment(w.contact, theirs, {"category": staff, "amount": 10})
    # only the partner itself confirms and delivers
    for outsider in (w.broker, w.other_contact, w.teacher):
        with pytest.raises(PermissionDenied):
            services.change_commitment(outsider, c, status="bevestigd")
    services.change_commitment(w.contact, c, status="bevestigd")
    services.change_commitment(w.contact, c, status="geleverd")
    c.refresh_from_db()
    assert c.status == CommitmentStatus.DELIVERED
    with pytest.raises(ValidationError) as exc:
        services.change_commitment(w.contact, c, status="voorgesteld")
    assert "gaat van" in str(exc.value)
    totals = selectors.commitment_totals(lab)
    assert (totals["promised"], totals["delivered"]) == (2, 1)


def test_a_commitment_below_zero_is_refused_and_nothing_changes(w, make_lab):
    lab = make_lab()
    partner = lab.partners.get()
    with pytest.raises(ValidationError) as exc:
        services.add_commitment(w.contact, partner, {"category": term("bedrijfsmiddel", "personeel"), "amount": "-5"})
    assert "negatief" in str(exc.value)
    assert not Commitment.objects.exists()
    c = services.add_commitment(w.contact, partner, {"category": term("bedrijfsmiddel", "personeel"), "amount": 5})
    with pytest.raises(ValidationError):
        services.change_commitment(w.contact, c, amount="-1")
    c.refresh_from_db()
    assert c.amount == Decimal("5.00")


def test_plan_dates_out_of_order_change_nothing(w, make_lab):
    lab = make_lab()
    milestones = list(lab.milestones.all())
    before = [(m.title, m.due_on) for m in milestones]
    rows = [(m, m.title, m.due_on) for m in milestones]
    rows[2] = (milestones[2], "Eerste versie klaar", milestones[0].due_on - timedelta(days=1))
    rows[0] = (milestones[0], "Intakegesprek", milestones[0].due_on)
    with pytest.raises(ValidationError) as exc:
        services.save_plan(w.broker, lab, rows)
    assert "niet in volgorde" in str(exc.value)
    assert [(m.title, m.due_on) for m in lab.milestones.all()] == before
    rows[2] = (milestones[2], "Eerste versie klaar", milestones[2].due_on + timedelta(days=3))
    services.save_plan(w.broker, lab, rows)
    assert lab.milestones.get(pk=milestones[0].pk).title == "Intakegesprek"
    # before the start of the lab
    rows = [(m, m.title, m.due_on) for m in lab.milestones.all()]
    rows[0] = (rows[0][0], rows[0][1], lab.starts_on - timedelta(days=1))
    with pytest.raises(ValidationError) as exc:
        services.save_plan(w.broker, lab, rows)
    assert "vóór de start" in str(exc.value)


def test_only_coordinators_change_the_plan(w, make_lab):
    lab = make_lab()
    rows = [(m, m.title, m.due_on) for m in lab.milestones.all()]
    for outsider in (w.teacher, w.contact, w.other_rtc, w.adviser):
        with pytest.raises(PermissionDenied):
            services.save_plan(outsider, lab, rows)
        with pytest.raises(PermissionDenied):
            services.set_milestone_done(outsider, rows[0][0])


def test_milestones_move_the_phase(w, make_lab):
    lab = make_lab()
    for m in list(lab.milestones.all())[:3]:
        services.set_milestone_done(w.broker, m)
    lab.refresh_from_db()
    assert lab.phase == Phase.CLASS_TEST
    for m in lab.milestones.all():
        services.set_milestone_done(w.broker, m)
    lab.refresh_from_db()
    assert lab.phase == Phase.READY


def test_tasks_discussion_and_documents(w, make_lab, django_capture_on_commit_callbacks, mailoutbox):
    lab = make_lab()
    services.add_teacher(w.broker, lab, w.teacher)
    task = services.add_task(w.broker, lab, "Eerste schets", owner=w.teacher, due_on=timezone.localdate())
    with pytest.raises(ValidationError):
        services.add_task(w.broker, lab, "Iets", owner=w.other_teacher)
    services.set_task_done(w.teacher, task)
    with pytest.raises(PermissionDenied):
        services.post_message(w.other_teacher, lab, "Hallo")
    with django_capture_on_commit_callbacks(execute=True):
        services.post_message(w.teacher, lab, "De eerste versie staat klaar.")
    assert w.contact.notifications.filter(category="labs.discussion").exists()
    assert any("De eerste versie" in m.body for m in mailoutbox)
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    doc = services.add_document(w.contact, lab, pdf, "Plan")
    assert doc.content_type == "application/pdf"
    with pytest.raises(ValidationError):
        services.add_document(w.contact, lab, SimpleUploadedFile("x.html", b"<script>x</script>"), "x")
    fake = SimpleUploadedFile("fake.pdf", b"not a pdf at all", content_type="application/pdf")
    with pytest.raises(ValidationError):
        services.add_document(w.contact, lab, fake, "x")


def test_presentable_when_material_is_validated_and_tested(w, make_lab, material_for):
    lab = make_lab()
    services.add_teacher(w.broker, lab, w.teacher)
    material = material_for()
    services.link_material(w.broker, lab, material)
    assert selectors.presentable_problems(lab)
    report = report_use(w.teacher, material, w.school)
    # the classroom test is the repository's usage report; the teacher is a tester in the ledger
    tester = Participation.objects.get(person=w.teacher, role=ParticipationRole.TESTER)
    assert tester.activity == report
    assert not selectors.is_presentable(lab)
    validate(w.adviser, material)
    assert selectors.is_presentable(lab)
    assert selectors.presentable_count() == 1


def test_showcase_and_follow_up(w, make_lab, material_for, make_user):
    from innovet.events import services as events
    from innovet.events.models import SlotKind

    lab = make_lab()
    services.add_teacher(w.broker, lab, w.teacher)
    material = material_for()
    services.link_material(w.broker, lab, material)
    event = events.create_event(
        w.broker,
        w.rtc,
        {
            "title": "Toonmoment innovatielabs",
            "summary": "Labs tonen",
            "venue_name": "Gent",
            "postcode": "9000",
            "kind": "innovatielab",
        },
    )
    day = events.add_day(w.broker, event, timezone.localdate() + timedelta(days=20))
    slot = events.add_slot(w.broker, day, "13:00", "16:00", SlotKind.PARALLEL, "Standen")
    with pytest.raises(ValidationError) as exc:
        services.add_to_showcase(w.broker, lab, slot)
    assert "nog niet presenteerbaar" in str(exc.value)
    report_use(w.teacher, material, w.school)
    validate(w.adviser, material)
    showcase = services.add_to_showcase(w.broker, lab, slot, "stand", "Hal 2")
    assert showcase.session.slot == slot and showcase.session.title.startswith("Stand: ")
    with pytest.raises(ValidationError):
        services.add_to_showcase(w.broker, lab, slot)
    # presenting happens on the day; afterwards the follow-up opens
    with pytest.raises(ValidationError):
        services.mark_presented(w.broker, showcase, [w.teacher])
    day.date = timezone.localdate()
    day.save(update_fields=["date"])
    showcase.refresh_from_db()
    services.mark_presented(w.broker, showcase, [w.teacher])
    assert Participation.objects.get(person=w.teacher, role=ParticipationRole.PRESENTER).activity == showcase
    lab.refresh_from_db()
    assert lab.follow_up_open and lab.phase == Phase.FOLLOW_UP

    # another school joins; twice is refused with a Dutch message
    adoption = services.request_join(w.other_teacher, lab, w.other_school, "Wij willen dit ook.")
    with pytest.raises(ValidationError) as exc:
        services.request_join(w.other_director, lab, w.other_school)
    assert "sloot al aan" in str(exc.value)
    with pytest.raises(ValidationError):
        services.request_join(w.teacher, lab, w.school)  # a co-developing school need not join
    services.record_intake(w.broker, adoption, timezone.localdate(), "Goed gesprek")
    services.add_onboarding(w.broker, adoption, timezone.localdate(), "Opstart met de installatie", 3)
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.STARTED
    adopter = Participation.objects.get(person=w.other_teacher, role=ParticipationRole.ADOPTER)
    assert adopter.hours == Decimal("3.00")
    with pytest.raises(ValidationError):
        services.set_adoption_status(w.other_teacher, adoption, "geinteresseerd")  # never backwards
    # a usage report by the adopting school moves it to 'using' and feeds the material's counters
    report_use(w.other_teacher, material, w.other_school)
    adoption.refresh_from_db()
    assert adoption.status == AdoptionStatus.USING
    assert material.usage_reports.count() == 2
    assert selectors.adoption_counts(lab)["in-gebruik"] == 1


def test_joining_needs_an_open_follow_up_and_school_staff(w, make_lab):
    lab = make_lab()
    with pytest.raises(PermissionDenied):
        services.request_join(w.other_teacher, lab, w.other_school)
    services.open_follow_up(w.broker, lab)
    with pytest.raises(PermissionDenied):
        services.request_join(w.contact, lab, w.other_school)
    with pytest.raises(ValidationError):
        services.request_join(w.other_teacher, lab, w.school)  # not their school


def test_a_school_leaves_without_losing_what_it_contributed(w, make_lab, material_for):
    lab = make_lab()
    services.add_teacher(w.broker, lab, w.teacher)
    services.link_material(w.broker, lab, material_for())
    services.leave_school(w.director, lab.schools.get())
    row = lab.schools.get()
    assert row.left_on is not None
    assert lab.lab_materials.count() == 1
    assert Participation.objects.filter(person=w.teacher, role=ParticipationRole.CO_DEVELOPER).exists()
    assert [lab.pk] == [lab.pk for lab in selectors.labs_for_school(w.school)]
    with pytest.raises(PermissionDenied):
        services.leave_school(w.other_director, row)


def test_signals_overdue_and_inactive(w, make_lab, django_capture_on_commit_callbacks):
    lab = make_lab(starts_on=timezone.localdate() - timedelta(days=200))
    with django_capture_on_commit_callbacks(execute=True):
        sent = services.signal_overdue()
    assert sent == 7
    assert w.broker.notifications.filter(category="labs.signal").count() == 7
    assert services.signal_overdue() == 0  # once
    Lab.objects.filter(pk=lab.pk).update(last_activity_at=timezone.now() - timedelta(days=100))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.signal_inactive() == 1
    assert services.signal_inactive() == 0
    # the periodic tasks call the same services
    from innovet.labs import tasks

    assert tasks.signal_overdue_milestones.call_local() == 0


def test_funding_reaches_labs_and_schools_with_a_matching_theme(w, make_lab):
    lab = make_lab()
    services.add_teacher(w.broker, lab, w.teacher)
    w.other_school.themes.add(term("thema", "zonnepanelen"))
    call = services.post_funding(
        w.broker,
        w.rtc,
        {
            "title": "ESF-oproep duurzaamheid",
            "description": "Projecten rond duurzaamheid.",
            "deadline": timezone.localdate() + timedelta(days=30),
            "themes": [term("thema", "duurzaamheid")],
        },
    )
    told = set(
        w.broker.__class__.objects.filter(notifications__category="labs.funding").values_list("email", flat=True)
    )
    assert {"lien@school.be", "dir@hasselt.be", "dir@school.be"} <= told
    assert "jan@hasselt.be" not in told
    assert call.notified == len(told)
    with pytest.raises(ValidationError):
        services.post_funding(
            w.broker,
            w.rtc,
            {
                "title": "x",
                "deadline": timezone.localdate() - timedelta(days=1),
                "themes": [term("thema", "duurzaamheid")],
            },
        )
    with pytest.raises(PermissionDenied):
        services.post_funding(w.teacher, w.rtc, {"title": "x"})


def test_selectors_for_other_modules(w, make_lab):
    from innovet.geo.models import Province

    lab = make_lab()
    services.add_teacher(w.broker, lab, w.teacher)
    make_lab(title="Cobots", schools=[w.other_school], partners=[], province=w.other_school.province)
    assert [x.pk for x in selectors.labs_for_person(w.teacher)] == [lab.pk]
    assert [x.pk for x in selectors.labs_for_person(w.contact)] == [lab.pk]
    assert len(selectors.labs_for_person(w.broker)) == 2
    assert [x.school_role for x in selectors.labs_for_school(w.school)] == ["co-ontwikkelaar"]
    counts = selectors.phase_counts()
    assert counts["intake"] == 2 and set(counts) == {p.value for p in Phase}
    assert selectors.phase_counts(province=Province.objects.get(slug="limburg"))["intake"] == 1


def test_gdpr_export_and_erase(w, make_lab):
    from innovet.core import gdpr

    lab = make_lab()
    services.add_teacher(w.broker, lab, w.teacher)
    services.post_message(w.teacher, lab, "Mijn idee")
    data = gdpr.export_user_data(w.teacher)["gegevens"]
    assert data["innovatielabs"]["berichten"][0]["tekst"] == "Mijn idee"
    gdpr.erase_user(w.teacher)
    message = lab.messages.get()
    assert message.author is None and "Mijn idee" not in message.text
    assert Participation.objects.filter(kind="innovatielab").exists()


def test_phase_counts_carry_dutch_labels_and_insights_describes_lab_activities(w, make_lab):
    from innovet.insights.registry import ACTIVITY_SOURCES

    lab = make_lab()
    services.add_teacher(w.broker, lab, w.teacher)
    rows = dict(selectors.phase_counts().labelled_rows())
    assert rows["Intake"] == 1 and rows["Klaar om te presenteren"] == 0
    info = list(ACTIVITY_SOURCES["labs.lab"]([str(lab.pk)]))
    assert info[0].id == lab.pk and info[0].grades == {"3"} and info[0].domain_ids == {lab.studiedomein_id}
    assert info[0].latitude == w.rtc.latitude


def test_the_adviser_must_be_a_pedagogical_adviser(w, make_lab):
    lab = make_lab()
    with pytest.raises(ValidationError):
        services.update_lab(w.broker, lab, {"adviser": w.teacher})
    services.update_lab(w.broker, lab, {"adviser": w.adviser})
    lab.refresh_from_db()
    assert lab.adviser == w.adviser
