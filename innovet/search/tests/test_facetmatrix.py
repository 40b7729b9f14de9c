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


def fts5_and_numpy_scores(index_name, parsed):
    from django.db import connection

    from innovet.search.backends.database import DatabaseBackend
    from innovet.search.backends.facetmatrix import matrix_for

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid, -bm25(search_fts, 10.0, 1.0) FROM search_fts WHERE search_fts MATCH %s",
            [DatabaseBackend.fts_match(parsed)],
        )
        expected = dict(cursor.fetchall())
    matrix = matrix_for(index_name)
    ours = matrix.bm25(parsed)
    return expected, {doc_id: ours[list(matrix.ids).index(doc_id)] for doc_id in expected}


@pytest.mark.django_db
@pytest.mark.parametrize("text", ["lassen", "leerkrachten warmtepompen", "opleidingscentrum lass", "robot"])
@pytest.mark.parametrize("later", [False, True], ids=["loaded", "added-later"])
def test_ranking_in_numpy_gives_fts5s_own_bm25(test_index, text, later):
    """The backend ranks in numpy; on SQLite, with this index alone in the table, FTS5 scores the same,
    also for documents added after the matrix sorted its tokens by term."""
    from django.db import connection

    from innovet.search.analysis import parse_query
    from innovet.search.registry import Document

    if connection.vendor != "sqlite":
        pytest.skip("FTS5 is SQLite's")
    services.rebuild(test_index.name)
    parsed = parse_query(text, prefix_last=True)
    if later:
        fts5_and_numpy_scores(test_index.name, parsed)
        services.index_object("testaanbod", Document(80, f"Nieuw: {text}", f"Meer over {text} en {text}.", {}))
    expected, ours = fts5_and_numpy_scores(test_index.name, parsed)
    assert expected, "the query should match something"
    assert ours == pytest.approx(expected, rel=1e-9)


@pytest.mark.parametrize("n, k", [(10, 3), (1000, 1), (5000, 20), (5000, 45), (20000, 60)])
def test_first_of_the_order_without_sorting_everything(n, k):
    """The page comes from a preselection; it must be exactly the head of the full sort, ties included."""
    import numpy as np

    from innovet.search.backends.facetmatrix import first_in_order

    rng = np.random.default_rng(n + k)
    # Few distinct values per key, so that the cut at the k-th value falls inside long runs of ties.
    keys = (rng.permutation(n), -rng.integers(0, 5, n).astype(float), rng.choice([1.0, 0.5, np.inf], n))
    assert first_in_order(keys, k).tolist() == np.lexsort(keys)[:k].tolist()


@pytest.mark.django_db
def test_counts_of_few_most_and_all_documents_read_the_same_rows(test_index):
    """Counting only the matches' rows, or the totals minus the others, gives the plain count per facet."""
    import numpy as np

    from innovet.search.backends.facetmatrix import matrix_for
    from innovet.search.registry import Document

    docs = [
        Document(
            100 + i,
            f"Aanbod {i}",
            "",
            {"kind": [["opleiding", "workshop", "lezing"][i % 3]], "graad": ["2", "3"][: 1 + i % 2]},
            [ANTWERPEN],
        )
        for i in range(600)
    ]
    services.rebuild(test_index.name)
    services.index_objects("testaanbod", docs)
    services.remove_object("testaanbod", 105)
    matrix = matrix_for(test_index.name)
    facets = [f.name for f in test_index.facets]
    rng = np.random.default_rng(7)
    for share in (0.01, 0.3, 0.7, 1.0):
        mask = matrix.alive & (rng.random(len(matrix.alive)) < share)
        expected = {name: matrix.counts(mask, [name])[name] for name in facets}  # one facet: a plain pass
        assert matrix.counts(mask, facets) == expected


@pytest.mark.parametrize("share, k", [(0.5, 20), (0.01, 20), (0.0, 5), (1.0, 0)])
def test_first_matches_of_a_fixed_order_read_chunk_by_chunk(share, k):
    import numpy as np

    from innovet.search.backends.facetmatrix import FacetMatrix

    rng = np.random.default_rng(3)
    order = rng.permutation(1000)
    mask = rng.random(1000) < share
    assert FacetMatrix._first_in(order, mask, k, chunk=7).tolist() == order[mask[order]][:k].tolist()
