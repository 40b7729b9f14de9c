"""The innovatielabs part of the permission matrix's world (tests/test_permission_matrix.py): a lab of RTC
Oost-Vlaanderen with the Gent school (its teacher co-develops) and the Gent company as partner, with a
commitment, task, document, linked material, showcase and another school in its follow-up track."""

from django.core.files.base import ContentFile

from innovet.organisations.models import OrganisationKind, Role
from innovet.taxonomy.models import Term


def build(w, make_org, make_user):
    from innovet.labs import services as labs
    from innovet.labs.models import Showcase

    w.lab = labs.create_lab(
        w.rtc_staff,
        {"title": "Lab warmtepompen", "summary": "Samen lesmateriaal.", "coordinator_organisation": w.rtc},
        schools=[w.school],
        partners=[w.company],
    )
    labs.add_teacher(w.rtc_staff, w.lab, w.teacher)
    w.lab_school = w.lab.schools.get()
    w.lab_partner = w.lab.partners.get()
    w.lab_milestone = w.lab.milestones.first()
    w.lab_commitment = labs.add_commitment(
        w.contact, w.lab_partner, {"category": Term.objects.of("bedrijfsmiddel").get(code="personeel"), "amount": 8}
    )
    w.lab_task = labs.add_task(w.rtc_staff, w.lab, "Schets maken", owner=w.contact)
    w.lab_document = labs.add_document(w.contact, w.lab, ContentFile(b"%PDF-1.4\n%%EOF\n", name="plan.pdf"), "Plan")
    w.lab_material = labs.link_material(w.rtc_staff, w.lab, w.material)
    w.lab_showcase = Showcase.objects.create(lab=w.lab, event=w.draft_event, session=w.draft_session)
    labs.open_follow_up(w.rtc_staff, w.lab)
    w.adopting_school = make_org("VTI Matrix Aalst", OrganisationKind.SCHOOL, "9300")
    w.adopting_teacher = make_user(org=w.adopting_school, role=Role.TEACHER)
    w.lab_adoption = labs.request_join(w.adopting_teacher, w.lab, w.adopting_school)
