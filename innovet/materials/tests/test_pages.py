"""What a visitor sees: search, the page with its JSON-LD, the zip package, author credit, the create flow."""

import io
import json
import re
import zipfile

import pytest
from django.urls import reverse

from innovet.core.gdpr import export_user_data

from .. import services
from ..models import Material
from .conftest import PDF, term

pytestmark = pytest.mark.django_db


def test_teacher_shares_material_from_form_to_publication(author, client):
    client.force_login(author)
    response = client.post(
        reverse("materials:create"),
        {
            "title": "PLC-sturing van een transportband",
            "summary": "Programmeer een transportband met sensoren.",
            "body": "Eerste les.\n\nTweede les.<script>alert(1)</script>",
            "language": "nl",
            "duration_minutes": 150,
            "studiedomeinen": [term("studiedomein", "stem").pk],
            "graden": [term("graad", "2").pk],
            "brand_neutral": "",
            "brand_name": "Siemens",
            "doelen-TOTAL_FORMS": 1,
            "doelen-INITIAL_FORMS": 0,
            "doelen-0-kind": "leerplandoel",
            "doelen-0-network": term("onderwijsnet", "GO").pk,
            "doelen-0-code": "3.4.2",
            "doelen-0-text": "Een sturing programmeren.",
        },
    )
    material = Material.objects.get()
    assert response.url == reverse("materials:files", args=[material.slug])
    assert "<script>" not in material.body and "<p>Eerste les.</p>" in material.body
    assert material.brand_neutral is False and material.alignments.get().code == "3.4.2"
    files_url = reverse("materials:files", args=[material.slug])
    client.post(files_url, {"action": "workform", "kind": term("werkvorm", "projectopdracht").pk, "position": 1})
    wf = material.work_forms.get()
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.post(
        files_url,
        {"action": "upload", "file": SimpleUploadedFile("opdracht.pdf", PDF), "title": "Opdracht", "work_form": wf.pk},
    )
    assert material.attachments.get().work_form == wf
    response = client.post(
        reverse("materials:publish", args=[material.slug]),
        {"licence": term("licentie", "cc-by-nc").pk, "changelog": "Eerste versie."},
    )
    assert response.status_code == 302
    page = client.get(material.get_absolute_url()).content.decode()
    assert "Projectopdracht" in page and "Opdracht" in page and "CC BY-NC" in page
    assert "nee, gebonden aan Siemens" in page


def test_brand_tied_material_must_name_the_brand(author, client):
    client.force_login(author)
    response = client.post(
        reverse("materials:create"),
        {
            "title": "X",
            "summary": "Y",
            "language": "nl",
            "brand_neutral": "",
            "doelen-TOTAL_FORMS": 0,
            "doelen-INITIAL_FORMS": 0,
        },
    )
    errors = response.context["form"].errors
    assert "brand_name" in errors and errors["studiedomeinen"] == ["Kies minstens één studiedomein."]
    assert not Material.objects.exists()


def test_page_has_learning_resource_jsonld_with_alignments(make_material, client):
    material = make_material()
    page = client.get(material.get_absolute_url()).content.decode()
    raw = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(raw)
    assert data["@type"] == "LearningResource"
    assert data["license"] == "https://creativecommons.org/licenses/by/4.0/deed.nl"
    assert {"@type": "Person", "name": "An Peeters"} in data["author"]
    teaches = [a for a in data["educationalAlignment"] if a["alignmentType"] == "teaches"]
    assert teaches[0]["targetName"] == "LPD 12" and teaches[0]["@type"] == "AlignmentObject"
    assert data["timeRequired"] == "PT100M"


def test_zip_package_holds_files_and_metadata_with_credits(make_material, client):
    material = make_material()
    response = client.get(reverse("materials:package", args=[material.slug]))
    assert response["Content-Disposition"].startswith("attachment;")
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = archive.namelist()
    assert "metadata.json" in names and "LEESMIJ.txt" in names
    meta = json.loads(archive.read("metadata.json"))
    assert meta["auteurs"] == [{"naam": "An Peeters", "organisatie": "VTI Testschool Gent"}]
    assert meta["licentie"]["spdx"] == "CC-BY-4.0" and meta["versie"] == 1
    pdf_name = meta["bestanden"][0]["bestand"]
    assert archive.read(pdf_name) == PDF
    assert "An Peeters (VTI Testschool Gent)" in archive.read("LEESMIJ.txt").decode()
    material.refresh_from_db()
    assert material.download_count == 1


def test_search_finds_published_material_by_text_and_facet_but_not_drafts(make_material, client):
    make_material()
    make_material(title="Geheime warmtepomp", publish=False)
    response = client.get(reverse("materials:search"), {"q": "warmtepomp"})
    titles = [m.title for m in response.context["materials"]]
    assert titles == ["Warmtepomp in de praktijk"]
    facets = {f["name"]: f for f in response.context["facets"]}
    assert {"label": "STEM", "count": 1} == {k: facets["studiedomein"]["items"][0][k] for k in ("label", "count")}
    theme_labels = [i["label"] for i in facets["thema"]["items"]]
    assert "Duurzaamheid" in theme_labels and "Warmtepompen" in theme_labels
    response = client.get(reverse("materials:search"), {"studiedomein": "sport"})
    assert response.context["total"] == 0
    response = client.get(reverse("materials:search"), {"licentie": "cc-by", "status": "concept"})
    assert response.context["total"] == 1


def test_status_change_reaches_the_search_facets(make_material, author, client):
    material = make_material()
    services.change_status(author, material, "in-test")
    response = client.get(reverse("materials:search"), {"status": "in-test"})
    assert [m.pk for m in response.context["materials"]] == [material.pk]


def test_author_profile_shows_credit_and_hides_people_without_material(make_material, author, other_teacher, client):
    make_material()
    page = client.get(reverse("materials:author", args=[author.pk]))
    assert page.status_code == 200 and "Warmtepomp in de praktijk" in page.content.decode()
    assert client.get(reverse("materials:author", args=[other_teacher.pk])).status_code == 404


def test_gdpr_export_lists_authorship_and_reports(make_material, author):
    make_material()
    data = export_user_data(author)["gegevens"]["lesmateriaal"]
    assert data["auteur van"][0]["titel"] == "Warmtepomp in de praktijk"


def test_metadata_json(make_material, client):
    material = make_material()
    data = client.get(reverse("materials:metadata", args=[material.slug])).json()
    assert data["titel"] == material.title and data["leerplandoelen_en_beroepskwalificaties"][0]["code"] == "LPD 12"


def test_dashboard_shows_my_material(make_material, author, client):
    make_material(title="Mijn zonnepaneel", publish=False)
    client.force_login(author)
    assert "Mijn zonnepaneel" in client.get(reverse("core:dashboard")).content.decode()


def test_gdpr_erasure_keeps_counts_but_not_the_person(make_material, other_teacher, other_school):
    from innovet.core.gdpr import erase_user

    from .test_workflow import report_use

    material = make_material()
    report_use(other_teacher, material, school=other_school)
    erase_user(other_teacher)
    report = material.usage_reports.get()
    assert report.user is None and report.how_it_went == "(verwijderd)" and report.school == other_school


def test_review_queue_lists_tested_material_for_advisers(make_material, author, pbd, other_teacher, client):
    from ..models import Status
    from .test_workflow import report_use

    material = make_material()
    services.change_status(author, material, Status.IN_TEST)
    report_use(other_teacher, material, school=other_teacher.memberships.first().organisation)
    client.force_login(pbd)
    assert material.title not in client.get(reverse("materials:mine")).content.decode()
    services.change_status(author, material, Status.TESTED)
    page = client.get(reverse("materials:mine")).content.decode()
    assert "Wacht op een review" in page and material.title in page


def test_publish_page_explains_what_each_licence_allows(make_material, author, client):
    material = make_material(publish=False)
    client.force_login(author)
    page = client.get(reverse("materials:publish", args=[material.slug])).content.decode()
    assert "Naamsvermelding-GelijkDelen (CC BY-SA 4.0) – kopiëren en aanpassen mag, onder dezelfde licentie" in page
    assert "Alle rechten voorbehouden – collega&#x27;s mogen het gebruiken, maar geen kopie maken of aanpassen" in page
