"""Search page, facets, distance, detail page with JSON-LD, .ics, API and export."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from innovet.catalogue import importer

from .conftest import term


@pytest.fixture
def catalogue(make_offer, provider, other_provider):
    """Three offers: a workshop in Kortrijk, a free lecture in Hasselt, an online training."""
    kortrijk = make_offer([provider], title="Workshop cobots Kortrijk")
    hasselt = make_offer(
        [other_provider],
        title="Lezing warmtepompen Hasselt",
        summary="Over warmtepompen.",
        description="Alles over warmtepompen in renovatie.",
        kind=term("aanbodsoort", "lezing"),
        cost=0,
        themes=[term("thema", "warmtepompen")],
        locations=[{"location_type": term("locatietype", "gastschool"), "name": "", "postcode": "3500"}],
    )
    online = make_offer(
        [provider],
        title="Online opleiding PLC",
        summary="PLC-programmatie op afstand.",
        description="Programmeren van PLC's.",
        kind=term("aanbodsoort", "opleiding"),
        cost=250,
        themes=[term("thema", "robotica-automatisering")],
        locations=[{"location_type": term("locatietype", "online"), "name": "", "postcode": ""}],
    )
    return {"kortrijk": kortrijk, "hasselt": hasselt, "online": online}


def _titles(response):
    return re.findall(r'<h2 class="h5 card-title mb-1"><a href="[^"]+">([^<]+)</a>', response.content.decode())


def _facet_labels(response, facet):
    html = response.content.decode()
    return set(re.findall(rf'name="{facet}" value="([^"]+)"', html))


@pytest.mark.django_db
def test_facets_show_counts_hide_zero_and_combine_or_within_and_across(client, catalogue):
    url = reverse("catalogue:search")
    response = client.get(url)
    assert response.context["total"] == 3
    assert "3 resultaten" in response.content.decode()
    assert _facet_labels(response, "soort") == {"workshop", "lezing", "opleiding"}
    # OR within a facet
    response = client.get(url + "?soort=workshop&soort=lezing")
    assert set(_titles(response)) == {"Workshop cobots Kortrijk", "Lezing warmtepompen Hasselt"}
    # AND across facets; the province facet only lists provinces that still have results
    response = client.get(url + "?soort=workshop&soort=lezing&kost=gratis")
    assert _titles(response) == ["Lezing warmtepompen Hasselt"]
    assert _facet_labels(response, "provincie") == {"limburg"}
    panel = next(p for p in response.context["facets"] if p["name"] == "kost")
    assert {i["value"]: i["count"] for i in panel["items"]}["gratis"] == 1
    # Every choice is a removable chip and the state is in the URL (shareable)
    assert 'href="?soort=workshop&amp;soort=lezing"' in response.content.decode()


@pytest.mark.django_db
def test_theme_facet_is_a_tree(client, catalogue):
    response = client.get(reverse("catalogue:search"))
    panel = next(p for p in response.context["facets"] if p["name"] == "thema")
    values = [i["value"] for i in panel["items"]]
    assert values.index("duurzaamheid") < values.index("duurzaamheid/warmtepompen")
    response = client.get(reverse("catalogue:search") + "?thema=duurzaamheid")
    assert _titles(response) == ["Lezing warmtepompen Hasselt"]


@pytest.mark.django_db
def test_distance_filter_sort_and_distance_shown(client, catalogue):
    url = reverse("catalogue:search") + "?postcode=8500&sorteer=afstand"
    response = client.get(url)
    titles = _titles(response)
    assert titles[:2] == ["Workshop cobots Kortrijk", "Lezing warmtepompen Hasselt"]
    distances = {o.title: o.distance_km for o in response.context["items"]}
    assert distances["Workshop cobots Kortrijk"] < 1
    assert 100 < distances["Lezing warmtepompen Hasselt"] < 160
    assert "km ver" in response.content.decode()
    response = client.get(reverse("catalogue:search") + "?postcode=8500&km=25")
    assert _titles(response) == ["Workshop cobots Kortrijk"]


@pytest.mark.django_db
def test_distance_from_my_school(client, catalogue, make_org, make_user):
    school = make_org("GO! Technisch Atheneum Hasselt", postcode="3500")
    teacher = make_user(org=school)
    client.force_login(teacher)
    response = client.get(reverse("catalogue:search") + "?bijmijnschool=1&km=10")
    assert _titles(response) == ["Lezing warmtepompen Hasselt"]
    assert "vanaf GO! Technisch Atheneum Hasselt" in response.content.decode()


@pytest.mark.django_db
def test_unknown_postcode_is_explained(client, catalogue):
    response = client.get(reverse("catalogue:search") + "?postcode=9999&km=10")
    assert response.status_code == 200
    assert "Postcode 9999 bestaat niet in België." in response.content.decode()


@pytest.mark.django_db
def test_pagination_keeps_the_search(client, make_offer, provider):
    for i in range(23):
        make_offer([provider], title=f"Cobots deel {i}")
    response = client.get(reverse("catalogue:search") + "?q=cobots")
    assert len(response.context["items"]) == 20
    assert "?q=cobots&amp;pagina=2" in response.content.decode()
    response = client.get(reverse("catalogue:search") + "?q=cobots&pagina=2")
    assert len(response.context["items"]) == 3


@pytest.mark.django_db
def test_detail_page_has_sessions_map_and_safe_json_ld(client, make_offer, provider):
    offer = make_offer([provider], title="Cobots </script><script>alert(1)</script>")
    response = client.get(offer.get_absolute_url())
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "Course"
    assert data["name"] == offer.title
    assert data["provider"]["@type"] == "Organization" and data["provider"]["name"] == provider.name
    assert data["hasCourseInstance"][0]["@type"] == "CourseInstance"
    assert data["hasCourseInstance"][0]["location"]["address"]["postalCode"] == "8500"
    assert data["offers"]["price"] == "75.00" and data["offers"]["priceCurrency"] == "EUR"
    assert 'class="map"' in html and "js/map.js" in html
    assert "<caption>1 sessie" in html
    assert "calendar.google.com" in html


@pytest.mark.django_db
def test_ics_has_every_session_and_no_organizer(client, make_offer, provider):
    from .conftest import next_weekday

    offer = make_offer(
        [provider],
        sessions=[
            {"title": "Dag 1", "starts_at": next_weekday(1), "ends_at": next_weekday(1, hour=12)},
            {"title": "Dag 2", "starts_at": next_weekday(3), "ends_at": next_weekday(3, hour=12)},
        ],
    )
    response = client.get(reverse("catalogue:offer_ics", args=[offer.pk]))
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert body.count("BEGIN:VEVENT") == 2
    assert "ORGANIZER" not in body
    assert "SUMMARY:Dag 1" in body and "LOCATION:Hal 3\\, 8500 Kortrijk" in body


@pytest.mark.django_db
def test_api_uses_the_same_filters_and_facets(client, catalogue):
    url = reverse("catalogue:api_offer_list")
    data = client.get(url + "?soort=lezing&soort=workshop").json()
    assert data["count"] == 2
    assert {r["title"] for r in data["results"]} == {"Workshop cobots Kortrijk", "Lezing warmtepompen Hasselt"}
    kinds = {f["value"]: f["count"] for f in data["facets"]["soort"]}
    assert kinds == {"lezing": 1, "workshop": 1, "opleiding": 1}  # the facet's own filter is left out
    assert {f["label"] for f in data["facets"]["provincie"]} == {"West-Vlaanderen", "Limburg"}
    data = client.get(url + "?postcode=3500&km=20").json()
    assert [r["title"] for r in data["results"]] == ["Lezing warmtepompen Hasselt"]
    assert data["results"][0]["distance_km"] < 5
    assert client.get(url + "?postcode=9999&km=5").status_code == 400
    detail = client.get(reverse("catalogue:api_offer_detail", args=[catalogue["online"].pk])).json()
    assert detail["cost_band"] == "boven-budget" and detail["fits_budget"] is False
    assert detail["locations"][0]["location_type"]["code"] == "online"


@pytest.mark.django_db
def test_api_is_documented_in_the_openapi_schema(client):
    schema = client.get("/api/schema/", HTTP_ACCEPT="application/json").content.decode()
    assert "/aanbod/api/aanbod/" in schema and "/aanbod/api/initiatieven/" in schema
    assert "provincie" in schema and "sorteer" in schema


@pytest.mark.django_db
def test_export_csv_and_xlsx_of_a_search_can_be_imported_again(client, catalogue):
    response = client.get(reverse("catalogue:export", args=["csv"]) + "?kost=gratis")
    assert response["Content-Disposition"].startswith("attachment")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == importer.HEADERS
    assert [r[0] for r in rows[1:]] == ["Lezing warmtepompen Hasselt"]
    response = client.get(reverse("catalogue:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    titles = {row[0].value for row in sheet.iter_rows(min_row=2)}
    assert titles == {"Workshop cobots Kortrijk", "Lezing warmtepompen Hasselt", "Online opleiding PLC"}
    result = importer.check_file(io.BytesIO(response.content), "export.xlsx")
    assert result.errors == []
    assert result.rows == 3


@pytest.mark.django_db
def test_initiative_list_and_detail(client, admin_user, provider, other_provider):
    from innovet.catalogue import services
    from innovet.geo.models import Province

    initiative = services.create_initiative(
        admin_user,
        {
            "title": "Leergemeenschap EMT duaal",
            "summary": "Scholen en bedrijven rond elektromechanica.",
            "description": "Samen een duaal traject.",
            "lead": provider,
            "provinces": [Province.objects.get(slug="west-vlaanderen")],
            "goals": [term("initiatiefdoel", "kwaliteit")],
            "themes": [term("thema", "cobots")],
            "partners": [
                {"organisation": other_provider, "role": term("partnerrol", "infrastructuur"), "contribution": "Hal"}
            ],
        },
        publish=True,
    )
    response = client.get(reverse("catalogue:initiative_list") + "?doel=kwaliteit")
    assert "Leergemeenschap EMT duaal" in response.content.decode()
    html = client.get(initiative.get_absolute_url()).content.decode()
    assert other_provider.name in html and "Stelt infrastructuur ter beschikking" in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["parentOrganization"]["name"] == provider.name
    assert data["member"][0]["@type"] == "Organization"
