"""A small world for the lab tests: an RTC in Gent with a broker, a school with its teacher and director,
a company partner, a PBD adviser, and outsiders in Limburg."""

from datetime import timedelta

import pytest
from django.utils import timezone

from innovet.organisations.models import OrganisationKind, Role
from innovet.taxonomy.models import Term


def term(vocabulary, code):
    return Term.objects.of(vocabulary).get(code=code)


class W:
    pass


@pytest.fixture
def w(make_org, make_user, school):
    w = W()
    w.school = school
    w.teacher = make_user(email="lien@school.be", org=school, role=Role.TEACHER, first_name="Lien", last_name="Peeters")
    w.director = make_user(email="dir@school.be", org=school, role=Role.DIRECTOR, is_manager=True)
    w.rtc = make_org("RTC Oost-Vlaanderen", OrganisationKind.RTC, "9000")
    w.broker = make_user(email="rtc@ovl.be", org=w.rtc, role=Role.RTC_STAFF, is_manager=True)
    w.company = make_org("Warmte Claes", OrganisationKind.COMPANY, "9000")
    w.contact = make_user(email="bedrijf@claes.be", org=w.company, role=Role.COMPANY_CONTACT, is_manager=True)
    w.pbd_org = make_org("PBD KOV", OrganisationKind.PBD, "1000", onderwijsnet=term("onderwijsnet", "KOV"))
    w.adviser = make_user(email="pbd@kov.be", org=w.pbd_org, role=Role.PEDAGOGICAL_ADVISER)
    w.other_school = make_org("GO! Hasselt", OrganisationKind.SCHOOL, "3500")
    w.other_teacher = make_user(email="jan@hasselt.be", org=w.other_school, role=Role.TEACHER)
    w.other_director = make_user(email="dir@hasselt.be", org=w.other_school, role=Role.DIRECTOR)
    w.other_company = make_org("Solar Limburg", OrganisationKind.COMPANY, "3500")
    w.other_contact = make_user(email="solar@limburg.be", org=w.other_company, role=Role.COMPANY_CONTACT)
    w.other_rtc_org = make_org("RTC Limburg", OrganisationKind.RTC, "3500")
    w.other_rtc = make_user(email="rtc@limburg.be", org=w.other_rtc_org, role=Role.RTC_STAFF)
    return w


@pytest.fixture
def make_lab(w):
    from innovet.labs import services

    def make(title="Warmtepompen in de klas", partners=None, schools=None, starts_on=None, **data):
        lab = services.create_lab(
            w.broker,
            {
                "title": title,
                "summary": "Samen een lessenreeks over warmtepompen maken.",
                "themes": [term("thema", "warmtepompen")],
                "studiedomein": term("studiedomein", "stem"),
                "graden": [term("graad", "3")],
                "coordinator_organisation": w.rtc,
                "starts_on": starts_on or timezone.localdate() - timedelta(days=7),
                **data,
            },
            schools=[w.school] if schools is None else schools,
            partners=[w.company] if partners is None else partners,
        )
        return lab

    return make


@pytest.fixture
def agreed_intro(w):
    """A need of the school, an introduction to the company, both sides said yes."""
    from innovet.matching import services as matching

    willingness = matching.create_willingness(
        w.contact,
        w.company,
        {
            "title": "Samen lesmateriaal warmtepompen",
            "resources": ["personeel"],
            "themes": ["warmtepompen"],
            "studiedomeinen": ["stem"],
            "region": "straal",
            "radius_km": 50,
            "capacity_per_year": 3,
            "school_year": "2026-2027",
            "co_develop_material": True,
        },
    )
    need = matching.create_need(
        w.teacher,
        w.school,
        {
            "title": "Lesmateriaal warmtepompen",
            "need_type": "vaktechnisch",
            "themes": ["warmtepompen"],
            "studiedomein": "stem",
            "graden": ["3"],
            "participation": "team",
            "teacher_count": 3,
            "support_forms": ["lesmateriaal"],
            "max_distance_km": 40,
        },
    )
    suggestion = need.suggestions.filter(willingness=willingness).first() or matching.add_suggestion(
        w.broker, need, willingness=willingness
    )
    intro = matching.introduce(w.broker, suggestion, "Kennismaking")
    matching.answer_introduction(w.teacher, intro, "school", True)
    matching.answer_introduction(w.contact, intro, "partner", True)
    intro.refresh_from_db()
    assert intro.status == "akkoord"
    return intro


@pytest.fixture
def material_for(w):
    """A published material by the lab's teacher."""
    from innovet.materials import services as materials
    from innovet.materials.models import Author, Material

    def make(title="Warmtepomp: lessenreeks"):
        m = Material.objects.create(title=title, slug=materials._unique_slug(title), summary="Lessenreeks.")
        m.themes.add(term("thema", "warmtepompen"))
        Author.objects.create(material=m, user=w.teacher, organisation=w.school)
        m.organisations.add(w.school)
        materials.add_link(w.teacher, m, "https://www.example.be/les", "Les")
        materials.publish_version(w.teacher, m, term("licentie", "cc-by"), "Eerste versie.")
        m.refresh_from_db()
        return m

    return make


def report_use(user, material, school, used_on=None):
    from innovet.materials import services as materials
    from innovet.materials.forms import UsageReportForm

    form = UsageReportForm(
        {
            "school": school.pk,
            "graad": term("graad", "3").pk,
            "studierichting": "Elektrotechnieken",
            "used_on": (used_on or timezone.localdate()).isoformat(),
            "how_it_went": "Goed.",
            "rating": 4,
        },
        user=user,
        material=material,
    )
    assert form.is_valid(), form.errors
    return materials.report_use(user, material, form)


def validate(adviser, material):
    from innovet.materials import services as materials
    from innovet.materials.forms import ReviewForm

    ok = "voldoet"
    form = ReviewForm(
        {
            "curriculum_link": ok,
            "didactic_quality": ok,
            "correctness": ok,
            "accessibility": ok,
            "brand_neutrality": ok,
            "comment": "Sterk materiaal.",
            "decision": "goedgekeurd",
        }
    )
    assert form.is_valid(), form.errors
    return materials.submit_review(adviser, material, form)
