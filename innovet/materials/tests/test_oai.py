"""OAI-PMH: the six verbs, both formats, resumption tokens and the protocol's error codes."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from .. import oai

pytestmark = pytest.mark.django_db
NS = {"o": oai.OAI, "dc": oai.DC, "lom": oai.LOM, "oai_dc": oai.OAI_DC}


def harvest(client, **params):
    response = client.get(reverse("materials:oai"), params)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/xml")
    return ET.fromstring(response.content)


def error_code(root):
    el = root.find("o:error", NS)
    return el.get("code") if el is not None else None


def test_identify(client, make_material):
    make_material()
    root = harvest(client, verb="Identify")
    assert root.find("o:Identify/o:protocolVersion", NS).text == "2.0"
    assert root.find("o:Identify/o:baseURL", NS).text.endswith("/lesmateriaal/oai/")
    assert root.find("o:Identify/o:granularity", NS).text == "YYYY-MM-DDThh:mm:ssZ"
    assert root.find("o:request", NS).get("verb") == "Identify"


def test_list_metadata_formats_and_sets(client, make_material):
    material = make_material()
    root = harvest(client, verb="ListMetadataFormats")
    prefixes = [e.text for e in root.findall(".//o:metadataPrefix", NS)]
    assert prefixes == ["oai_dc", "lom"]
    root = harvest(client, verb="ListMetadataFormats", identifier=oai.identifier_for(material))
    assert error_code(root) is None
    root = harvest(client, verb="ListSets")
    specs = [e.text for e in root.findall(".//o:setSpec", NS)]
    assert "studiedomein:stem" in specs and "status:gevalideerd" in specs


def test_get_record_in_oai_dc_credits_authors_and_licence(client, make_material):
    material = make_material()
    root = harvest(client, verb="GetRecord", identifier=oai.identifier_for(material), metadataPrefix="oai_dc")
    dc = root.find(".//oai_dc:dc", NS)
    assert dc.find("dc:title", NS).text == "Warmtepomp in de praktijk"
    assert dc.find("dc:creator", NS).text == "An Peeters"
    assert [e.text for e in dc.findall("dc:contributor", NS)] == ["VTI Testschool Gent"]
    assert dc.find("dc:rights", NS).text == "https://creativecommons.org/licenses/by/4.0/deed.nl"
    assert root.find(".//o:header/o:setSpec", NS).text == "studiedomein:stem"


def test_get_record_in_lom_has_alignment_and_rights(client, make_material):
    material = make_material()
    root = harvest(client, verb="GetRecord", identifier=oai.identifier_for(material), metadataPrefix="lom")
    lom = root.find(".//lom:lom", NS)
    assert lom.find("lom:general/lom:title/lom:string", NS).text == "Warmtepomp in de praktijk"
    assert lom.find("lom:lifeCycle/lom:contribute/lom:role/lom:value", NS).text == "author"
    assert "FN:An Peeters" in lom.find("lom:lifeCycle/lom:contribute/lom:entity", NS).text
    objective = [
        c
        for c in lom.findall("lom:classification", NS)
        if c.find("lom:purpose/lom:value", NS).text == "educational objective"
    ][0]
    assert objective.find(".//lom:taxon/lom:id", NS).text == "LPD 12"
    assert lom.find("lom:educational/lom:typicalLearningTime/lom:duration", NS).text == "PT100M"
    assert "CC BY 4.0" in lom.find("lom:rights/lom:description/lom:string", NS).text


def test_list_records_pages_with_resumption_tokens(client, make_material, monkeypatch):
    monkeypatch.setattr(oai, "PAGE_SIZE", 2)
    for i in range(5):
        make_material(title=f"Materiaal {i}")
    make_material(title="Privé concept", publish=False)
    seen, token, pages = [], None, 0
    while True:
        params = {"verb": "ListIdentifiers"}
        params.update({"resumptionToken": token} if token else {"metadataPrefix": "oai_dc"})
        root = harvest(client, **params)
        assert error_code(root) is None
        seen += [e.text for e in root.findall(".//o:header/o:identifier", NS)]
        pages += 1
        token_el = root.find(".//o:resumptionToken", NS)
        assert token_el.get("completeListSize") == "5"
        token = token_el.text
        if not token:
            break
    assert pages == 3 and len(seen) == len(set(seen)) == 5  # the draft is never exposed
    root = harvest(client, verb="ListRecords", metadataPrefix="lom")
    assert len(root.findall(".//o:record", NS)) == 2


def test_list_with_set_and_dates(client, make_material):
    make_material()
    root = harvest(
        client, verb="ListRecords", metadataPrefix="oai_dc", set="studiedomein:stem", **{"from": "2020-01-01"}
    )
    assert len(root.findall(".//o:record", NS)) == 1
    root = harvest(client, verb="ListRecords", metadataPrefix="oai_dc", set="studiedomein:sport")
    assert error_code(root) == "noRecordsMatch"
    root = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc", until="2001-01-01")
    assert error_code(root) == "noRecordsMatch"


@pytest.mark.parametrize(
    "params,code",
    [
        ({}, "badVerb"),
        ({"verb": "ListEverything"}, "badVerb"),
        ({"verb": "ListRecords"}, "badArgument"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "Identify", "extra": "1"}, "badArgument"),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "gisteren"}, "badArgument"),
        (
            {"verb": "ListRecords", "metadataPrefix": "oai_dc", "from": "2020-01-01", "until": "2026-01-01T00:00:00Z"},
            "badArgument",
        ),
        ({"verb": "ListRecords", "metadataPrefix": "oai_dc", "set": "bestaat:niet"}, "badArgument"),
        ({"verb": "ListRecords", "resumptionToken": "vervalst"}, "badResumptionToken"),
        ({"verb": "ListRecords", "resumptionToken": "x", "metadataPrefix": "oai_dc"}, "badArgument"),
        ({"verb": "ListSets", "resumptionToken": "x"}, "badResumptionToken"),
        ({"verb": "ListRecords", "metadataPrefix": "marc21"}, "cannotDisseminateFormat"),
        ({"verb": "GetRecord", "metadataPrefix": "oai_dc", "identifier": "oai:elders:1"}, "idDoesNotExist"),
        ({"verb": "ListMetadataFormats", "identifier": "oai:testserver:materials/onbekend"}, "idDoesNotExist"),
    ],
)
def test_protocol_errors(client, make_material, params, code):
    make_material()
    root = harvest(client, **params)
    assert error_code(root) == code
    if code in {"badVerb", "badArgument"}:
        assert root.find("o:request", NS).attrib == {}  # the spec: no attributes echoed then


def test_token_of_another_verb_is_a_bad_token(client, make_material, monkeypatch):
    monkeypatch.setattr(oai, "PAGE_SIZE", 1)
    make_material(title="A")
    make_material(title="B")
    root = harvest(client, verb="ListIdentifiers", metadataPrefix="oai_dc")
    token = root.find(".//o:resumptionToken", NS).text
    assert error_code(harvest(client, verb="ListRecords", resumptionToken=token)) == "badResumptionToken"
    assert error_code(harvest(client, verb="ListIdentifiers", resumptionToken=token + "x")) == "badResumptionToken"


def test_draft_is_not_a_record(client, make_material):
    draft = make_material(publish=False)
    root = harvest(client, verb="GetRecord", identifier=oai.identifier_for(draft), metadataPrefix="oai_dc")
    assert error_code(root) == "idDoesNotExist"


def test_post_requests_are_accepted(client, make_material):
    make_material()
    response = client.post(reverse("materials:oai"), {"verb": "Identify"})
    assert b"<Identify" in response.content or b":Identify" in response.content
