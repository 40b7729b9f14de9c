"""A large import shared by two processes: every row once, in order, or nothing at all.

On PostgreSQL the helper process writes every other chunk; on SQLite it plans every chunk under ids reserved
beforehand and the worker writes them. These tests commit for real (``transaction=True``): the helper is
another process with its own connection, which sees only what is committed.
"""

import io
import json
import os
import time

import pytest

from innovet.catalogue import import_helper, importer, services
from innovet.catalogue.models import ImportJob, Offer
from innovet.search.models import IndexedDocument

from .test_import_limits import ROW, _check_and_commit, _csv, _job


@pytest.fixture
def two_writers(monkeypatch):
    """A 'large' import from 10 rows on, in chunks of 4; returns the list of helper processes started."""
    monkeypatch.setattr(services, "IMPORT_PARALLEL_MIN_ROWS", 10)
    monkeypatch.setattr(services, "IMPORT_CHUNK", 4)
    started = []
    real = import_helper.ImportHelper.__init__

    def spying(self, *args, **kwargs):
        real(self, *args, **kwargs)
        started.append(self.process)

    monkeypatch.setattr(import_helper.ImportHelper, "__init__", spying)
    return started


def _parallel():
    return (os.cpu_count() or 1) > 1


@pytest.mark.django_db(transaction=True)
def test_a_large_import_is_written_by_two_processes_every_row_once_in_order(provider_user, provider, two_writers):
    rows = [{**ROW, "titel": f"Workshop {i}"} for i in range(30)]
    job = _check_and_commit(provider_user, provider, _csv(rows), publish=True)
    assert job.state == ImportJob.State.DONE, job.errors
    assert len(two_writers) == (1 if _parallel() else 0)
    assert all(p.exitcode == 0 for p in two_writers)
    # Row order kept: the created offers are listed as the rows came, whichever process wrote them.
    titles = dict(Offer.objects.filter(pk__in=job.created_offer_ids).values_list("pk", "title"))
    assert [titles[pk] for pk in job.created_offer_ids] == [r["titel"] for r in rows]
    assert Offer.objects.count() == 30 and job.processed_rows == 30 and job.written_ids == []
    assert IndexedDocument.objects.filter(index_name="offers").count() == 30
    assert all(offer.sessions.count() == 2 and offer.themes.count() == 2 for offer in Offer.objects.all())


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("broken", ["unknown term", "unreadable record"])
def test_when_a_chunk_fails_nothing_of_either_process_is_left(provider_user, provider, two_writers, broken):
    """Row 14 (file row 15) lies in chunk 3: the helper's to write on PostgreSQL, the worker's to write and the
    helper's to plan on SQLite. An offer kind that no longer exists fails where the rows are written; a record
    that cannot be read fails where they are prepared."""
    if not _parallel():
        pytest.skip("a helper process only with more than one core")
    rows = [{**ROW, "titel": f"Workshop {i}"} for i in range(30)]
    job = _job(provider_user, provider, _csv(rows), publish=True)
    services.check_import(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.READY
    with job.records.open("rb") as raw, importer.open_records(raw, "rt") as lines:
        records = lines.readlines()
    record = json.loads(records[13])
    if broken == "unknown term":
        record["kind"] = 10**9
    else:
        del record["m2m"]
    records[13] = json.dumps(record) + "\n"
    with importer.open_records(job.records.path, "wt") as out:
        out.writelines(records)
    services.commit_import(provider_user, job)
    services.run_import(job.pk)
    job.refresh_from_db()
    assert len(two_writers) == 1
    assert job.state == ImportJob.State.FAILED
    message = job.errors[0]["message"]
    assert "Het bewaren van rij 14 tot 17 is mislukt" in message and "Er is niets geïmporteerd." in message
    assert Offer.objects.count() == 0 and IndexedDocument.objects.count() == 0 and job.written_ids == []


@pytest.mark.django_db
def test_ids_reserved_for_an_import_are_not_handed_out_again(provider, make_offer):
    """A helper plans chunks under ids reserved before any row is written: an offer saved meanwhile, and its
    index document, get later ones (on SQLite too, where the reservation moves AUTOINCREMENT's counter on)."""
    from innovet.core.bulk_sql import reserve_ids

    offers = reserve_ids(Offer._meta.db_table, 5) + reserve_ids(Offer._meta.db_table, 2)
    documents = reserve_ids(IndexedDocument._meta.db_table, 5)
    offer = make_offer([provider])
    assert len(set(offers)) == 7 and offer.pk > max(offers)
    assert IndexedDocument.objects.get(index_name="offers", object_pk=offer.pk).pk > max(documents)


@pytest.mark.django_db
def test_a_chunk_chosen_to_break_a_deadlock_is_written_again_once(provider_user, provider, monkeypatch):
    """Two writers may deadlock on the same new words or facet values; PostgreSQL then aborts one transaction
    (SQLSTATE 40P01), which is written again. Here the chunk of rows 6–9 fails so after writing its rows."""
    from django.db import OperationalError
    from psycopg.errors import DeadlockDetected

    from innovet.catalogue import bulk

    monkeypatch.setattr(services, "IMPORT_CHUNK", 4)
    monkeypatch.setattr(services.time, "sleep", lambda seconds: None)
    real, failed = bulk.OfferWriter.write, []

    def deadlocking(self, records):
        ids = real(self, records)
        if records[0]["row"] == 6 and not failed:
            failed.append(records[0]["row"])
            raise OperationalError("deadlock detected") from DeadlockDetected("deadlock detected")
        return ids

    monkeypatch.setattr(bulk.OfferWriter, "write", deadlocking)
    rows = [{**ROW, "titel": f"Workshop {i}"} for i in range(10)]
    job = _check_and_commit(provider_user, provider, _csv(rows), publish=True)
    assert job.state == ImportJob.State.DONE, job.errors
    assert failed == [6]
    # The aborted attempt left nothing: every row once.
    assert sorted(Offer.objects.values_list("title", flat=True)) == sorted(r["titel"] for r in rows)
    assert IndexedDocument.objects.filter(index_name="offers").count() == 10


@pytest.mark.django_db(transaction=True)
def test_a_long_file_checked_by_two_processes_gives_what_one_gives(monkeypatch):
    """From CHECK_PARALLEL_AFTER rows on, a helper process checks batches beside the worker: the same checked
    rows, in the file's order, the same errors with their rows and columns, the same preview."""
    monkeypatch.setattr(importer, "CHECK_BATCH", 4)
    monkeypatch.setattr(importer, "CHECK_PARALLEL_AFTER", 8)
    monkeypatch.setattr(importer, "PROGRESS_EVERY", 10)
    rows = [{**ROW, "titel": f"Workshop {i}"} for i in range(60)]
    rows[20]["kostprijs"] = "1,234.50"  # file row 22: ambiguous, refused
    rows[41]["postcode"] = "0000"  # file row 43: unknown
    started, submitted = [], []

    class Helper(import_helper.CheckHelper):
        def submit(self, seen, rows):
            submitted.append([number for number, _values in rows])
            super().submit(seen, rows)

    def helper(headers):
        # Ready before the rows run out (a real long file keeps the worker busy while it starts).
        started.append(Helper(headers))
        deadline = time.monotonic() + 60
        while not started[-1].ready() and time.monotonic() < deadline:
            time.sleep(0.05)
        return started[-1]

    def check(chosen):
        out, progress = io.StringIO(), []
        result = importer.check_file(
            io.BytesIO(_csv(rows)), "aanbod.csv", out=out, helper=chosen, progress=lambda n, f: progress.append((n, f))
        )
        # Progress as rows come out, also those checked after the file was read to its end.
        assert [n for n, _f in progress] == [10, 20, 30, 40, 50, 60] and progress[-1][1] == 1.0
        assert all(0 < f <= 1 for _n, f in progress) and sorted(progress) == progress
        # The valid rows before the first error are written out, in order.
        assert [json.loads(line)["row"] for line in out.getvalue().splitlines()] == list(range(2, 22))
        return result.rows, result.error_count, result.errors, result.preview, out.getvalue()

    outcomes = {"one": check(None), "two": check(helper)}
    assert len(started) == 1 and started[0].started and started[0].process.exitcode == 0
    assert len(submitted) >= 3 and submitted[0][0] >= 10  # from row 10 (the 9th data row) on, not all of them
    assert outcomes["two"] == outcomes["one"]
    rows_, error_count, errors, preview, _out = outcomes["two"]
    assert (
        rows_ == 60
        and error_count == 2
        and [(e["row"], e["column"]) for e in errors]
        == [
            (22, "kostprijs"),
            (43, "postcode"),
        ]
    )
    assert [p["row"] for p in preview] == list(range(2, 2 + importer.PREVIEW_ROWS))


@pytest.mark.parametrize(
    "committed",
    [
        pytest.param(True, marks=pytest.mark.django_db(transaction=True)),
        pytest.param(False, marks=pytest.mark.django_db),
    ],
)
def test_breaks_between_chunks_checkpoint_and_leave_the_connection_as_it_was(
    provider_user, provider, monkeypatch, committed
):
    """A break (and on SQLite a WAL checkpoint) after every chunk: between committed chunks, and inside a
    transaction (a test's), where there is no break to give."""
    from django.db import connection

    from innovet.core.bulk_sql import WriterPauses

    monkeypatch.setattr(services, "IMPORT_CHUNK", 4)
    monkeypatch.setattr(WriterPauses, "EVERY", 0)
    monkeypatch.setattr(WriterPauses, "LONG", 0.001)

    def autocheckpoint():
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA wal_autocheckpoint")
            return cursor.fetchone()[0]

    before = autocheckpoint() if connection.vendor == "sqlite" else None
    rows = [{**ROW, "titel": f"Workshop {i}"} for i in range(10)]
    job = _check_and_commit(provider_user, provider, _csv(rows), publish=True)
    assert job.state == ImportJob.State.DONE, job.errors
    assert Offer.objects.count() == 10
    if before is not None:
        assert autocheckpoint() == before  # later commits of this connection checkpoint again


@pytest.mark.django_db
def test_tables_analysed_while_empty_are_analysed_again_after_the_first_chunk(provider_user, provider, monkeypatch):
    """PostgreSQL keeps each connection's plan of a foreign-key check: planned on statistics of an empty table it
    is a sequential scan per row written (minutes for a large import). The first chunk refreshes them."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL's plans of foreign-key checks")
    monkeypatch.setattr(services, "IMPORT_CHUNK", 4)

    def estimated(table):
        with connection.cursor() as cursor:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [table])
            return cursor.fetchone()[0]

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE catalogue_offerlocation")
    assert estimated("catalogue_offerlocation") <= 0
    rows = [{**ROW, "titel": f"Workshop {i}"} for i in range(10)]
    job = _check_and_commit(provider_user, provider, _csv(rows), publish=True)
    assert job.state == ImportJob.State.DONE, job.errors
    assert estimated("catalogue_offerlocation") >= 4  # the first chunk's locations counted


@pytest.mark.django_db(transaction=True)
def test_a_checking_helper_that_dies_ends_the_check_with_a_dutch_message(monkeypatch):
    from django.core.exceptions import ValidationError

    monkeypatch.setattr(importer, "CHECK_BATCH", 4)
    monkeypatch.setattr(importer, "CHECK_PARALLEL_AFTER", 8)

    class Dying(import_helper.CheckHelper):
        def submit(self, seen, rows):
            self.process.kill()
            self.process.join()

    def helper(headers):
        started = Dying(headers)
        deadline = time.monotonic() + 60
        while not started.ready() and time.monotonic() < deadline:
            time.sleep(0.05)
        return started

    rows = [{**ROW, "titel": f"Workshop {i}"} for i in range(30)]
    with pytest.raises(ValidationError) as failure:
        importer.check_file(io.BytesIO(_csv(rows)), "aanbod.csv", out=io.StringIO(), helper=helper)
    assert failure.value.messages == [
        "Het tweede controleproces is onverwacht gestopt. Er is niets bewaard: laad het bestand opnieuw op."
    ]
