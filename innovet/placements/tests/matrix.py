"""The permission matrix's world for placements and substitution (tests/test_permission_matrix.py):
a draft and a published place of the company in Gent, the school's teacher accepted on the published one,
a second teacher waiting for release, a hybrid profile, a draft and a published substitution offer of the
company, and the teacher's substitution request for the placement, asked of the published offer."""

from datetime import timedelta

from django.utils import timezone

from innovet.organisations.models import Role
from innovet.taxonomy.models import Term


def term(vocabulary, code):
    return Term.objects.of(vocabulary).get(code=code)


def build(w, make_user):
    from innovet.placements import services as placements
    from innovet.placements.models import HybridTeacherProfile
    from innovet.substitution import services as substitution

    def place_data(title):
        return {
            "title": title,
            "active_role": "Meewerken aan de installatie van warmtepompen.",
            "studiedomein": term("studiedomein", "stem"),
            "postcode": "9000",
            "duration_days": 3,
            "places": 2,
            "contact_name": "Contact",
            "contact_email": "contact@matrix.be",
        }

    today = timezone.localdate()
    period = [{"starts_on": today + timedelta(days=7), "ends_on": today + timedelta(days=90)}]
    w.draft_place = placements.create_place(w.contact, w.company, place_data("Kladstage"), period)
    w.published_place = placements.create_place(w.contact, w.company, place_data("Stage"), period, publish=True)
    monday = today + timedelta(days=(0 - today.weekday()) % 7 + 14)
    apply = {"period": w.published_place.periods.get(), "starts_on": monday, "ends_on": monday + timedelta(days=2)}
    apply["motivation"] = "Ik wil warmtepompen leren installeren voor mijn lessen."
    w.application = placements.apply(w.teacher, w.published_place, apply)
    placements.decide_release(w.director, w.application, True)
    placements.decide(w.contact, w.application, True)
    second = make_user(org=w.school, role=Role.TEACHER)
    w.pending_application = placements.apply(second, w.published_place, apply)
    w.hybrid = HybridTeacherProfile.objects.create(
        user=w.teacher, school=w.school, company_name="Matrix", job_in_company="Installateur", subjects="Praktijk"
    )
    offer_data = {"title": "Vervangend", "description": "Workshop in de klas.", "contact_email": "v@matrix.be"}
    w.draft_sub_offer = substitution.create_offer(w.contact, w.company, offer_data)
    w.sub_offer = substitution.create_offer(w.contact, w.company, {**offer_data, "lead_days": 1}, publish=True)
    w.sub_request = substitution.create_request(w.teacher, "bedrijfsstage", w.application, {})
    substitution.propose(w.teacher, w.sub_request, w.sub_offer)
