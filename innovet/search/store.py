"""The database copy of every index: documents, facet values, points, dates and vocabulary.

Written by ``services.index_object``/``remove_object`` inside the consumer's transaction and by
``rebuild``; read by the search backend in SQL.
"""

from collections import Counter
from typing import NamedTuple

from django.db import connection
from django.utils import timezone

from innovet.core.bulk_sql import insert_rows, reserve_ids, text_array

from .analysis import STOPWORDS, analyse_lines, stem, words
from .models import DocumentDate, DocumentFacet, DocumentPoint, IndexedDocument, VocabularyWord
from .registry import MAX_BOOST, MIN_BOOST

CHUNK = 2000


def vocabulary_words(title, body):
    """The distinct folded words of a document that count for suggestions."""
    return _vocabulary(words(title) + words(body))


def _vocabulary(ws):
    return {w for w in ws if w not in STOPWORDS and not w.isdigit() and 3 <= len(w) <= 60}


def clamp_boost(boost):
    return min(max(float(boost if boost is not None else 1.0), MIN_BOOST), MAX_BOOST)


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


def _delete_rows(index_name, pks=None):
    """Remove stored documents (all of an index when pks is None); returns their vocabulary words."""
    qs = IndexedDocument.objects.filter(index_name=index_name)
    if pks is not None:
        qs = qs.filter(object_pk__in=list(pks))
    old = Counter()
    ids = []
    for doc_id, title, body in qs.values_list("id", "title", "body").iterator(chunk_size=CHUNK):
        ids.append(doc_id)
        old.update(vocabulary_words(title, body))
    if pks is None and ids:
        with connection.cursor() as cursor:
            for model in (DocumentFacet, DocumentPoint, DocumentDate):
                cursor.execute(
                    f"DELETE FROM {_table(model)} WHERE document_id IN"
                    f" (SELECT id FROM {_table(IndexedDocument)} WHERE index_name = %s)",
                    [index_name],
                )
            cursor.execute(f"DELETE FROM {_table(IndexedDocument)} WHERE index_name = %s", [index_name])
        return old
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        DocumentFacet.objects.filter(document_id__in=chunk)._raw_delete(connection.alias)
        DocumentPoint.objects.filter(document_id__in=chunk)._raw_delete(connection.alias)
        DocumentDate.objects.filter(document_id__in=chunk)._raw_delete(connection.alias)
        IndexedDocument.objects.filter(id__in=chunk)._raw_delete(connection.alias)
    return old


class Analysed(NamedTuple):
    """A document as it is stored, but for its ids: what ``analyse`` computes before any write."""

    title: str
    body: str
    title_terms: str
    body_terms: str
    boost: float
    published_at: object  # adapted for the database
    keys: list  # (facet, value) pairs, hierarchies expanded
    points: list
    dates: list  # adapted for the database
    vocabulary: set


def analyse(index, doc):
    """The costly part of indexing a document (text analysis, facet values), which needs no database: a bulk
    writer does it before it opens its transaction, so that the transaction (SQLite's write lock) is short."""
    ops = connection.ops
    (title_words, title_terms), (body_words, body_terms) = analyse_lines(doc.title), analyse_lines(doc.body)
    return Analysed(
        doc.title or "",
        doc.body or "",
        " ".join(title_terms),
        " ".join(body_terms),
        clamp_boost(doc.boost),
        ops.adapt_datetimefield_value(doc.published_at),
        [(f.name, value[:200]) for f in index.facets for value in f.expand(doc.facets.get(f.name, ()))],
        sorted({(float(a), float(b)) for a, b in (doc.points or [])}),
        [ops.adapt_datefield_value(d) for d in sorted(set(doc.dates or []))],
        _vocabulary(set(title_words).union(body_words)),
    )


def _insert(index, items):
    """Insert analysed documents, (object pk, Analysed) pairs, set-based (``core.bulk_sql``: COPY on
    PostgreSQL, multi-row INSERTs on SQLite); returns their vocabulary words with document counts."""
    ids = reserve_ids(IndexedDocument._meta.db_table, len(items))
    inserts, new_words = document_rows(index, items, ids)
    for table, columns, rows in inserts:
        insert_rows(table, columns, rows)
    return new_words


def document_rows(index, items, ids):
    """The rows that store analysed documents, (object pk, Analysed) pairs, under the given new document ids:
    ([(table, columns, rows)] in the order they are inserted, their vocabulary words with document counts).
    Plain values only: an import's helper process computes them for the process that writes."""
    new_words = Counter()
    doc_rows, facet_rows, point_rows, date_rows = [], [], [], []
    name = index.name
    postgres = connection.vendor == "postgresql"
    indexed_at = connection.ops.adapt_datetimefield_value(timezone.now())
    for doc_id, (pk, doc) in zip(ids, items, strict=True):
        new_words.update(doc.vocabulary)
        row = (
            doc_id,
            name,
            int(pk),
            doc.title,
            doc.body,
            doc.title_terms,
            doc.body_terms,
            doc.boost,
            doc.published_at,
            indexed_at,
        )
        if postgres:
            # PostgreSQL keeps the facet values with the document only (migrations 0004, 0007: its match row gets
            # their ids): filters and counts read them there, never the facet table, so its rows (and their index
            # and foreign-key upkeep, the most of an import's index writes) are not written there.
            doc_rows.append((*row, text_array([f"{facet}={value}" for facet, value in doc.keys])))
        else:
            doc_rows.append(row)
            facet_rows.extend((doc_id, name, facet, value) for facet, value in doc.keys)
        point_rows.extend((doc_id, name, lat, lon) for lat, lon in doc.points)
        date_rows.extend((doc_id, d) for d in doc.dates)
    columns = [
        "id",
        "index_name",
        "object_pk",
        "title",
        "body",
        "title_terms",
        "body_terms",
        "boost",
        "published_at",
        "indexed_at",
    ]
    return [
        (IndexedDocument._meta.db_table, columns + (["facet_keys"] if postgres else []), doc_rows),
        (DocumentFacet._meta.db_table, ["document_id", "index_name", "facet", "value"], facet_rows),
        (DocumentPoint._meta.db_table, ["document_id", "index_name", "latitude", "longitude"], point_rows),
        (DocumentDate._meta.db_table, ["document_id", "date"], date_rows),
    ], new_words


def apply_vocabulary(index_name, delta):
    """Add the change in document frequency per word: one upsert per batch, then drop words no document has.

    INSERT ... ON CONFLICT DO UPDATE works on PostgreSQL and SQLite alike; reading every word first
    and writing it back through bulk_update cost more than the rest of an import's indexing.
    """
    delta = [(w, c) for w, c in delta.items() if c]
    if not delta:
        return
    table = _table(VocabularyWord)
    # In word order: two writers that add the same words then lock them in the same order (no deadlock).
    delta.sort()
    added = [(w, c) for w, c in delta if c > 0]
    delta = [(w, c) for w, c in delta if c < 0]
    with connection.cursor() as cursor:
        # Words gained (an import: all of them) in one multi-row statement per batch: executemany is a round
        # trip per word on PostgreSQL.
        for start in range(0, len(added), 2000):
            batch = added[start : start + 2000]
            cursor.execute(
                f"INSERT INTO {table} (index_name, word, stem, doc_count) VALUES"
                f" {', '.join(['(%s, %s, %s, %s)'] * len(batch))}"
                f" ON CONFLICT (index_name, word) DO UPDATE SET doc_count = {table}.doc_count + excluded.doc_count",
                [value for w, c in batch for value in (index_name, w, stem(w), c)],
            )
        for start in range(0, len(delta), 2000):
            batch = delta[start : start + 2000]
            # A word first seen with a negative change cannot exist; GREATEST/MAX keeps the column unsigned.
            cursor.executemany(
                f"INSERT INTO {table} (index_name, word, stem, doc_count) VALUES (%s, %s, %s, %s)"
                " ON CONFLICT (index_name, word) DO UPDATE SET doc_count = CASE"
                f" WHEN {table}.doc_count + %s > 0 THEN {table}.doc_count + %s ELSE 0 END",
                [(index_name, w, stem(w), max(c, 0), c, c) for w, c in batch],
            )
            if any(c < 0 for _w, c in batch):
                cursor.execute(
                    f"DELETE FROM {table} WHERE index_name = %s AND doc_count = 0 AND word IN"
                    f" ({', '.join(['%s'] * len(batch))})",
                    [index_name, *(w for w, _c in batch)],
                )


def upsert_documents(index, docs):
    """Replace the stored copies of these documents (the caller holds the transaction)."""
    if not docs:
        return
    old = _delete_rows(index.name, [int(d.pk) for d in docs])
    delta = Counter(_insert(index, [(d.pk, analyse(index, d)) for d in docs]))
    delta.subtract(old)
    apply_vocabulary(index.name, delta)


def delete_documents(index, pks):
    old = _delete_rows(index.name, [int(pk) for pk in pks])
    apply_vocabulary(index.name, {w: -c for w, c in old.items()})


def replace_all(index, documents, progress=None):
    """Rebuild the stored copy of a whole index from an iterable of Documents; returns the count."""
    _delete_rows(index.name)
    VocabularyWord.objects.filter(index_name=index.name).delete()
    vocabulary = Counter()
    batch, count = [], 0
    for doc in documents:
        batch.append(doc)
        if len(batch) >= CHUNK:
            vocabulary.update(_insert(index, [(d.pk, analyse(index, d)) for d in batch]))
            count += len(batch)
            batch = []
            if progress:
                progress(count)
    if batch:
        vocabulary.update(_insert(index, [(d.pk, analyse(index, d)) for d in batch]))
        count += len(batch)
        if progress:
            progress(count)
    VocabularyWord.objects.bulk_create(
        [VocabularyWord(index_name=index.name, word=w, stem=stem(w), doc_count=c) for w, c in vocabulary.items()],
        batch_size=2000,
    )
    with connection.cursor() as cursor:
        # Fresh statistics, so the query planner knows how selective facet values and words are.
        tables = ["search_indexeddocument", "search_documentfacet", "search_documentpoint"]
        if connection.vendor == "postgresql":
            tables.append("search_match")  # what searches read there (migration 0007)
        for table in tables:
            cursor.execute(f"ANALYZE {table}")
    return count
