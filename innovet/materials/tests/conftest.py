"""Fixtures for the material tests: a school with a teacher-author, a PBD adviser, a teacher elsewhere."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from innovet.organisations.models import OrganisationKind, Role
from innovet.taxonomy.models import Term

from .. import services
from ..models import Material

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde" + b"\x00" * 20
)


def term(vocabulary, code):
    return Term.objects.of(vocabulary).get(code=code)


@pytest.fixture
def pdf_upload():
    def make(name="handleiding.pdf", content=PDF):
        return SimpleUploadedFile(name, content, content_type="application/pdf")

    return make


@pytest.fixture
def author(school, make_user):
    return make_user(email="auteur@school.be", org=school, role=Role.TEACHER, first_name="An", last_name="Peeters")


@pytest.fixture
def other_school(make_org):
    return make_org("GO! Technisch Atheneum Hasselt", OrganisationKind.SCHOOL, "3500")


@pytest.fixture
def other_teacher(other_school, make_user):
    return make_user(email="collega@hasselt.be", org=other_school, role=Role.TEACHER)


@pytest.fixture
def pbd(make_org, make_user):
    org = make_org(
        "Pedagogische begeleiding KOV", OrganisationKind.PBD, "1000", onderwijsnet=term("onderwijsnet", "KOV")
    )
    return make_user(email="pbd@kov.be", org=org, role=Role.PEDAGOGICAL_ADVISER, first_name="Els", last_name="Maes")


@pytest.fixture
def make_material(author, pdf_upload):
    def make(title="Warmtepomp in de praktijk", user=None, publish=True, licence="cc-by", **fields):
        user = user or author
        material = Material.objects.create(
            title=title,
            slug=services._unique_slug(title),
            summary=fields.pop("summary", "Leerlingen ontwerpen en meten een warmtepompinstallatie."),
            body=fields.pop("body", "<p>Stap voor stap.</p>"),
            duration_minutes=100,
            **fields,
        )
        material.studiedomeinen.add(term("studiedomein", "stem"))
        material.graden.add(term("graad", "3"))
        material.themes.add(term("thema", "warmtepompen"))
        from ..models import Alignment, Author

        organisation = user.memberships.first().organisation
        Author.objects.create(material=material, user=user, organisation=organisation)
        material.organisations.add(organisation)
        Alignment.objects.create(
            material=material,
            network=term("onderwijsnet", "KOV"),
            code="LPD 12",
            text="De leerlingen meten het rendement.",
        )
        services.add_file(user, material, pdf_upload(), "Handleiding")
        if publish:
            services.publish_version(user, material, term("licentie", licence), "Eerste versie.")
        material.refresh_from_db()
        return material

    return make
