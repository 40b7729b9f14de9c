"""Imports an RTC can trust (issue 13): bounded, checked once and completely, never stuck.

Every file here is generated in the test (the XLSX bombs too); nothing hostile is committed to the repository.
"""

import csv
import io
import zipfile
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.validators import URLValidator
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from innovet.catalogue import importer, services
from innovet.catalogue.models import ImportJob, Offer, Status
from innovet.core.models import AuditLog
from innovet.search.models import IndexedDocument

ROW = dict(importer.EXAMPLE_ROW)


def _csv(rows, headers=None):
    headers = headers or importer.HEADERS
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(headers)
    writer.writerows([row.get(h, "") for h in headers] for row in rows)
    return out.getvalue().encode("utf-8")


def _xlsx(rows):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(importer.HEADERS)
    for row in rows:
        sheet.append([row.get(h, "") for h in importer.HEADERS])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _rebuild_zip(content, extra=None, replace=None):
    """A copy of a real workbook with entries replaced or added (how a bomb is made)."""
    replace, extra = replace or {}, extra or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(content)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replace.get(info.filename, source.read(info.filename)))
        present = set(source.namelist())
        for name, data in {**extra, **{k: v for k, v in replace.items() if k not in present}}.items():
            target.writestr(name, data)
    return out.getvalue()


def _job(user, organisation, content, name="aanbod.csv", publish=False, state=ImportJob.State.CHECKING):
    return ImportJob.objects.create(
        organisation=organisation,
        uploaded_by=user,
        file=SimpleUploadedFile(name, content),
        original_name=name,
        publish=publish,
        state=state,
        heartbeat_at=timezone.now(),
    )


def _check_and_commit(user, organisation, content, name="aanbod.csv", publish=False):
    job = _job(user, organisation, content, name, publish)
    services.check_import(job.pk)
    job.refresh_from_db()
    if job.state == ImportJob.State.READY:
        services.commit_import(user, job)
        services.run_import(job.pk)
        job.refresh_from_db()
    return job


def _upload(client, content, name, organisation):
    return client.post(
        reverse("catalogue:import_upload"),
        {"file": SimpleUploadedFile(name, content), "organisation": organisation.pk},
    )


@pytest.fixture
def logged_in(client, provider_user):
    client.force_login(provider_user)
    return client


# --- 1. XLSX bombs and the row limit ---------------------------------------------------------------


@pytest.mark.django_db
def test_an_xlsx_whose_text_inflates_a_thousandfold_is_refused_before_it_is_parsed(logged_in, provider, monkeypatch):
    # 60 MB of shared strings in a file of well under 1 MB.
    bomb = _rebuild_zip(
        _xlsx([ROW]),
        replace={"xl/sharedStrings.xml": b'<sst xmlns="x"><si><t>' + b"A" * 60_000_000 + b"</t></si></sst>"},
    )
    assert len(bomb) < 1024 * 1024

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open a bomb")

    monkeypatch.setattr("openpyxl.load_workbook", never)
    response = _upload(logged_in, bomb, "aanbod.xlsx", provider)
    assert "verdacht sterk samengeperst (xl/sharedStrings.xml" in response.content.decode()
    assert not ImportJob.objects.exists()
    # The worker checks the stored file itself too (it never trusts the upload form alone).
    with pytest.raises(ValidationError, match="verdacht sterk samengeperst"):
        importer.check_file(io.BytesIO(bomb), "aanbod.xlsx")


@pytest.mark.django_db
def test_an_xlsx_with_too_many_parts_or_too_much_to_unpack_is_refused(logged_in, provider, monkeypatch):
    many = _rebuild_zip(_xlsx([ROW]), extra={f"xl/media/image{i}.png": b"x" for i in range(300)})
    response = _upload(logged_in, many, "aanbod.xlsx", provider)
    assert "bestaat uit 3" in response.content.decode() and "hoogstens 250" in response.content.decode()

    monkeypatch.setattr(importer, "MAX_UNCOMPRESSED_MB", 1)
    big = _xlsx([{**ROW, "omschrijving": f"Uitleg {i} " + "x" * 400} for i in range(3000)])
    response = _upload(logged_in, big, "aanbod.xlsx", provider)
    assert "het maximum is 1 MB. Splits het op." in response.content.decode()
    assert not ImportJob.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["aanbod.csv", "aanbod.xlsx"])
def test_reading_stops_at_the_row_limit(provider_user, provider, monkeypatch, name):
    monkeypatch.setattr(importer, "MAX_ROWS", 5)
    rows = [{**ROW, "titel": f"Workshop {i}"} for i in range(9)]
    content = _xlsx(rows) if name.endswith("xlsx") else _csv(rows) + b'"never closed;' + b"x" * 200_000
    job = _job(provider_user, provider, content, name)
    services.check_import(job.pk)
    job.refresh_from_db()
    # The broken tail of the CSV is never reached: reading stopped at the limit.
    assert job.state == ImportJob.State.INVALID and not job.is_running
    assert job.errors == [
        {
            "row": 0,
            "column": "",
            "message": "Het bestand telt meer dan 5 rijen. Splits het op in delen van hoogstens 5 rijen.",
        }
    ]


# --- 2. No stuck jobs ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "content,message",
    [
        (_csv([{**ROW, "kostprijs": "NaN"}]), "'NaN' is geen bedrag"),
        (_csv([{**ROW, "kostprijs": "Infinity"}]), "'Infinity' is geen bedrag"),
        (_csv([ROW, {**ROW, "omschrijving": "x" * 200_000}]), "Rij 3 kan niet gelezen worden: een cel is langer"),
    ],
)
def test_values_that_used_to_hang_the_check_end_it_with_a_message(provider_user, provider, content, message):
    job = _job(provider_user, provider, content)
    services.check_import(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.INVALID and not job.is_running
    assert any(message in e["message"] for e in job.errors), job.errors


@pytest.mark.django_db
def test_an_unexpected_failure_while_checking_names_the_row(provider_user, provider, monkeypatch):
    real = importer.Checker._check_model

    def crashing(self, data, bad, error):
        if data.get("title") == "Rij drie":
            raise RuntimeError("onverwacht")
        return real(self, data, bad, error)

    monkeypatch.setattr(importer.Checker, "_check_model", crashing)
    job = _job(provider_user, provider, _csv([ROW, {**ROW, "titel": "Rij drie"}]))
    services.check_import(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.INVALID
    assert "Rij 3 kon niet gecontroleerd worden: RuntimeError: onverwacht" in job.errors[0]["message"]


@pytest.mark.django_db
def test_a_worker_that_dies_mid_import_leaves_a_job_that_is_ended_and_undone(provider_user, provider, monkeypatch):
    from innovet.catalogue import bulk

    monkeypatch.setattr(services, "IMPORT_CHUNK", 1)
    real = bulk.OfferWriter.write

    def dying(self, records):
        if records[0]["row"] == 4:
            raise KeyboardInterrupt  # the worker process is stopped: nothing of ours runs any more
        return real(self, records)

    monkeypatch.setattr(bulk.OfferWriter, "write", dying)
    rows = [{**ROW, "titel": f"Workshop {i}"} for i in range(4)]
    job = _job(provider_user, provider, _csv(rows), publish=True)
    services.check_import(job.pk)
    job.refresh_from_db()
    services.commit_import(provider_user, job)
    with pytest.raises(KeyboardInterrupt):
        services.run_import(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.IMPORTING and Offer.objects.count() == 2  # rows 2 and 3 were written
    assert services.fail_stale_imports() == 0  # the heartbeat is recent: maybe still running

    later = timezone.now() + services.IMPORT_STALE_AFTER + timedelta(seconds=1)
    assert services.fail_stale_imports(now=later) == 1
    job.refresh_from_db()
    assert job.state == ImportJob.State.FAILED and not job.is_running
    assert "De import is onderbroken na 2 van 4 rijen" in job.errors[0]["message"]
    assert "er is niets geïmporteerd" in job.errors[0]["message"]
    assert not Offer.objects.exists()
    assert not IndexedDocument.objects.filter(index_name="offers").exists()


@pytest.mark.django_db
def test_undoing_an_import_unlinks_what_other_apps_pointed_at(provider_user, provider, make_offer):
    from innovet.catalogue.bulk import delete_offers
    from innovet.events.models import Event

    offer = make_offer([provider])
    event = Event.objects.create(title="Kick-off", organiser=provider, offer=offer, venue_name="Hal 3", postcode="8500")
    delete_offers([offer.pk])
    event.refresh_from_db()
    assert event.offer is None and not Offer.objects.exists()


@pytest.mark.django_db
def test_a_check_whose_worker_stopped_is_ended_by_the_periodic_task(provider_user, provider):
    from innovet.catalogue import tasks

    stale = _job(provider_user, provider, _csv([ROW]))
    fresh = _job(provider_user, provider, _csv([ROW]))
    ImportJob.objects.filter(pk=stale.pk).update(
        heartbeat_at=timezone.now() - timedelta(minutes=11), processed_rows=3000
    )
    tasks.fail_stale_imports()
    stale.refresh_from_db()
    fresh.refresh_from_db()
    assert stale.state == ImportJob.State.FAILED
    assert stale.errors[0]["message"].startswith("De controle is onderbroken na rij 3001")
    assert fresh.state == ImportJob.State.CHECKING
    # A task that still arrives for the ended job does nothing.
    services.check_import(stale.pk)
    stale.refresh_from_db()
    assert stale.state == ImportJob.State.FAILED


# --- 3. The check applies every rule of the save --------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "overrides,column,message",
    [
        ({"contactpersoon": "A" * 151}, "contactpersoon", "niet meer dan 150 tekens"),
        ({"straat": "S" * 201}, "straat", "niet meer dan 200 tekens"),
        ({"locatienaam": "L" * 201}, "locatienaam", "niet meer dan 200 tekens"),
        ({"inschrijven (link)": "https://www.example.be/" + "a" * 190}, "inschrijven (link)", "200 tekens"),
        ({"kostprijs": "1.000.000"}, "kostprijs", "niet meer dan 8 cijfers"),
        ({"duur (uren)": "100000"}, "duur (uren)", "niet meer dan 5 cijfers voor de komma"),
        ({"duur (uren)": "2,25"}, "duur (uren)", "niet meer dan 1 cijfer achter de komma"),
        ({"duur (uren)": "0,2"}, "duur (uren)", "De duur is minstens een half uur."),
        ({"aantal plaatsen": "10000000000"}, "aantal plaatsen", "hoogstens 100.000"),
        ({"aantal plaatsen": "1e10"}, "aantal plaatsen", "geen geheel getal"),
        ({"sessies": "12/03/0001 09:00-16:00"}, "sessies", "niet te lezen"),
        ({"geldig vanaf": "31/02/2027"}, "geldig vanaf", "geen datum"),
    ],
)
def test_the_check_refuses_what_the_save_would_refuse(provider_user, provider, overrides, column, message):
    job = _job(provider_user, provider, _csv([ROW, {**ROW, **overrides}]))
    services.check_import(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [(3, column)], job.errors
    assert message in job.errors[0]["message"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["aanbod.csv", "aanbod.xlsx"])
def test_a_file_at_every_limit_passes_the_check_and_commits(provider_user, provider, name):
    """Values right at the model's limits: the check lets them through, so the commit must save them."""
    edge = {
        **ROW,
        "titel": "T" * 200,
        "korte omschrijving": "K" * 300,
        "periode": "P" * 120,
        "contactpersoon": "C" * 150,
        "locatienaam": "L" * 200,
        "straat": "S" * 200,
        "inschrijven (link)": "https://www.example.be/" + "a" * 177,
        "inschrijven (contact)": "I" * 300,
        "kostprijs": "999.999,99",
        "duur (uren)": "99999,9",
        "aantal plaatsen": "100000",
        "merkneutraal": "nee",
        "leverancier": "V" * 200,
        "omschrijving": "Lange tekst met een tab\tnaast regels\nen nog één " + "w" * 20_000,
    }
    small = {**ROW, "titel": "Klein", "kostprijs": "0", "duur (uren)": "0,5", "aantal plaatsen": "1"}
    content = _xlsx([edge, small]) if name.endswith("xlsx") else _csv([edge, small])
    job = _check_and_commit(provider_user, provider, content, name)
    assert job.errors == [] and job.state == ImportJob.State.DONE
    offer = Offer.objects.get(title="T" * 200)
    assert offer.cost == Decimal("999999.99") and offer.duration_hours == Decimal("99999.9")
    assert offer.capacity == 100_000 and offer.supplier == "V" * 200 and offer.contact_name == "C" * 150
    assert offer.locations.get().street == "S" * 200


@pytest.mark.django_db
def test_a_value_repeated_over_many_rows_is_refused_in_every_row(provider_user, provider):
    """Each distinct cell is judged once per file: the verdict must still reach every row that holds it, whether
    the column's own rule (a theme) or the model's (a duration's decimals) refuses it, and the good rows between
    them stay good."""
    bad = {**ROW, "thema's": "cobots; onbekend-thema", "duur (uren)": "2,25"}
    job = _job(provider_user, provider, _csv([bad, ROW, bad, ROW, {**ROW, "duur (uren)": "2,5"}, bad]))
    services.check_import(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.INVALID
    assert [(e["row"], e["column"]) for e in job.errors] == [
        (row, column) for row in (2, 4, 7) for column in ("thema's", "duur (uren)")
    ], job.errors
    assert all(e["message"] == job.errors[0]["message"] for e in job.errors[::2])
    assert "'onbekend-thema' staat niet in de lijst" in job.errors[0]["message"]
    assert "niet meer dan 1 cijfer achter de komma" in job.errors[1]["message"]


LINKS = [
    "https://www.example.be/aanbod/1",
    "https://www.example.be/aanbod/2?reeks=3#inschrijven",
    "https://www.example.be/aanbod/met spatie",
    "https://www.example.be/aanbod/\u00a0nbsp",
    "https://www.example.be:8443/aanbod/4",
    "https://www.example.be:999999/aanbod/5",
    "https://www.exa_mple.be/aanbod/6",
    "https://-example.be/aanbod/7",
    "https://localhost/aanbod/8",
    "https://example/aanbod/9",
    "HTTPS://WWW.EXAMPLE.BE/aanbod/10",
    "https://an:geheim@www.example.be/aanbod/11",
    "https://[2001:db8::1]/aanbod/12",
    "https://[2001:db8::zz]/aanbod/13",
    "https://bücher.be/aanbod/14",
    "mailto://www.example.be/aanbod/15",
    "https://192.168.0.1/aanbod/16",
    "https://999.168.0.1/aanbod/17",
    "https://www.example.be./aanbod/18",
    "https://www.example.be/aanbod/19",
]


@pytest.mark.django_db
def test_links_are_refused_exactly_where_the_save_would_refuse_them(provider_user, provider):
    """The check judges a file's links by their host once, then only the rest: each row's verdict must be
    Django's URLValidator's, which the save applies, also for a host seen before."""
    job = _job(provider_user, provider, _csv([{**ROW, "inschrijven (link)": link} for link in LINKS]))
    services.check_import(job.pk)
    job.refresh_from_db()

    def valid(link):
        try:
            URLValidator()(link)
        except ValidationError:
            return False
        return True

    refused = [e["row"] - 2 for e in job.errors if e["column"] == "inschrijven (link)"]
    assert refused == [i for i, link in enumerate(LINKS) if not valid(link)], job.errors
    assert {2, 3, 5, 6, 7} <= set(refused) and not {0, 1, 4, 10, 11, 12, 19} & set(refused)


@pytest.mark.django_db
def test_rows_beyond_one_statement_are_all_written_and_found(provider_user, provider, monkeypatch):
    """SQLite takes a bounded number of parameters per statement, so bulk writes spread their rows over several
    statements (here at most 40 parameters each); no offer, theme, session or facet value may get lost."""
    from innovet.core import bulk_sql
    from innovet.search import services as search_services
    from innovet.search.query import SearchQuery

    monkeypatch.setattr(bulk_sql, "sqlite_max_params", lambda: 40)
    rows = [{**ROW, "titel": f"Workshop lasrobot {i}"} for i in range(12)]
    job = _check_and_commit(provider_user, provider, _csv(rows), publish=True)
    assert job.state == ImportJob.State.DONE, job.errors
    offers = Offer.objects.filter(pk__in=job.created_offer_ids)
    assert sorted(offers.values_list("title", flat=True)) == sorted(r["titel"] for r in rows)
    assert sum(o.themes.count() + o.sessions.count() for o in offers) == 12 * 4
    result = search_services.search(
        "offers", SearchQuery(text="lasrobot", filters={"thema": ["industrie-4-0"], "provincie": ["west-vlaanderen"]})
    )
    assert result.total == 12
    assert result.facets and all(
        count == 12 for facet in ("soort", "graad") for _value, count in result.facets[facet]
    ), result.facets


# --- 4. Ambiguous numbers ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["1,234.50", "1.234", "1,234", "1.234.50"])
def test_ambiguous_amounts_are_refused_with_the_accepted_forms(provider_user, provider, text):
    job = _job(provider_user, provider, _csv([{**ROW, "kostprijs": text}]))
    services.check_import(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.INVALID
    error = job.errors[0]
    assert (error["row"], error["column"]) == (2, "kostprijs")
    assert "1234,50 of 1.234,50" in error["message"]


@pytest.mark.django_db
@pytest.mark.parametrize(
    "text,amount",
    [("1.234,50", "1234.50"), ("1234,50", "1234.50"), ("€ 1 234,5", "1234.50"), ("75.5", "75.50"), ("75", "75.00")],
)
def test_belgian_and_plain_amounts_are_read_exactly(provider_user, provider, text, amount):
    job = _check_and_commit(provider_user, provider, _csv([{**ROW, "kostprijs": text}]))
    assert job.state == ImportJob.State.DONE, job.errors
    assert Offer.objects.get().cost == Decimal(amount)


# --- 5 and 6. Short transactions, all or nothing, progress -----------------------------------------------


@pytest.mark.django_db
def test_a_large_file_is_written_in_chunks_with_progress_and_everything_in_place(
    provider_user, provider, monkeypatch, django_assert_max_num_queries, django_capture_on_commit_callbacks
):
    from innovet.core.page_cache import content_version

    monkeypatch.setattr(services, "IMPORT_CHUNK", 10)
    seen = []
    real = services._write_chunk

    def watching(job, write, rows):
        ids = real(job, write, rows)
        seen.append(ImportJob.objects.values_list("progress", "processed_rows").get(pk=job.pk))
        return ids

    monkeypatch.setattr(services, "_write_chunk", watching)
    rows = [{**ROW, "titel": f"Workshop {i}", "postcode": "3500" if i % 2 else "8500"} for i in range(35)]
    job = _job(provider_user, provider, _csv(rows), publish=True)
    services.check_import(job.pk)
    job.refresh_from_db()
    services.commit_import(provider_user, job)
    version = content_version()
    # A fixed number of statements per chunk, whatever its size (no per-row queries).
    with django_capture_on_commit_callbacks(execute=True), django_assert_max_num_queries(4 * 40):
        services.run_import(job.pk)
    assert content_version() != version  # cached public pages show the new offers
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE and len(job.created_offer_ids) == 35
    assert seen == [(28, 10), (57, 20), (85, 30), (99, 35)]
    offers = Offer.objects.filter(pk__in=job.created_offer_ids)
    assert offers.filter(status=Status.PUBLISHED).count() == 35
    first = offers.get(title="Workshop 0")
    assert list(first.providers.all()) == [provider] and first.sessions.count() == 2
    assert first.locations.get().municipality == "Kortrijk" and first.province.slug == "west-vlaanderen"
    assert {t.code for t in first.themes.all()} == {"cobots", "robotica-automatisering"}
    assert AuditLog.objects.filter(action="catalogue.offer.imported", object_id=str(first.pk)).exists()
    assert IndexedDocument.objects.filter(index_name="offers").count() == 35
    assert first.sessions.first().within_school_hours is True
    # Matching hears about the imported offers (bulk writes send no post_save).
    from innovet.matching.models import OutboxEvent

    assert set(OutboxEvent.objects.filter(kind=OutboxEvent.Kind.OFFER).values_list("object_id", flat=True)) == set(
        job.created_offer_ids
    )


@pytest.mark.django_db
def test_the_upload_page_states_the_raised_limits(logged_in):
    page = logged_in.get(reverse("catalogue:import_upload")).content.decode()
    assert "100.000" in page and "100 MB" in page


@pytest.mark.django_db
def test_a_member_of_one_organisation_finds_it_chosen_and_a_member_of_two_chooses(
    logged_in, provider_user, provider, other_provider
):
    import re

    from innovet.organisations.models import Membership, Role

    def choices():
        page = logged_in.get(reverse("catalogue:import_upload")).content.decode()
        select = re.search(r'<select name="organisation".*?</select>', page, re.S).group(0)
        return [
            (label, bool(chosen))
            for chosen, label in re.findall(r"<option [^>]*?( selected)?>([^<]*)</option>", select)
        ]

    assert choices() == [(provider.name, True)]
    Membership.objects.create(user=provider_user, organisation=other_provider, role=Role.COMPANY_CONTACT)
    assert choices() == [("---------", True), (other_provider.name, False), (provider.name, False)]


# --- 7. Smaller ones ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_an_unknown_postcode_gives_one_error_not_two(provider_user, provider):
    job = _job(provider_user, provider, _csv([{**ROW, "postcode": "9999"}]))
    services.check_import(job.pk)
    job.refresh_from_db()
    assert [(e["column"], e["message"]) for e in job.errors] == [("postcode", "Postcode 9999 bestaat niet in België.")]


@pytest.mark.django_db
def test_an_exported_file_imports_back_with_the_same_titles(provider_user, provider, make_offer):
    titles = ["=Lassen voor gevorderden", "+ Pneumatica", "-Domotica", "@Hoogspanning", "'t Stad leert bouwen"]
    offers = [make_offer([provider], title=t) for t in titles]
    exported = importer.write_csv([importer.offer_row(o) for o in offers])
    assert "'=Lassen" in exported.decode("utf-8")  # the export neutralises formulas
    Offer.objects.all().delete()
    job = _check_and_commit(provider_user, provider, exported, "export.csv")
    assert job.state == ImportJob.State.DONE, job.errors
    assert sorted(Offer.objects.values_list("title", flat=True)) == sorted(titles)


@pytest.mark.django_db
def test_nul_bytes_are_stripped_on_every_database(provider_user, provider):
    rows = [{**ROW, "titel": f"Workshop {i}"} for i in range(40)]
    rows.append({**ROW, "titel": "Work\x00shop met NUL", "omschrijving": "Tekst\x00 met\x01 controletekens"})
    content = _csv(rows)
    assert content.index(b"\x00") > 8192  # beyond the part the upload check looks at
    job = _check_and_commit(provider_user, provider, content)
    assert job.state == ImportJob.State.DONE, job.errors
    offer = Offer.objects.get(title="Workshop met NUL")
    assert offer.description == "Tekst met controletekens"
