import csv
import io
import re

from django.urls import reverse
from openpyxl import load_workbook

from innovet.surveys import selectors
from innovet.surveys.structure import load_structure

from .helpers import VISION, answer_directly


def _teacher(survey, forms, net, complete=True):
    pages = [
        {"q_actief_in": "leerkracht"},
        {},
        {"q_voldoende_kennis": "ja"},
        {"q_onderwijsvorm": forms, "q_onderwijsnet": net},
        {"q_ondersteunt_reeds": "neen"},
        {},
        {},
        {"q_partners_inbreng": ["bedrijven"]},
        {},
        VISION,
    ]
    return answer_directly(survey, *(pages if complete else pages[:3]))


def _director(survey, forms, net):
    return answer_directly(
        survey,
        {"q_actief_in": "directie"},
        {},
        {"q_voldoende_kennis": "ja"},
        {"q_onderwijsvorm": forms, "q_onderwijsnet": net, "q_studiedomeinen_school": "beide"},
        {"q_ondersteunt_reeds": "ja"},
        {},
        {},
        {"q_partners_inbreng": ["scholen"]},
        {},
        VISION,
    )


def _sector_screened_out(survey):
    return answer_directly(
        survey, {"q_actief_in": "sectororganisatie", "q_functie": "Consulent"}, {}, {"q_voldoende_kennis": "nee"}
    )


def _dataset(survey):
    _teacher(survey, ["bso", "tso"], "kov")
    _teacher(survey, ["bso"], "go")
    _teacher(survey, ["tso", "ander"], "kov") if False else _teacher(survey, ["tso"], "kov")
    _director(survey, ["bso", "tso", "aso"], "kov")
    _teacher(survey, ["bso"], "kov", complete=False)
    _sector_screened_out(survey)


def test_frequencies_give_percent_of_respondents_for_multiple_answers(survey_open):
    _dataset(survey_open)
    structure = load_structure(survey_open.current_version)
    freqs = {item["question"].key: item for item in selectors.frequencies(structure)}
    vorm = freqs["onderwijsvorm"]
    assert vorm["base"] == 4  # four respondents answered, with seven answers between them
    by_key = {o["option"].key: o for o in vorm["options"]}
    assert by_key["bso"]["n"] == 3 and by_key["bso"]["pct"] == 75.0
    assert by_key["tso"]["n"] == 3 and by_key["aso"]["pct"] == 25.0
    role = {o["option"].key: o["n"] for o in freqs["actief_in"]["options"]}
    assert role == {"leerkracht": 4, "directie": 1, "lerarenopleiding": 0, "sectororganisatie": 1, "bedrijfsnetwerk": 0}
    assert freqs["actief_in"]["options"][0]["pct"] == round(100 * 4 / 6, 1)


def test_funnel_counts_start_each_page_and_completion(survey_open):
    _dataset(survey_open)
    structure = load_structure(survey_open.current_version)
    funnel = selectors.funnel(structure)
    assert funnel["started"] == 6 and funnel["completed"] == 4 and funnel["screened_out"] == 1
    steps = {s["label"]: s["n"] for s in funnel["steps"]}
    assert steps["Voorbij pagina 1: Over jezelf"] == 6
    assert steps["Voorbij pagina 3: Opleidingsnoden van leerkrachten"] == 6
    assert steps["Voorbij pagina 4: Over je school"] == 4


def test_crosstab_like_table_3_with_n_and_percent_per_column(survey_open):
    _dataset(survey_open)
    structure = load_structure(survey_open.current_version)
    table = selectors.crosstab(structure, structure.by_key["onderwijsvorm"], structure.by_key["actief_in"])
    columns = {c["option"].key: c["n"] for c in table["columns"]}
    assert columns["leerkracht"] == 3 and columns["directie"] == 1
    bso = next(r for r in table["rows"] if r["option"].key == "bso")
    cells = {c["option"].key: cell for c, cell in zip(table["columns"], bso["cells"], strict=True)}
    assert cells["leerkracht"] == {"n": 2, "pct": 66.7}
    assert cells["directie"] == {"n": 1, "pct": 100.0}
    assert bso["total"] == {"n": 3, "pct": 75.0}
    net = structure.by_key["onderwijsnet"]
    kov = next(o for o in structure.choices[net.pk] if o.key == "kov")
    filtered = selectors.crosstab(
        structure,
        structure.by_key["onderwijsvorm"],
        structure.by_key["actief_in"],
        selectors.Filters({net.pk: {kov.pk}}),
    )
    assert filtered["total"] == 3
    assert {c["option"].key: c["n"] for c in filtered["columns"]}["leerkracht"] == 2


def test_filters_by_answer_restrict_every_figure(survey_open, owner, client):
    _dataset(survey_open)
    structure = load_structure(survey_open.current_version)
    kov = structure.by_key["onderwijsnet"]
    option = next(o for o in structure.choices[kov.pk] if o.key == "kov")
    filters = selectors.Filters(answers={kov.pk: {option.pk}})
    freqs = {item["question"].key: item for item in selectors.frequencies(structure, filters)}
    assert freqs["onderwijsnet"]["base"] == 3
    assert selectors.funnel(structure, filters)["started"] == 3
    client.force_login(owner)
    page = client.get(reverse("surveys:report", args=[survey_open.slug]), {"f": f"{kov.pk}:{option.pk}"})
    assert page.status_code == 200
    assert "onderwijsnet = Katholiek Onderwijs Vlaanderen - KOV" in page.content.decode()


def test_csv_export_tells_not_shown_from_not_answered_and_keeps_other_text_next_to_option(survey_open, owner, client):
    answer_directly(
        survey_open,
        {"q_actief_in": "leerkracht"},
        {},
        {"q_voldoende_kennis": "ja"},
        {"q_onderwijsvorm": ["bso", "ander"], "q_onderwijsvorm_ander_tekst": "DBSO", "q_onderwijsnet": "go"},
    )
    _sector_screened_out(survey_open)
    client.force_login(owner)
    response = client.get(reverse("surveys:export_csv", args=[survey_open.slug]))
    assert response.status_code == 200
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text), delimiter=";"))
    teacher, sector = rows
    assert teacher["onderwijsvorm_bso"] == "1" and teacher["onderwijsvorm_tso"] == "0"
    assert teacher["onderwijsvorm_ander"] == "1" and teacher["onderwijsvorm_ander_tekst"] == "DBSO"
    assert teacher["functie"] == ""  # asked of everyone, left empty
    assert teacher["studiedomeinen_school"] == "[niet getoond]"  # the directors' question
    assert teacher["innovatieve_ontwikkelingen"] == ""  # shown, left empty
    assert teacher["focus"] == "[niet bereikt]"  # stopped before that page
    assert teacher["actief_in"] == "... een school, als leerkracht"
    assert sector["functie"] == "Consulent"
    assert sector["onderwijsvorm_bso"] == "[niet bereikt]"  # screened out before the school page
    assert sector["status"] == "Beëindigd door een antwoord"
    codebook = client.get(reverse("surveys:codebook_csv", args=[survey_open.slug])).content.decode("utf-8-sig")
    assert "onderwijsvorm_ander_tekst" in codebook and "[niet getoond]" in codebook
    assert "actief_in = ‘... een school, als leerkracht’" in codebook


def test_xlsx_export_has_answers_and_codebook(survey_closed_q, owner, client):
    answer_directly(
        survey_closed_q,
        {"q_werknemers": "250_plus", "q_sector": ["metaal", "andere"], "q_sector_andere_tekst": "Robotica"}
        | {f"q_contact_onderwijs__{r}": "vaak" for r in ["leerlingen", "leerkrachten", "directie", "pbd", "rtc"]},
    )
    client.force_login(owner)
    response = client.get(reverse("surveys:export_xlsx", args=[survey_closed_q.slug]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    answers, codebook = workbook.worksheets
    header = [c.value for c in answers[1]]
    values = dict(zip(header, [c.value for c in answers[2]], strict=True))
    assert values["werknemers"] == "250 werknemers of meer"
    assert values["sector_andere_tekst"] == "Robotica"
    assert values["contact_onderwijs_rtc"] == "Vaak"
    assert codebook.max_row > 100


def test_export_of_a_multiple_answer_matrix_tells_unticked_from_unanswered_rows(survey_closed_q, owner, client):
    contact = {
        f"q_contact_onderwijs__{r}": "af_en_toe" for r in ["leerlingen", "leerkrachten", "directie", "pbd", "rtc"]
    }
    willing = {
        f"q_bereidheid__{r}": "ja"
        for r in [
            "nieuw_materiaal", "aanpassing_materiaal", "leerkrachten", "pbd", "ondersteunende_organisaties", "sector",
            "andere_sector",
        ]
    }  # fmt: skip
    materials = willing | {
        "q_partners": ["vdab", "andere"],
        "q_partners_andere_tekst": "Provincie",
        "q_partners_inbreng__vdab": ["geld", "materiaal"],
        "q_partners_inbreng__andere": ["personeel_tijd"],
        "q_partners_inbreng__andere_tekst": "Provincie Limburg",
    }
    answer_directly(survey_closed_q, contact, {}, {}, {"q_ondersteunt_reeds": "nee"}, materials)
    answer_directly(
        survey_closed_q, contact, {}, {}, {"q_ondersteunt_reeds": "nee"}, willing | {"q_partners": ["geen"]}
    )
    client.force_login(owner)
    response = client.get(reverse("surveys:export_csv", args=[survey_closed_q.slug]))
    partners, none = csv.DictReader(
        io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
    )
    assert [partners[f"partners_inbreng_vdab_{c}"] for c in ["personeel_tijd", "materiaal", "geld"]] == ["0", "1", "1"]
    assert partners["partners_inbreng_rtc_geld"] == ""  # row left open
    assert partners["partners_inbreng_andere_personeel_tijd"] == "1"
    assert partners["partners_inbreng_andere_tekst"] == "Provincie Limburg"
    assert partners["partners_andere"] == "1" and partners["partners_andere_tekst"] == "Provincie"
    assert partners["partners_rtc"] == "0" and partners["ondersteunt_reeds"] == "Nee"
    assert partners["middelen_financieel"] == none["middelen_financieel"] == "[niet getoond]"  # only for 'ja'
    assert none["partners_inbreng_vdab_geld"] == "[niet getoond]"  # 'geen' hides the matrix
    assert partners["formule"] == "[niet bereikt]"  # stopped before the event page


def test_matrix_report_and_open_answer_coding(survey_closed_q, owner, client):
    for col in ["vaak", "vaak", "nooit"]:
        answer_directly(
            survey_closed_q,
            {f"q_contact_onderwijs__{r}": col for r in ["leerlingen", "leerkrachten", "directie", "pbd", "rtc"]}
            | {"q_contact_verloop": "relatief_moeilijk", "q_contact_waarom": "Leerkrachten hebben weinig tijd"},
        )
    structure = load_structure(survey_closed_q.current_version)
    matrix = next(i for i in selectors.frequencies(structure) if i["question"].key == "contact_onderwijs")
    first = matrix["rows"][0]
    assert first["base"] == 3 and [c["pct"] for c in first["cells"]] == [66.7, 0.0, 33.3]
    client.force_login(owner)
    report = client.get(reverse("surveys:report", args=[survey_closed_q.slug]))
    assert report.status_code == 200
    assert 'data-chart="grafiek-contact_onderwijs"' in report.content.decode()
    assert 'id="grafiek-contact_onderwijs"' in report.content.decode()
    page = client.get(
        reverse("surveys:open_answers", args=[survey_closed_q.slug]), {"vraag": "contact_waarom", "q": "tijd"}
    )
    answers = list(page.context["page"])
    assert len(answers) == 3
    url = reverse("surveys:code_answer", args=[survey_closed_q.slug, answers[0].pk])
    client.post(url, {"codes": "tijdsgebrek, werkdruk"})
    client.post(reverse("surveys:code_answer", args=[survey_closed_q.slug, answers[1].pk]), {"codes": "tijdsgebrek"})
    counts = {c.label: c.n for c in selectors.code_counts(survey_closed_q)}
    assert counts == {"tijdsgebrek": 2, "werkdruk": 1}
    coded_report = client.get(reverse("surveys:report", args=[survey_closed_q.slug])).content.decode()
    code_row = re.search(r"tijdsgebrek</a>.*?</tr>", coded_report, re.S).group(0)
    assert re.findall(r'class="text-end">([^<]+)</td>', code_row) == ["2", "66,7%"]  # 2 of the 3 who answered
    coded = client.get(
        reverse("surveys:open_answers", args=[survey_closed_q.slug]),
        {"vraag": "contact_waarom", "code": answers[1].codes.get().pk},
    )
    assert coded.context["page"].paginator.count == 2
    crosstab = client.get(
        reverse("surveys:crosstab", args=[survey_closed_q.slug]), {"vraag": "contact_verloop", "per": "werknemers"}
    )
    assert crosstab.status_code == 200


def test_running_tallies_equal_a_live_count_after_changed_and_withdrawn_answers(client, survey_open):
    from innovet.surveys import tallies

    from .helpers import start, submit

    _dataset(survey_open)
    # A respondent who goes back, changes role (hiding the school page they answered) and finishes.
    response = start(client, survey_open)
    submit(client, response, {"q_actief_in": "leerkracht"})
    submit(client, response, {})
    submit(client, response, {"q_voldoende_kennis": "ja"})
    submit(client, response, {"q_onderwijsvorm": ["bso", "kso"], "q_onderwijsnet": "oko"})
    for _ in range(4):
        submit(client, response, {}, action="vorige")
    submit(client, response, {"q_actief_in": "bedrijfsnetwerk", "q_functie": "Clustermanager"})
    submit(client, response, {})
    submit(client, response, {"q_voldoende_kennis": "ja"})
    submit(client, response, {"q_ondersteunt_reeds": "ja"})
    submit(client, response, {})
    submit(client, response, {})
    submit(client, response, {"q_partners_inbreng": ["vdab"]})
    done = submit(client, response, VISION)
    assert done.status_code == 302
    structure = load_structure(survey_open.current_version)
    kept = {(k[0], k[1] or None, k[2]): n for k, n in tallies.read(structure.version).items() if k[2] and n}
    live, _bases, _stats = selectors._live_counts(structure, selectors._answers(structure))
    assert kept == {k: n for k, n in live.items() if n}
    freqs = {i["question"].key: i for i in selectors.frequencies(structure)}
    assert {o["option"].key: o["n"] for o in freqs["onderwijsnet"]["options"]}["oko"] == 0  # withdrawn with the page
    assert freqs["onderwijsvorm"]["base"] == 4
    tallies.rebuild(structure.version)
    assert selectors.frequencies(structure) == [i for i in freqs.values()]


def test_synthetic_responses_follow_the_routing_and_keep_tallies_exact(survey_open):
    import random

    from innovet.surveys import synthetic, tallies
    from innovet.surveys.models import Answer

    synthetic.generate(survey_open, 80, random.Random(7))
    structure = load_structure(survey_open.current_version)
    school_roles = Answer.objects.filter(question__key="actief_in", option__key__in=["leerkracht", "directie"])
    school_ids = set(school_roles.values_list("response_id", flat=True))
    functie = set(Answer.objects.filter(question__key="functie").values_list("response_id", flat=True))
    over_school = set(Answer.objects.filter(question__key="onderwijsnet").values_list("response_id", flat=True))
    assert school_ids and functie & school_ids  # 'Welke functie…' is asked of everyone
    assert over_school <= school_ids
    kept = {(k[0], k[1] or None, k[2]): n for k, n in tallies.read(structure.version).items() if k[2] and n}
    live, _bases, _stats = selectors._live_counts(structure, selectors._answers(structure))
    assert kept == {k: n for k, n in live.items() if n}


def test_export_marks_follow_ups_on_pages_never_reached_as_not_reached(survey_open, survey_closed_q, owner, client):
    # Stopped on the first page after the role: every later question, follow-ups included, is 'not reached'
    # ('not shown' would claim the routing hid it, but the respondent never got that far).
    answer_directly(survey_open, {"q_actief_in": "lerarenopleiding", "q_functie": "Lector"})
    # Screened out by the knowledge question: the school page lies past where the survey ended for them.
    _sector_screened_out(survey_open)
    client.force_login(owner)
    response = client.get(reverse("surveys:export_csv", args=[survey_open.slug]))
    stopped, screened = csv.DictReader(
        io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";"
    )
    for key in ["initiatieven", "middelen", "waarom_wel", "waarom_niet", "bijdrage", "grootteorde_steun"]:
        assert stopped[key] == "[niet bereikt]", key
        assert screened[key] == "[niet bereikt]", key
    assert screened["onderwijsvorm_bso"] == "[niet bereikt]"
    assert stopped["uitdagingen"] == "[niet bereikt]"
    # Past the page that holds it, the routing did hide it: 'not shown' stays for that.
    answer_directly(
        survey_closed_q,
        {f"q_contact_onderwijs__{r}": "vaak" for r in ["leerlingen", "leerkrachten", "directie", "pbd", "rtc"]},
        {},
        {},
        {"q_ondersteunt_reeds": "nee"},
    )
    response = client.get(reverse("surveys:export_csv", args=[survey_closed_q.slug]))
    (past,) = csv.DictReader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig")), delimiter=";")
    assert past["middelen_financieel"] == "[niet getoond]"


def test_codebook_explains_every_export_column_including_start_and_end_times(survey_open, owner, client):
    client.force_login(owner)
    codebook = client.get(reverse("surveys:codebook_csv", args=[survey_open.slug])).content.decode("utf-8-sig")
    variables = [row["variabele"] for row in csv.DictReader(io.StringIO(codebook), delimiter=";") if row["variabele"]]
    structure = load_structure(survey_open.current_version)
    from innovet.surveys.exports import export_header

    assert variables == export_header(structure)
    assert "begonnen" in variables and "afgerond" in variables
    survey_open.anonymous = False
    survey_open.save(update_fields=["anonymous"])
    codebook = client.get(reverse("surveys:codebook_csv", args=[survey_open.slug])).content.decode("utf-8-sig")
    variables = [row["variabele"] for row in csv.DictReader(io.StringIO(codebook), delimiter=";") if row["variabele"]]
    assert variables == export_header(structure, identified=True)


def test_colleagues_question_takes_an_open_answer_like_in_the_study(survey_open, owner, client):
    answers = VISION | {"q_collegas_betrokken": "Een tiental, afhankelijk van de vervanging"}
    response = answer_directly(
        survey_open,
        {"q_actief_in": "sectororganisatie"},
        {},
        {"q_voldoende_kennis": "ja"},
        {"q_ondersteunt_reeds": "neen"},
        {},
        {},
        {"q_partners_inbreng": ["scholen"]},
        answers,
    )
    assert response.status == "volledig"
    from innovet.surveys.models import Answer

    stored = Answer.objects.get(response=response, question__key="collegas_betrokken")
    assert stored.text == "Een tiental, afhankelijk van de vervanging" and stored.number is None
    client.force_login(owner)
    export = client.get(reverse("surveys:export_csv", args=[survey_open.slug]))
    (row,) = csv.DictReader(io.StringIO(b"".join(export.streaming_content).decode("utf-8-sig")), delimiter=";")
    assert row["collegas_betrokken"] == "Een tiental, afhankelijk van de vervanging"


def test_migration_turns_existing_number_answers_on_colleagues_into_open_text(survey_open, owner, client):
    import importlib
    from decimal import Decimal

    from django.apps import apps

    from innovet.surveys import services
    from innovet.surveys.models import Answer, Question

    # A survey made from the template before the fix: the question was a number field with answers.
    question = Question.objects.get(version=survey_open.current_version, key="collegas_betrokken")
    Question.objects.filter(pk=question.pk).update(kind="getal", min_value=0, max_value=10000)
    given = {}
    for number in ["12.00", "2.50"]:
        response = services.start_response(survey_open)
        given[number] = Answer.objects.create(response=response, question=question, number=Decimal(number))
    migration = importlib.import_module("innovet.surveys.migrations.0009_collegas_betrokken_open_text")
    migration.forwards(apps, None)
    question.refresh_from_db()
    assert (question.kind, question.min_value, question.max_value) == ("lang", None, None)
    converted = {n: Answer.objects.get(pk=a.pk) for n, a in given.items()}
    assert [(a.text, a.number) for a in converted.values()] == [("12", None), ("2,5", None)]
    client.force_login(owner)
    structure = load_structure(survey_open.current_version)
    page = client.get(
        reverse("surveys:open_answers", args=[survey_open.slug]), {"vraag": "collegas_betrokken"}
    ).content.decode()
    assert question in selectors.text_questions(structure) and "2,5" in page


def _table_3_respondents(survey):
    """The study's 119 teachers (71) and directors (48) with Tabel 3's school types: 'Ander, namelijk' was
    DBSO for 8 of them and Se-n-Se for 2. Stored in bulk (as completed responses), tallies rebuilt."""
    from django.utils import timezone

    from innovet.surveys import tallies
    from innovet.surveys.models import Answer, Response

    structure = load_structure(survey.current_version)
    role, vorm = structure.by_key["actief_in"], structure.by_key["onderwijsvorm"]
    option = {(q.key, o.key): o for q in (role, vorm) for o in structure.choices[q.pk]}
    ranges = {
        "bso": range(0, 94),
        "tso": range(39, 119),
        "aso": range(0, 11),
        "volwassenenonderwijs": range(11, 17),
        "hoger_onderwijs": range(17, 19),
        "hbo5": range(19, 20),
    }
    other = {i: "DBSO" for i in range(20, 28)} | {i: "Se-n-Se " for i in range(28, 30)}
    now = timezone.now()
    responses = Response.objects.bulk_create(
        Response(survey=survey, version=structure.version, status="volledig", furthest_page=10, completed_at=now)
        for _ in range(119)
    )
    answers = []
    for i, response in enumerate(responses):
        who = "leerkracht" if i < 71 else "directie"
        answers.append(Answer(response=response, question=role, option=option[("actief_in", who)]))
        for key, rows in ranges.items():
            if i in rows:
                answers.append(Answer(response=response, question=vorm, option=option[("onderwijsvorm", key)]))
        if i in other:
            answers.append(
                Answer(response=response, question=vorm, option=option[("onderwijsvorm", "ander")], text=other[i])
            )
    Answer.objects.bulk_create(answers)
    tallies.rebuild(structure.version)
    return structure


def test_coded_other_answers_join_frequencies_and_crosstabs_like_table_3(survey_open, owner, client):
    from innovet.surveys import services
    from innovet.surveys.models import Answer

    structure = _table_3_respondents(survey_open)
    # The owner codes each 'Ander, namelijk' text, as the study did to report DBSO and Se-n-Se.
    for answer in Answer.objects.filter(question__key="onderwijsvorm").exclude(text=""):
        services.set_codes(owner, answer, [answer.text.strip()])
    freqs = {item["question"].key: item for item in selectors.frequencies(structure)}
    vorm = freqs["onderwijsvorm"]
    assert vorm["base"] == 119
    table = {o["option"].label: (o["pct"], o["n"]) for o in vorm["options"]} | {
        c["label"]: (c["pct"], c["n"]) for c in vorm["codes"]
    }
    # Tabel 3 prints whole percentages of the 119 (its ASO line, 8% of 11, does not add up and is left out).
    printed = {
        "Beroepssecundair onderwijs (BSO)": (79, 94),
        "Technisch secundair onderwijs (TSO)": (67, 80),
        "DBSO": (7, 8),
        "Volwassenenonderwijs": (5, 6),
        "Hoger onderwijs": (2, 2),
        "Se-n-Se": (2, 2),
        "Hoger beroepsonderwijs (HBO 5)": (1, 1),
    }
    assert {label: (round(table[label][0]), table[label][1]) for label in printed} == printed
    assert [c["label"] for c in vorm["codes"]] == ["DBSO", "Se-n-Se"] and vorm["codes"][0]["pct"] == 6.7
    # The same with a filter (counted live): only the teachers.
    teachers = selectors.Filters(
        {
            structure.by_key["actief_in"].pk: {
                o.pk for o in structure.choices[structure.by_key["actief_in"].pk] if o.key == "leerkracht"
            }
        }
    )
    only = {i["question"].key: i for i in selectors.frequencies(structure, teachers)}["onderwijsvorm"]
    assert only["base"] == 71 and [(c["label"], c["n"], c["pct"]) for c in only["codes"]] == [
        ("DBSO", 8, 11.3),
        ("Se-n-Se", 2, 2.8),
    ]
    # Cross-tab per role: the codes are rows with N and % within the column, and a total.
    crosstab = selectors.crosstab(structure, structure.by_key["onderwijsvorm"], structure.by_key["actief_in"])
    rows = {r["label"]: r for r in crosstab["rows"]}
    roles = [c["label"] for c in crosstab["columns"]]
    dbso = dict(zip(roles, rows["DBSO"]["cells"], strict=True))
    assert dbso["... een school, als leerkracht"] == {"n": 8, "pct": 11.3}
    assert dbso["... een school, als directie"] == {"n": 0, "pct": 0.0}
    assert rows["DBSO"]["total"] == {"n": 8, "pct": 6.7} and rows["Se-n-Se"]["total"] == {"n": 2, "pct": 1.7}
    # ... and columns, when the background question's answers are coded.
    by_code = selectors.crosstab(structure, structure.by_key["actief_in"], structure.by_key["onderwijsvorm"])
    column = next(c for c in by_code["columns"] if c["label"] == "Se-n-Se")
    assert column["n"] == 2
    # On the pages the owner reads.
    client.force_login(owner)
    report = client.get(reverse("surveys:report", args=[survey_open.slug])).content.decode()
    assert "DBSO" in report and "6,7%" in report and "Se-n-Se" in report
    page = client.get(
        reverse("surveys:crosstab", args=[survey_open.slug]), {"vraag": "onderwijsvorm", "per": "actief_in"}
    ).content.decode()
    assert '11,3% <span class="text-body-secondary">(8)</span>' in page and "6,7% (8)" in page
