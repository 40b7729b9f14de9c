"""The in-process facet matrix of the database backend never serves stale counts."""

import pytest
from django.db import transaction

from innovet.search import services
from innovet.search.query import SearchQuery

from .conftest import ANTWERPEN


def kinds():
    return dict(services.search("testaanbod", SearchQuery(), backend="database").facets["kind"])


@pytest.mark.django_db
def test_counts_follow_inserts_updates_and_deletes(test_index):
    services.rebuild(test_index.name)
    assert kinds()["opleiding"] == 4
    doc = test_index.docs[0]
    doc.facets["kind"] = ["workshop"]
    services.index_object("testaanbod", doc)  # an update: delete + insert with a new id
    assert kinds()["opleiding"] == 3 and kinds()["workshop"] == 3
    services.remove_object("testaanbod", 2)
    assert "bedrijfsstage" not in kinds()


@pytest.mark.django_db
def test_a_rolled_back_insert_does_not_linger(test_index):
    """SQLite reuses the id of a rolled-back row: the matrix must notice the row is another one."""
    services.rebuild(test_index.name)
    from innovet.search.registry import Document

    with pytest.raises(RuntimeError), transaction.atomic():
        services.index_object("testaanbod", Document(70, "Spookaanbod", "", {"kind": ["coaching"]}, [ANTWERPEN]))
        assert kinds()["coaching"] == 1  # seen inside the transaction
        raise RuntimeError("afgebroken")
    assert "coaching" not in kinds()
    services.index_object("testaanbod", Document(71, "Echt aanbod", "", {"kind": ["lezing"]}, [ANTWERPEN]))
    assert "coaching" not in kinds()
    assert kinds()["lezing"] == 2


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["lassen", "leerkrachten warmtepompen", "opleidingscentrum lass", "robot"])
def test_ranking_in_numpy_gives_fts5s_own_bm25(test_index, text):
    """The backend ranks in numpy; on SQLite, with this index alone in the table, FTS5 scores the same."""
    from django.db import connection

    from innovet.search.analysis import parse_query
    from innovet.search.backends.database import DatabaseBackend
    from innovet.search.backends.facetmatrix import matrix_for

    if connection.vendor != "sqlite":
        pytest.skip("FTS5 is SQLite's")
    services.rebuild(test_index.name)
    parsed = parse_query(text, prefix_last=True)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, -bm25(search_fts, 10.0, 1.0) FROM search_fts WHERE search_fts MATCH %s",
            [DatabaseBackend.fts_match(parsed)],
        )
        expected = dict(cursor.fetchall())
    matrix = matrix_for(test_index.name)
    ours = matrix.bm25(parsed)
    assert expected, "the query should match something"
    for doc_id, score in expected.items():
        assert ours[list(matrix.ids).index(doc_id)] == pytest.approx(score, rel=1e-9)
