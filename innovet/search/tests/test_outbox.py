"""The fast engine follows committed changes through the outbox, and only those."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from innovet.core.models import AuditLog
from innovet.search import services
from innovet.search.backends import get_backend
from innovet.search.models import IndexedDocument, IndexState, OutboxEntry, VocabularyWord
from innovet.search.outbox import drain
from innovet.search.query import SearchQuery
from innovet.search.registry import Document

from .conftest import LEUVEN


@pytest.fixture
def tantivy_index(test_index, settings):
    settings.INNOVET_SEARCH_BACKEND = "tantivy"
    services.rebuild(test_index.name, backend="tantivy")
    return test_index


def find(text, backend="tantivy"):
    return services.search("testaanbod", SearchQuery(text=text, prefix_last=False), backend=backend).pks


def new_offer(pk=50, title="Cobots programmeren met Agoria"):
    return Document(
        pk,
        title,
        "Bedrijfsstage rond cobots in de metaalindustrie.",
        {"kind": ["bedrijfsstage"], "province": ["vlaams-brabant"]},
        [LEUVEN],
        [timezone.localdate() + timedelta(days=7)],
        timezone.now(),
    )


@pytest.mark.django_db(transaction=True)
def test_committed_change_reaches_the_fast_engine(tantivy_index):
    assert find("cobots") == [5]
    with transaction.atomic():
        services.index_object("testaanbod", new_offer())
        assert OutboxEntry.objects.count() == 1
    # huey runs immediately in tests: the on-commit task drained the outbox.
    assert OutboxEntry.objects.count() == 0
    assert set(find("cobots")) == {5, 50}
    assert set(find("cobots", backend="database")) == {5, 50}


@pytest.mark.django_db(transaction=True)
def test_rolled_back_change_leaves_no_trace(tantivy_index):
    with pytest.raises(RuntimeError), transaction.atomic():
        services.index_object("testaanbod", new_offer())
        raise RuntimeError("de dienst van de aanbieder faalde")
    assert OutboxEntry.objects.count() == 0
    assert not IndexedDocument.objects.filter(index_name="testaanbod", object_pk=50).exists()
    assert find("cobots") == [5]


@pytest.mark.django_db(transaction=True)
def test_removal_is_applied(tantivy_index):
    with transaction.atomic():
        services.remove_object("testaanbod", 5)
    assert find("cobots") == []
    assert find("cobots", backend="database") == []


@pytest.mark.django_db(transaction=True)
def test_failed_apply_stays_in_the_outbox_and_is_retried(tantivy_index, monkeypatch):
    engine = get_backend("tantivy")
    original = engine.apply

    def broken(*args, **kwargs):
        raise OSError("schijf vol")

    monkeypatch.setattr(engine, "apply", broken)
    with transaction.atomic():
        services.index_object("testaanbod", new_offer())
    entry = OutboxEntry.objects.get()
    assert entry.attempts == 1 and "schijf vol" in entry.last_error
    assert find("cobots") == [5]  # not yet in the fast engine, but nothing lost

    monkeypatch.setattr(engine, "apply", original)
    assert drain() == (1, 0)
    assert OutboxEntry.objects.count() == 0
    assert set(find("cobots")) == {5, 50}


@pytest.mark.django_db(transaction=True)
def test_applying_twice_or_late_gives_the_same_index(tantivy_index, monkeypatch):
    """Entries name a document; the applier reads its latest state, so order and repeats do not matter."""
    monkeypatch.setattr("innovet.search.tasks.drain_outbox_task", lambda: None)
    with transaction.atomic():
        services.index_object("testaanbod", new_offer(title="Cobots: eerste versie"))
    with transaction.atomic():
        services.index_object("testaanbod", new_offer(title="Hydraulica: tweede versie"))
    assert OutboxEntry.objects.count() == 2
    OutboxEntry.objects.create(index_name="testaanbod", object_pk=50, op=OutboxEntry.Op.UPSERT)  # a duplicate
    assert drain() == (3, 0)
    assert drain() == (0, 0)
    assert 50 in find("hydraulica") and 50 not in find("eerste")
    assert get_backend("tantivy").count(tantivy_index) == 10
    # Replaced documents no longer count in the facets.
    counts = [services.search("testaanbod", SearchQuery(), backend=b).facets["kind"] for b in ("tantivy", "database")]
    assert counts[0] == counts[1]
    assert dict(counts[0])["bedrijfsstage"] == 2


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("share", [0.0, 0.5, 1.0], ids=["walk", "complement", "aggregate"])
def test_every_way_of_counting_agrees_after_a_change(tantivy_index, monkeypatch, share):
    """Facet counts read from the matches, walked from the term dictionary, or taken as the cached totals
    minus the few non-matches: all equal the database's, also once an entry changed (its old version is
    then only marked deleted in the engine) and the cached totals belong to the previous commit."""
    monkeypatch.setattr("innovet.search.backends.tantivy_backend.AGGREGATE_SHARE", share)
    queries = [SearchQuery(), SearchQuery(text="lassen"), SearchQuery(near=LEUVEN, radius_km=150)]

    def counts(query, backend):
        return services.search("testaanbod", query, backend=backend).facets

    assert counts(queries[0], "tantivy") == counts(queries[0], "database")
    limburg = dict(counts(queries[0], "tantivy")["province"])["limburg"]
    moved = next(d for d in tantivy_index.docs if d.pk == 1)
    moved.facets["province"] = ["limburg"]
    with transaction.atomic():
        services.index_object("testaanbod", moved)
    for query in queries:
        assert counts(query, "tantivy") == counts(query, "database")
    assert dict(counts(queries[0], "tantivy")["province"])["limburg"] == limburg + 1


@pytest.mark.django_db
def test_no_outbox_rows_when_only_the_database_backend_is_used(test_index, settings):
    settings.INNOVET_SEARCH_BACKEND = "database"
    services.rebuild(test_index.name)
    services.index_object("testaanbod", new_offer())
    assert OutboxEntry.objects.count() == 0
    assert 50 in find("cobots", backend="database")


@pytest.mark.django_db
def test_index_object_removes_what_should_not_be_found(test_index):
    services.rebuild(test_index.name)
    test_index.should_index = lambda obj: obj.pk != 5
    services.index_object("testaanbod", test_index.docs[4])
    assert find("cobots", backend="database") == []


@pytest.mark.django_db
def test_vocabulary_follows_changes(test_index):
    services.rebuild(test_index.name)
    assert VocabularyWord.objects.get(index_name="testaanbod", word="domotica").doc_count == 1
    assert VocabularyWord.objects.get(index_name="testaanbod", word="warmtepompen").doc_count == 3
    services.remove_object("testaanbod", 4)
    assert not VocabularyWord.objects.filter(index_name="testaanbod", word="domotica").exists()
    services.index_object("testaanbod", new_offer(pk=4, title="Domotica opnieuw"))
    assert VocabularyWord.objects.get(index_name="testaanbod", word="domotica").doc_count == 1


@pytest.mark.django_db
def test_rebuild_command_rebuilds_from_the_consumer_and_logs(test_index):
    call_command("rebuild_indexes", "--index", "testaanbod", "--backend", "tantivy", stdout=open("/dev/null", "w"))
    assert IndexedDocument.objects.filter(index_name="testaanbod").count() == 9
    assert get_backend("tantivy").count(test_index) == 9
    assert IndexState.objects.filter(index_name="testaanbod").count() == 2
    assert AuditLog.objects.filter(action="search.index.rebuilt").count() == 2
    # Lost rows are restored by a rebuild.
    IndexedDocument.objects.filter(index_name="testaanbod", object_pk=1).delete()
    assert find("lassen", backend="database") == []
    call_command("rebuild_indexes", "--index", "testaanbod", stdout=open("/dev/null", "w"))
    assert find("lassen", backend="database") == [1]


@pytest.mark.django_db
def test_rebuild_if_needed_skips_a_current_index(test_index, capsys):
    call_command("rebuild_indexes", "--index", "testaanbod", "--backend", "tantivy", "--if-needed")
    call_command("rebuild_indexes", "--index", "testaanbod", "--backend", "tantivy", "--if-needed")
    assert "niets te doen" in capsys.readouterr().out
    IndexState.objects.filter(backend="tantivy").update(analysis_version="oud")
    call_command("rebuild_indexes", "--index", "testaanbod", "--backend", "tantivy", "--if-needed")
    assert "9 documenten (tantivy)" in capsys.readouterr().out


@pytest.mark.django_db
def test_rebuild_if_needed_refills_an_index_emptied_by_a_new_schema(test_index, capsys, monkeypatch):
    from innovet.search.backends import reset_backends

    call_command("rebuild_indexes", "--index", "testaanbod", "--backend", "tantivy", "--if-needed")
    # A release that changes the engine's fields: opening the old index empties it.
    monkeypatch.setattr("innovet.search.backends.tantivy_backend.SCHEMA_VERSION", "volgende")
    reset_backends()
    assert find("cobots") == []
    call_command("rebuild_indexes", "--index", "testaanbod", "--backend", "tantivy", "--if-needed")
    assert "9 documenten (tantivy)" in capsys.readouterr().out
    assert find("cobots") == [5]


@pytest.mark.django_db
def test_unknown_index_is_refused(test_index):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Onbekende zoekindex"):
        call_command("rebuild_indexes", "--index", "bestaat-niet")


@pytest.mark.django_db
def test_next_dates_are_refreshed_after_they_pass(test_index):
    services.rebuild(test_index.name, backend="tantivy")
    engine = get_backend("tantivy")
    # Pretend the index was written long ago: doc 4's stored next date is in the past.
    store_doc = [d for d in test_index.docs if d.pk == 4][0]
    stale = engine.engine(test_index)
    writer = stale.index.writer(heap_size=20_000_000, num_threads=1)
    from tantivy import Query

    writer.delete_documents_by_query(Query.term_set_query(stale.schema, "pk", [4]))
    writer.add_document(stale.document(store_doc, timezone.localdate() - timedelta(days=10)))
    writer.commit()
    writer.wait_merging_threads()
    stale.index.reload()
    assert engine.refresh_next_dates(test_index) == 1
    order = services.search("testaanbod", SearchQuery(sort="date"), backend="tantivy").pks
    assert order[:6] == [9, 2, 1, 3, 5, 4]
