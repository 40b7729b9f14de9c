"""The database copy of every index: documents, facet values, points, dates and vocabulary.

Written by ``services.index_object``/``remove_object`` inside the consumer's transaction and by
``rebuild``; read by the database backend and used as the source of truth for the fast engine.
"""

from collections import Counter

from django.db import connection

from .analysis import STOPWORDS, analysed_text, stem, words
from .models import DocumentDate, DocumentFacet, DocumentPoint, IndexedDocument, VocabularyWord
from .registry import MAX_BOOST, MIN_BOOST

CHUNK = 2000


def vocabulary_words(title, body):
    """The distinct folded words of a document that count for suggestions."""
    return {w for w in words(f"{title} {body}") if w not in STOPWORDS and not w.isdigit() and 3 <= len(w) <= 60}


def clamp_boost(boost):
    return min(max(float(boost if boost is not None else 1.0), MIN_BOOST), MAX_BOOST)


def _rows_for(index, doc):
    row = IndexedDocument(
        index_name=index.name,
        object_pk=int(doc.pk),
        title=doc.title or "",
        body=doc.body or "",
        title_terms=analysed_text(doc.title),
        body_terms=analysed_text(doc.body),
        boost=clamp_boost(doc.boost),
        published_at=doc.published_at,
    )
    facets = []
    for facet in index.facets:
        for value in facet.expand(doc.facets.get(facet.name, [])):
            facets.append((facet.name, value[:200]))
    points = sorted({(float(lat), float(lon)) for lat, lon in (doc.points or [])})
    dates = sorted(set(doc.dates or []))
    return row, facets, points, dates


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
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        DocumentFacet.objects.filter(document_id__in=chunk)._raw_delete(connection.alias)
        DocumentPoint.objects.filter(document_id__in=chunk)._raw_delete(connection.alias)
        DocumentDate.objects.filter(document_id__in=chunk)._raw_delete(connection.alias)
        IndexedDocument.objects.filter(id__in=chunk)._raw_delete(connection.alias)
    return old


def _insert(index, docs):
    new_words = Counter()
    prepared = [_rows_for(index, doc) for doc in docs]
    rows = IndexedDocument.objects.bulk_create([p[0] for p in prepared], batch_size=500)
    facets, points, dates = [], [], []
    for row, (_row, fvals, pts, ds) in zip(rows, prepared, strict=True):
        new_words.update(vocabulary_words(row.title, row.body))
        facets += [DocumentFacet(document_id=row.id, index_name=index.name, facet=f, value=v) for f, v in fvals]
        points += [DocumentPoint(document_id=row.id, index_name=index.name, latitude=a, longitude=b) for a, b in pts]
        dates += [DocumentDate(document_id=row.id, date=d) for d in ds]
    DocumentFacet.objects.bulk_create(facets, batch_size=2000)
    DocumentPoint.objects.bulk_create(points, batch_size=2000)
    DocumentDate.objects.bulk_create(dates, batch_size=2000)
    return new_words


def _apply_vocabulary(index_name, delta):
    delta = {w: c for w, c in delta.items() if c}
    if not delta:
        return
    existing = {v.word: v for v in VocabularyWord.objects.filter(index_name=index_name, word__in=list(delta.keys()))}
    to_create, to_update, to_delete = [], [], []
    for word, change in delta.items():
        row = existing.get(word)
        if row is None:
            if change > 0:
                to_create.append(VocabularyWord(index_name=index_name, word=word, stem=stem(word), doc_count=change))
        elif row.doc_count + change <= 0:
            to_delete.append(row.id)
        else:
            row.doc_count += change
            to_update.append(row)
    VocabularyWord.objects.bulk_create(to_create, batch_size=2000)
    VocabularyWord.objects.bulk_update(to_update, ["doc_count"], batch_size=2000)
    if to_delete:
        VocabularyWord.objects.filter(id__in=to_delete).delete()


def upsert_documents(index, docs):
    """Replace the stored copies of these documents (the caller holds the transaction)."""
    docs = list(docs)
    if not docs:
        return
    old = _delete_rows(index.name, [int(d.pk) for d in docs])
    new = _insert(index, docs)
    delta = Counter(new)
    delta.subtract(old)
    _apply_vocabulary(index.name, delta)


def delete_documents(index, pks):
    old = _delete_rows(index.name, [int(pk) for pk in pks])
    _apply_vocabulary(index.name, {w: -c for w, c in old.items()})


def replace_all(index, documents, progress=None):
    """Rebuild the stored copy of a whole index from an iterable of Documents; returns the count."""
    _delete_rows(index.name)
    VocabularyWord.objects.filter(index_name=index.name).delete()
    vocabulary = Counter()
    batch, count = [], 0
    for doc in documents:
        batch.append(doc)
        if len(batch) >= CHUNK:
            vocabulary.update(_insert(index, batch))
            count += len(batch)
            batch = []
            if progress:
                progress(count)
    if batch:
        vocabulary.update(_insert(index, batch))
        count += len(batch)
        if progress:
            progress(count)
    VocabularyWord.objects.bulk_create(
        [VocabularyWord(index_name=index.name, word=w, stem=stem(w), doc_count=c) for w, c in vocabulary.items()],
        batch_size=2000,
    )
    return count


def load_documents(index, pks):
    """Rebuild Document objects from the stored copy (used by the fast engine's outbox applier)."""
    rows = {
        r.id: r
        for r in IndexedDocument.objects.filter(index_name=index.name, object_pk__in=list(pks)).only(
            "id", "object_pk", "title", "body", "title_terms", "body_terms", "boost", "published_at"
        )
    }
    return _documents_from_rows(index, rows)


def iter_stored_documents(index, chunk=CHUNK):
    last = 0
    while True:
        rows = {
            r.id: r for r in IndexedDocument.objects.filter(index_name=index.name, id__gt=last).order_by("id")[:chunk]
        }
        if not rows:
            return
        last = max(rows)
        yield from _documents_from_rows(index, rows)


def _documents_from_rows(index, rows):
    from .registry import Document

    facets, points, dates = {}, {}, {}
    ids = list(rows)
    for start in range(0, len(ids), 500):
        part = ids[start : start + 500]
        for doc_id, facet, value in DocumentFacet.objects.filter(document_id__in=part).values_list(
            "document_id", "facet", "value"
        ):
            facets.setdefault(doc_id, {}).setdefault(facet, []).append(value)
        for doc_id, lat, lon in DocumentPoint.objects.filter(document_id__in=part).values_list(
            "document_id", "latitude", "longitude"
        ):
            points.setdefault(doc_id, []).append((lat, lon))
        for doc_id, d in DocumentDate.objects.filter(document_id__in=part).values_list("document_id", "date"):
            dates.setdefault(doc_id, []).append(d)
    out = []
    for doc_id, row in rows.items():
        doc = Document(
            pk=row.object_pk,
            title=row.title,
            body=row.body,
            facets=facets.get(doc_id, {}),
            points=sorted(points.get(doc_id, [])),
            dates=sorted(dates.get(doc_id, [])),
            published_at=row.published_at,
            boost=row.boost,
        )
        doc.title_terms = row.title_terms
        doc.body_terms = row.body_terms
        out.append(doc)
    return out
