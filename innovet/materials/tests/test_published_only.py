"""Unpublished edits of a published material reach nobody but its co-authors: everything public (the
page, metadata.json, the zip package, OAI-PMH, copies) reads the published version."""

import io
import json
import zipfile

import pytest
from django.urls import reverse

from .. import oai, services
from ..models import Alignment, Material, WorkForm
from .conftest import term

SECRETS = ["GEHEIM", "Geheime uitrusting", "LPD 99", "Geheime werkvorm", "Cobots"]


@pytest.fixture
def edited(make_material, author):
    """Published with one goal and one work form; then edited in the working copy without publishing."""
    material = make_material(publish=False, equipment="Een warmtepomp")
    WorkForm.objects.create(material=material, kind=term("werkvorm", "demonstratie"), title="Demo in de klas")
    services.publish_version(author, material, term("licentie", "cc-by"), "Eerste versie.")
    material.refresh_from_db()
    Material.objects.filter(pk=material.pk).update(title="GEHEIM concept", equipment="Geheime uitrusting")
    Alignment.objects.create(material=material, network=term("onderwijsnet", "KOV"), code="LPD 99", text="x")
    material.work_forms.update(title="Geheime werkvorm")
    material.themes.add(term("thema", "cobots"))
    return Material.objects.get(pk=material.pk)


def _clean(text):
    leaked = [s for s in SECRETS if s in text]
    assert not leaked, leaked


@pytest.mark.django_db
def test_detail_page_shows_visitors_the_published_goals_and_work_forms(edited, other_teacher, client):
    client.force_login(other_teacher)
    page = client.get(edited.get_absolute_url()).content.decode()
    assert "Warmtepomp in de praktijk" in page and "LPD 12" in page and "Demo in de klas" in page
    _clean(page)


@pytest.mark.django_db
def test_metadata_json_and_package_hold_the_published_version(edited, client):
    data = client.get(reverse("materials:metadata", args=[edited.slug])).content.decode()
    assert json.loads(data)["titel"] == "Warmtepomp in de praktijk"
    assert [a["code"] for a in json.loads(data)["leerplandoelen_en_beroepskwalificaties"]] == ["LPD 12"]
    assert [w["titel"] for w in json.loads(data)["werkvormen"]] == ["Demo in de klas"]
    _clean(data)
    response = client.get(reverse("materials:package", args=[edited.slug]))
    with zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content))) as zf:
        _clean(zf.read("metadata.json").decode())
        _clean(zf.read("LEESMIJ.txt").decode())


@pytest.mark.django_db
@pytest.mark.parametrize("prefix", ["oai_dc", "lom"])
def test_oai_pmh_harvests_the_published_version(edited, client, prefix):
    for params in (
        {"verb": "GetRecord", "identifier": oai.identifier_for(edited), "metadataPrefix": prefix},
        {"verb": "ListRecords", "metadataPrefix": prefix},
    ):
        xml = client.get(reverse("materials:oai"), params).content.decode()
        assert "Warmtepomp in de praktijk" in xml
        _clean(xml)


@pytest.mark.django_db
def test_a_copy_starts_from_the_published_version(edited, other_teacher):
    copy = services.remix_material(other_teacher, Material.objects.get(pk=edited.pk))
    assert copy.title == "Kopie van Warmtepomp in de praktijk"
    assert copy.equipment == "Een warmtepomp"
    assert list(copy.alignments.values_list("code", flat=True)) == ["LPD 12"]
    assert list(copy.work_forms.values_list("title", flat=True)) == ["Demo in de klas"]
    assert list(copy.themes.values_list("code", flat=True)) == ["warmtepompen"]
