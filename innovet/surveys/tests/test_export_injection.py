import csv
import io

from django.urls import reverse
from openpyxl import load_workbook

from .helpers import answer_directly

HOSTILE = '=HYPERLINK("http://kwaad.example","Klik")'
CONTACT = {f"q_contact_onderwijs__{r}": "vaak" for r in ["leerlingen", "leerkrachten", "directie", "pbd", "rtc"]}


def _answer(survey):
    answer_directly(
        survey,
        {"q_werknemers": "250_plus", "q_sector": ["metaal", "andere"], "q_sector_andere_tekst": HOSTILE}
        | CONTACT
        | {"q_contact_verloop": "relatief_moeilijk", "q_contact_waarom": "@SUM(1+1)*cmd|' /C calc'!A0"},
    )


def test_survey_csv_export_neutralises_formulas_in_open_answers(survey_closed_q, owner, client):
    _answer(survey_closed_q)
    client.force_login(owner)
    response = client.get(reverse("surveys:export_csv", args=[survey_closed_q.slug]))
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text), delimiter=";"))
    assert row["sector_andere_tekst"] == "'" + HOSTILE
    assert row["contact_waarom"] == "'@SUM(1+1)*cmd|' /C calc'!A0"
    assert not any(value[:1] in ("=", "+", "-", "@", "\t", "\r") for value in row.values())


def test_survey_xlsx_export_writes_open_answers_as_text_cells(survey_closed_q, owner, client):
    _answer(survey_closed_q)
    client.force_login(owner)
    response = client.get(reverse("surveys:export_xlsx", args=[survey_closed_q.slug]))
    answers, _codebook = load_workbook(io.BytesIO(b"".join(response.streaming_content))).worksheets
    header = [c.value for c in answers[1]]
    cells = dict(zip(header, answers[2], strict=True))
    assert cells["sector_andere_tekst"].value == HOSTILE and cells["sector_andere_tekst"].data_type == "s"
    assert cells["contact_onderwijs_rtc"].value == "Vaak"
    assert not any(c.data_type == "f" for row in answers.iter_rows() for c in row)
