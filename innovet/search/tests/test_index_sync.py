"""Writes reach every search at commit, and cached results never outlive the write that changes them."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from innovet.core.models import AuditLog
from innovet.search import services
from innovet.search.models import IndexedDocument, IndexState, IndexVersion, VocabularyWord
from innovet.search.query import SearchQuery
from innovet.search.registry import Document

from .conftest import LEUVEN


def find(text, use_cache=False):
    return services.search("testaanbod", SearchQuery(text=text, prefix_last=False), use_cache=use_cache).pks


def kinds(use_cache=True):
    return dict(services.search("testaanbod", SearchQuery(), use_cache=use_cache).facets["kind"])


def new_offer(pk=50, title="Cobots programmeren met Agoria", kind="bedrijfsstage"):
    return Document(
        pk,
        title,
        "Bedrijfsstage rond cobots in de metaalindustrie.",
        {"kind": [kind], "province": ["vlaams-brabant"]},
        [LEUVEN],
        [timezone.localdate() + timedelta(days=7)],
        timezone.now(),
    )


@pytest.mark.django_db
def test_a_write_is_found_at_once_and_a_removal_is_gone(test_index):
    services.rebuild(test_index.name)
    services.index_object("testaanbod", new_offer())
    assert find("metaalindustrie") == [50]
    services.remove_object("testaanbod", 50)
    assert find("metaalindustrie") == []


@pytest.mark.django_db
def test_rolled_back_change_leaves_no_trace(test_index):
    services.rebuild(test_index.name)
    token = services.version("testaanbod")
    with pytest.raises(RuntimeError), transaction.atomic():
        services.index_object("testaanbod", new_offer())
        assert find("metaalindustrie") == [50]  # seen inside the writer's transaction
        raise RuntimeError("afgebroken")
    assert find("metaalindustrie") == []
    assert services.version("testaanbod") == token


@pytest.mark.django_db
def test_cached_counts_change_with_every_write(test_index):
    """The landing page's facet totals come from the shared cache until the next write, never after it."""
    services.rebuild(test_index.name)
    assert kinds()["opleiding"] == 4
    doc = test_index.docs[0]
    doc.facets["kind"] = ["workshop"]
    services.index_object("testaanbod", doc)
    assert kinds()["opleiding"] == 3 and kinds()["workshop"] == 3
    services.remove_object("testaanbod", 2)
    assert "bedrijfsstage" not in kinds()
    services.index_objects("testaanbod", [new_offer(60, kind="coaching"), new_offer(61, kind="coaching")])
    assert kinds()["coaching"] == 2


@pytest.mark.django_db
def test_after_a_write_only_a_search_of_the_whole_index_recounts_it(test_index, monkeypatch):
    # Every write replaces the version; if each next search recounted the whole index for its facet totals,
    # searching while others edit would stall. Narrowed searches count their own matches instead.
    services.rebuild(test_index.name)
    backend = services.get_backend()
    recounts = []
    real_totals = type(backend).totals
    monkeypatch.setattr(type(backend), "totals", lambda self, index, today=None: recounts.append(1) or real_totals(
        self, index, today))  # fmt: skip
    services.index_object("testaanbod", Document(71, "Warmtepompen onderhouden", "", {"graad": ["3"]}))
    narrowed = services.search("testaanbod", SearchQuery(text="warmtepompen", filters={"graad": ["3"]}))
    assert recounts == [] and 71 in narrowed.pks
    assert dict(narrowed.facets["graad"])["3"] == narrowed.total
    whole = services.search("testaanbod", SearchQuery())
    assert recounts == [1] and dict(whole.facets["graad"])["3"] >= narrowed.total


@pytest.mark.django_db
def test_results_live_in_the_shared_cache_under_the_version(test_index, django_assert_max_num_queries):
    services.rebuild(test_index.name)
    query = dict(text="warmtepompen", filters={"graad": ["3"]})
    first = services.search("testaanbod", SearchQuery(**query))
    # A repeated query reads the version token and the shared cache: one query, no search SQL.
    with django_assert_max_num_queries(1):
        again = services.search("testaanbod", SearchQuery(**query))
    assert again.pks == first.pks and again.facets == first.facets
    cache.clear()  # what a write does to every process's view: the next search asks the database again
    # version, totals (2), count, page, counts (2); PostgreSQL: the ids of the filtered facets' values first
    with django_assert_max_num_queries(8):
        assert services.search("testaanbod", SearchQuery(**query)).pks == first.pks
    services.index_object("testaanbod", Document(70, "Warmtepompen voor de derde graad", "", {"graad": ["3"]}))
    assert 70 in services.search("testaanbod", SearchQuery(**query)).pks


@pytest.mark.django_db
def test_every_write_replaces_the_token(test_index):
    services.rebuild(test_index.name)
    seen = {services.version("testaanbod")}
    services.index_object("testaanbod", new_offer())
    seen.add(services.version("testaanbod"))
    services.remove_object("testaanbod", 50)
    seen.add(services.version("testaanbod"))
    services.index_objects("testaanbod", [new_offer(51)])
    seen.add(services.version("testaanbod"))
    assert len(seen) == 4 and IndexVersion.objects.filter(index_name="testaanbod").count() == 1


@pytest.mark.django_db
def test_counts_from_totals_minus_the_rest_equal_a_plain_count(test_index):
    """A broad query is counted as the index's totals minus the few non-matches: the same numbers."""
    docs = [
        Document(
            100 + i,
            f"Aanbod voor leerkrachten {i}",
            "",
            {"kind": [["opleiding", "workshop", "lezing"][i % 3]], "graad": ["2", "3"][: 1 + i % 2]},
            [LEUVEN],
        )
        for i in range(60)
    ]
    services.rebuild(test_index.name)
    services.index_objects("testaanbod", docs)
    services.remove_object("testaanbod", 105)
    for text in ("leerkrachten", "aanbod", "warmtepompen"):
        query = SearchQuery(text=text, prefix_last=False)
        with_totals = services.search("testaanbod", query, use_cache=False)
        plain = services.get_backend().search(test_index, SearchQuery(text=text, prefix_last=False), totals=None)
        assert with_totals.total == plain.total
        assert with_totals.facets == plain.facets, text


@pytest.mark.django_db
def test_index_object_removes_what_should_not_be_found(test_index):
    services.rebuild(test_index.name)
    test_index.should_index = lambda obj: obj.pk != 5
    services.index_object("testaanbod", test_index.docs[4])
    assert find("cobots") == []


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
    call_command("rebuild_indexes", "--index", "testaanbod", stdout=open("/dev/null", "w"))
    assert IndexedDocument.objects.filter(index_name="testaanbod").count() == 9
    assert IndexState.objects.filter(index_name="testaanbod").count() == 1
    assert AuditLog.objects.filter(action="search.index.rebuilt").count() == 1
    # Lost rows are restored by a rebuild.
    IndexedDocument.objects.filter(index_name="testaanbod", object_pk=1).delete()
    assert find("lassen") == []
    call_command("rebuild_indexes", "--index", "testaanbod", stdout=open("/dev/null", "w"))
    assert find("lassen") == [1]


@pytest.mark.django_db
def test_rebuild_if_needed_skips_a_current_index(test_index, capsys):
    call_command("rebuild_indexes", "--index", "testaanbod", "--if-needed")
    call_command("rebuild_indexes", "--index", "testaanbod", "--if-needed")
    assert "niets te doen" in capsys.readouterr().out
    IndexState.objects.filter(index_name="testaanbod").update(analysis_version="oud")
    call_command("rebuild_indexes", "--index", "testaanbod", "--if-needed")
    assert "testaanbod: 9 documenten" in capsys.readouterr().out


@pytest.mark.django_db
def test_unknown_index_is_refused(test_index):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="Onbekende zoekindex"):
        call_command("rebuild_indexes", "--index", "bestaat-niet")


def test_only_the_database_backend_exists():
    with pytest.raises(LookupError):
        services.get_backend("tantivy")


def test_the_cache_is_shared_with_other_processes():
    """Cached results must be one copy for every worker: what another process stores, this one reads."""
    import os
    import subprocess
    import sys
    import uuid

    key, value = f"gedeeld-{uuid.uuid4().hex}", uuid.uuid4().hex
    code = f"import django; django.setup(); from django.core.cache import cache; cache.set({key!r}, {value!r}, 60)"
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "innovet.settings", "INNOVET_DEBUG": "1"}
    subprocess.run([sys.executable, "-c", code], env=env, check=True, timeout=120)
    assert cache.get(key) == value
