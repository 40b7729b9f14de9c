"""The fast embedded engine: tantivy (Rust, from PyPI), one index directory per search index.

Fed with the same pre-analysed tokens as the database backend (``analysis.py``), so both match the
same documents. Facet counts come from terms aggregations over the raw facet fields (small results),
cached totals minus the few non-matches (nearly all documents) or walks of the term dictionaries (in
between), in worker threads beside the page; the radius filter uses a grid of cells (``geocells.py``)
with an exact haversine check of the cells on the circle's edge; "date" sorting uses a ``next_date``
fast field refreshed after midnight by a periodic task. Kept in sync with the database copy through the
outbox (``outbox.py``). The figures behind these choices are in ``docs/modules/search.md``.
"""

import fcntl
import json
import os
import shutil
import threading
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import date, datetime
from functools import cache, partial

import numpy as np
import tantivy
from django.conf import settings
from tantivy import FieldType, Occur, Order, Query

from ...geo.services import haversine_km, haversine_km_array
from .. import store
from ..analysis import analysed_text
from ..query import Hit, SearchResult, sort_facet_counts
from . import geocells
from .base import SearchBackend

SCHEMA_VERSION = "7"
MAX_FAST_POINTS = 4
NO_DATE = 10_000_000  # after every real date ordinal
TITLE_BOOST = 10.0
RING_RADII_KM = (2, 5, 10, 20, 40, 80, 160, 400)
# Facet counts: a terms aggregation reads the facet column of each matching document (0.3-1 µs each);
# walking the term dictionary (terms_with_prefix) costs the same for any number of matches (45-110 ms
# at 1M offers). Measured side by side on the bench's queries at 1M, the walk wins from about 15%.
AGGREGATE_SHARE = 0.15
AGGREGATE_TERMS = 100_000  # more than the distinct facet values of any index: the counts stay exact
# The facet values are spread over this many fields (each facet wholly in one), so that the counts of
# the facets without a filter of their own are two engine calls of half the work, run side by side.
FACET_FIELDS = ("facets0", "facets1")
SPLIT_MIN = 10_000  # below this many documents to read, handing half to a thread costs more than it saves
RING_FETCH = 4096  # hits asked for at once when sorting a ring by distance (more only when it holds more)
EDGE_FETCH = 16_384  # candidates on a radius's edge fetched at once (more only when there are more)


@cache
def _workers():
    """Threads for the facet groups of one search: tantivy releases the GIL while it searches, so the
    groups run side by side on the machine's cores (about twice as fast on two)."""
    return ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="tantivy-facets")


def _weight(boost):
    # tantivy multiplies the score by log2(2 + weight); this weight makes that factor 4 × boost.
    return 2.0 ** (4.0 * boost) - 2.0


def _any_of(schema, field, terms):
    """Documents with any of these terms, each scoring 1 (as a regex or term set query would). One term
    is a plain term query: tantivy's term set costs several times more for a single term."""
    if len(terms) == 1:
        return Query.const_score_query(Query.term_query(schema, field, terms[0]), 1.0)
    return Query.term_set_query(schema, field, terms)


def _epoch(dt):
    """Microseconds since 1970: entries saved within the same second (an import) keep their order, as in
    the database backend. Below 2**52 until the year 2112, so that rank_key fits in 64 bits."""
    return round(dt.timestamp() * 1_000_000) if isinstance(dt, datetime) else 0


class _Snapshot:
    """One generation of an index as searched, with what is worth keeping for it."""

    def __init__(self, searcher):
        self.searcher = searcher
        self._totals = {}

    def totals(self, field):
        """(facet term, count) of one facet field over every document of this generation."""
        found = self._totals.get(field)
        if found is None:
            found = self.searcher.terms_with_prefix(field, "", filter_query=Query.all_query())
            self._totals[field] = found
        return found


class _Engine:
    """One open tantivy index."""

    def __init__(self, index, path):
        self.name = index.name
        self.path = path
        self.facets = [f.name for f in index.facets]
        # Alternating over the declared order keeps the two fields' shares of values about even.
        self.facet_field = {name: FACET_FIELDS[i % len(FACET_FIELDS)] for i, name in enumerate(self.facets)}
        self.schema = self._schema(self.facets)
        path.mkdir(parents=True, exist_ok=True)
        self._check_version()
        self.index = tantivy.Index(self.schema, path=str(path), reuse=True)
        self.lock = threading.Lock()
        self._snapshot, self._stamp = None, None
        self._snapshot_guard = threading.Lock()

    def snapshot(self):
        """The searcher of the newest commit, kept (with its cached totals) until the next commit."""
        try:
            meta = (self.path / "meta.json").stat()
            # Every commit replaces meta.json by a new file.
            stamp = (meta.st_ino, meta.st_mtime_ns, meta.st_size)
        except FileNotFoundError:
            stamp = None
        with self._snapshot_guard:
            if self._snapshot is None or stamp != self._stamp:
                self.index.reload()
                self._snapshot, self._stamp = _Snapshot(self.index.searcher()), stamp
            return self._snapshot

    @staticmethod
    def _schema(facets):
        sb = tantivy.SchemaBuilder()
        sb.add_unsigned_field("pk", indexed=True, fast=True)
        # The pk once more as a raw token: a set of 5,000 of these is found about 4x faster than of u64 terms
        # (the radius filter's exact edge is such a set).
        sb.add_text_field("key", tokenizer_name="raw", index_option="basic")
        sb.add_text_field("title", tokenizer_name="whitespace", index_option="freq")
        sb.add_text_field("body", tokenizer_name="whitespace", index_option="freq")
        # Title and body words once more, without frequencies: where only matching counts (facet counts,
        # the radius edge) one posting list per word is read instead of the union of two.
        sb.add_text_field("words", tokenizer_name="whitespace", index_option="basic")
        # Every facet value as one raw token "name=value": filters are term sets; the counts of all facets
        # come from a terms aggregation over these (fast) fields or a walk of their term dictionaries.
        for field in FACET_FIELDS:
            sb.add_text_field(field, tokenizer_name="raw", index_option="basic", fast=True)
        sb.add_text_field("cell", tokenizer_name="raw", index_option="basic")
        sb.add_unsigned_field("npoints", indexed=True, fast=True)
        for i in range(MAX_FAST_POINTS):
            sb.add_float_field(f"lat{i}", fast=True)
            sb.add_float_field(f"lon{i}", fast=True)
        sb.add_text_field("points", stored=True, tokenizer_name="raw", index_option="basic")
        sb.add_integer_field("next_date", indexed=True, fast=True)
        sb.add_integer_field("published", fast=True)
        sb.add_unsigned_field("rank_key", fast=True)
        sb.add_float_field("weight", fast=True)
        return sb.build()

    def _check_version(self):
        marker = self.path / "innovet-schema.json"
        wanted = {"version": SCHEMA_VERSION, "facets": self.facets}
        if marker.exists():
            try:
                if json.loads(marker.read_text()) == wanted:
                    return
            except ValueError:
                pass
            # Schema changed: start empty; `rebuild_indexes --if-needed` fills it again.
            for child in self.path.iterdir():
                if child.is_dir():
                    shutil.rmtree(child)
                else:
                    child.unlink()
        marker.write_text(json.dumps(wanted))

    def document(self, doc, today):
        d = tantivy.Document()
        d.add_unsigned("pk", int(doc.pk))
        d.add_text("key", str(int(doc.pk)))
        title = getattr(doc, "title_terms", None) or analysed_text(doc.title)
        body = getattr(doc, "body_terms", None) or analysed_text(doc.body)
        d.add_text("title", title)
        d.add_text("body", body)
        d.add_text("words", f"{title} {body}")
        for name in self.facets:
            for value in doc.facets.get(name, []):
                d.add_text(self.facet_field[name], f"{name}={value}")
        points = sorted({(float(a), float(b)) for a, b in doc.points})
        cells = set()
        for lat, lon in points:
            cells.update(geocells.cell_ids(lat, lon))
        for cell in sorted(cells):
            d.add_text("cell", cell)
        d.add_unsigned("npoints", len(points))
        for i, (lat, lon) in enumerate(points[:MAX_FAST_POINTS]):
            d.add_float(f"lat{i}", lat)
            d.add_float(f"lon{i}", lon)
        if len(points) > MAX_FAST_POINTS:
            d.add_text("points", json.dumps(points))
        upcoming = [x for x in doc.dates if x >= today]
        d.add_integer("next_date", min(upcoming).toordinal() if upcoming else NO_DATE)
        published = _epoch(doc.published_at)
        d.add_integer("published", published)
        boost = store.clamp_boost(doc.boost)
        d.add_unsigned("rank_key", (int(round(boost * 1000)) << 52) + max(published, 0))
        d.add_float("weight", _weight(boost))
        return d


class TantivyBackend(SearchBackend):
    name = "tantivy"

    def __init__(self):
        self._engines = {}
        self._guard = threading.Lock()

    def base_dir(self):
        return settings.VAR_DIR / "search" / "tantivy"

    def engine(self, index):
        with self._guard:
            engine = self._engines.get(index.name)
            if engine is None:
                engine = _Engine(index, self.base_dir() / index.name)
                self._engines[index.name] = engine
            return engine

    def close(self):
        self._engines.clear()

    def count(self, index):
        return self.engine(index).snapshot().searcher.num_docs

    # --- writing --------------------------------------------------------------------------------
    @contextmanager
    def writing(self, index):
        """Exclusive writer for this index across threads and processes (outbox drains, rebuilds)."""
        engine = self.engine(index)
        lock_path = engine.path.parent / f"{index.name}.lock"
        with engine.lock, open(lock_path, "w") as handle:
            fcntl.flock(handle, fcntl.LOCK_EX)
            try:
                yield engine
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def _writer(self, engine, heap=64_000_000, threads=1):
        return engine.index.writer(heap_size=heap, num_threads=threads)

    def apply(self, index, upserts, deletes):
        engine = self.engine(index)
        today = date.today()
        pks = [int(d.pk) for d in upserts] + [int(pk) for pk in deletes]
        if not pks:
            return
        writer = self._writer(engine)
        try:
            writer.delete_documents_by_query(Query.term_set_query(engine.schema, "pk", pks))
            for doc in upserts:
                writer.add_document(engine.document(doc, today))
            writer.commit()
        except Exception:
            writer.rollback()
            raise
        finally:
            writer.wait_merging_threads()
        engine.index.reload()

    def rebuild(self, index, documents, progress=None):
        with self.writing(index) as engine:
            today = date.today()
            writer = self._writer(engine, heap=256_000_000, threads=2)
            count = 0
            try:
                writer.delete_all_documents()
                for doc in documents:
                    writer.add_document(engine.document(doc, today))
                    count += 1
                    if progress and count % 10_000 == 0:
                        progress(count)
                writer.commit()
            except Exception:
                writer.rollback()
                raise
            finally:
                writer.wait_merging_threads()
            engine.index.reload()
        return count

    def refresh_next_dates(self, index):
        """Re-apply documents whose stored next session date has passed."""
        engine = self.engine(index)
        engine.index.reload()
        searcher = engine.index.searcher()
        today = date.today().toordinal()
        query = Query.range_query(engine.schema, "next_date", FieldType.Integer, None, today - 1)
        found = searcher.search(query, limit=max(1, searcher.num_docs), count=False).hits
        pks = set(searcher.fast_field_values("pk", [a for _, a in found]))
        for chunk_start in range(0, len(pks), 5000):
            chunk = sorted(pks)[chunk_start : chunk_start + 5000]
            docs = store.load_documents(index, chunk)
            with self.writing(index):
                self.apply(index, docs, set(chunk) - {d.pk for d in docs})
        return len(pks)

    # --- searching ------------------------------------------------------------------------------
    def _text_query(self, schema, parsed, completions):
        """The text, scored: each word in title (boosted) or body; the last word also as any of its
        ``completions`` (as-you-type prefix, each scored alike, as a regex query would)."""
        clauses = []
        for term in parsed.terms:
            clauses.append(
                Query.boolean_query(
                    [
                        (Occur.Should, Query.boost_query(Query.term_query(schema, "title", term), TITLE_BOOST)),
                        (Occur.Should, Query.term_query(schema, "body", term)),
                    ]
                )
            )
        if parsed.prefix:
            clauses.append(
                Query.boolean_query(
                    [
                        (Occur.Should, Query.boost_query(_any_of(schema, "title", completions), TITLE_BOOST)),
                        (Occur.Should, _any_of(schema, "body", completions)),
                    ]
                )
            )
        return clauses

    def _text_filter(self, schema, parsed, completions):
        """The text's conditions without scores: each word in title or body."""
        clauses = [Query.term_query(schema, "words", term) for term in parsed.terms]
        if parsed.prefix:
            clauses.append(_any_of(schema, "words", completions))
        return clauses

    @staticmethod
    def _completions(searcher, prefix):
        """The indexed words that start with ``prefix``: read from the term dictionary, which is much
        cheaper than compiling a regular expression for every keystroke."""
        return [term for term, _count in searcher.terms_with_prefix("words", prefix)] if prefix else []

    @staticmethod
    def _filter(query):
        return Query.const_score_query(query, 0.0)

    def _combine(self, scored, filters):
        clauses = [(Occur.Must, q) for q in scored] + [(Occur.Must, self._filter(q)) for q in filters]
        if not clauses:
            return Query.all_query()
        if not scored:
            clauses.append((Occur.Must, Query.const_score_query(Query.all_query(), 1.0)))
        return Query.boolean_query(clauses)

    @staticmethod
    def _match(clauses):
        """All of these conditions, unscored: for counting."""
        if not clauses:
            return Query.all_query()
        return clauses[0] if len(clauses) == 1 else Query.boolean_query([(Occur.Must, q) for q in clauses])

    def _facet_filters(self, engine, query, exclude=None):
        return [
            _any_of(engine.schema, engine.facet_field[name], [f"{name}={v}" for v in values])
            for name, values in sorted(query.filters.items())
            if name != exclude
        ]

    def _point_distances(self, searcher, addresses, near):
        """Nearest-point distance (km) per address; None for documents without a location."""
        return [None if np.isnan(d) else float(d) for d in self._distances(searcher, addresses, near)]

    @staticmethod
    def _distances(searcher, addresses, near):
        """Nearest-point distance (km) per address as an array; NaN for documents without a location."""
        lat, lon = near
        # fast_field_values gives None where a column is absent; as floats that is NaN.
        counts = np.nan_to_num(np.array(searcher.fast_field_values("npoints", addresses), dtype=float)).astype(int)
        best = np.full(len(addresses), np.inf)
        for i in range(min(MAX_FAST_POINTS, int(counts.max(initial=0)))):
            lats = np.array(searcher.fast_field_values(f"lat{i}", addresses), dtype=float)
            lons = np.array(searcher.fast_field_values(f"lon{i}", addresses), dtype=float)
            d = haversine_km_array(lat, lon, lats, lons)
            best = np.where((counts > i) & (d < best), d, best)
        best[counts == 0] = np.nan
        for n in np.flatnonzero(counts > MAX_FAST_POINTS):
            points = json.loads(searcher.doc(addresses[n])["points"][0])
            best[n] = min(haversine_km(lat, lon, a, b) for a, b in points)
        return best

    def _geo_filter(self, engine, searcher, text_filter, near, radius_km):
        """A query for 'has a location within radius_km of near' (exact)."""
        inner, border = geocells.cover(round(near[0], 6), round(near[1], 6), float(radius_km))
        schema = engine.schema
        should = []
        if inner:
            should.append((Occur.Should, Query.term_set_query(schema, "cell", list(inner))))
        if border:
            clauses = [(Occur.Must, q) for q in text_filter]
            clauses.append((Occur.Must, Query.term_set_query(schema, "cell", list(border))))
            if inner:
                clauses.append((Occur.MustNot, Query.term_set_query(schema, "cell", list(inner))))
            candidates_q = Query.boolean_query(clauses)
            found = searcher.search(candidates_q, limit=EDGE_FETCH, count=True)
            if found.count > EDGE_FETCH:
                found = searcher.search(candidates_q, limit=found.count, count=False)
            addresses = [a for _, a in found.hits]
            if addresses:
                inside = np.flatnonzero(self._distances(searcher, addresses, near) <= radius_km)
                if len(inside):
                    pks = searcher.fast_field_values("pk", [addresses[i] for i in inside])
                    should.append((Occur.Should, Query.term_set_query(schema, "key", list(map(str, pks)))))
        if not should:
            return Query.empty_query()
        return Query.boolean_query(should)

    def _search(self, index, query, parsed, today):
        engine = self.engine(index)
        snapshot = engine.snapshot()
        searcher = snapshot.searcher
        schema = engine.schema
        completions = self._completions(searcher, parsed.prefix)
        text = self._text_query(schema, parsed, completions) if not parsed.is_empty else []
        text_filter = self._text_filter(schema, parsed, completions) if not parsed.is_empty else []
        geo = []
        if query.near is not None and query.radius_km is not None:
            geo = [self._geo_filter(engine, searcher, text_filter, query.near, query.radius_km)]
        filters = self._facet_filters(engine, query)
        main = self._combine(text, filters + geo)
        # Each filtered facet's counts ignore its own filter: one engine call per such facet, run in the
        # worker threads while this thread fetches the page.
        excluded = [name for name in sorted(query.filters) if name in engine.facets] if query.with_facets else []
        group = partial(self._facet_group, engine, searcher, query, text_filter, geo)
        pending = [_workers().submit(group, name) for name in excluded]
        if query.sort in ("relevance", "newest"):
            # One call gives the page and the count.
            if query.sort == "newest":
                kwargs = {"order_by_field": "published"}
            else:
                kwargs = {"weight_by_field": "weight"} if text else {"order_by_field": "rank_key"}
            found = searcher.search(main, limit=query.per_page, offset=query.offset, count=True, **kwargs)
            total = found.count
            scored = query.sort == "relevance" and text
            hits = self._to_hits(searcher, [(s if scored else None, a) for s, a in found.hits], query.near)
        else:
            total = searcher.search(main, limit=1, count=True).count
            hits = (
                self._hits(engine, searcher, query, text, text_filter, filters, geo, main, total, today)
                if total
                else []
            )
        facets = {}
        if query.with_facets:
            counts = {name: {} for name in engine.facets}
            free = set(engine.facets) - set(excluded)
            if free:
                unscored = self._match(text_filter + filters + geo)
                counts.update(self._free_facets(engine, snapshot, unscored, free, total, busy=bool(pending)))
            for name, future in zip(excluded, pending, strict=True):
                counts[name] = future.result()
            facets = {name: sort_facet_counts(c) for name, c in counts.items()}
        return SearchResult(hits=hits, total=total, facets=facets, suggestion=None)

    def _to_hits(self, searcher, found, near):
        addresses = [a for _, a in found]
        pks = searcher.fast_field_values("pk", addresses)
        distances = self._point_distances(searcher, addresses, near) if near else [None] * len(found)
        return [
            Hit(pk=pk, score=float(score) if score is not None else 0.0, distance_km=dist)
            for (score, _), pk, dist in zip(found, pks, distances, strict=True)
        ]

    def _page(self, searcher, q, offset, limit, **kwargs):
        if limit <= 0:
            return []
        return searcher.search(q, limit=limit, offset=offset, count=False, **kwargs).hits

    def _hits(self, engine, searcher, query, text, text_filter, filters, geo, main, total, today):
        offset, limit = query.offset, query.per_page
        if offset >= total:
            return []
        schema = engine.schema
        if query.sort == "date":
            upcoming = Query.range_query(schema, "next_date", FieldType.Integer, today.toordinal(), NO_DATE - 1)
            first = Query.boolean_query([(Occur.Must, main), (Occur.Must, self._filter(upcoming))])
            rest = Query.boolean_query([(Occur.Must, main), (Occur.MustNot, upcoming)])
            # One call gives the upcoming ones' page and their number.
            page = searcher.search(
                first, limit=limit, offset=offset, count=True, order_by_field="next_date", order=Order.Asc
            )
            n_first = page.count
            found = [(None, a) for _, a in page.hits]
            if len(found) < limit:
                skip = max(0, offset - n_first)
                found += self._page(searcher, rest, skip, limit - len(found), weight_by_field="weight")
        else:
            # The rings lie within the radius: they need the text and facets, not the (costly) radius filter.
            unbounded = self._combine(text, filters) if geo else main
            found = self._by_distance(engine, searcher, query, text_filter, main, unbounded, offset, limit)
        return self._to_hits(searcher, found, query.near)

    def _by_distance(self, engine, searcher, query, text_filter, main, unbounded, offset, limit):
        """Nearest first: widen a ring until it holds the requested page, then sort that ring exactly.

        ``unbounded`` is ``main`` without the radius filter: every ring smaller than the radius lies inside it."""
        needed = offset + limit
        max_radius = query.radius_km or RING_RADII_KM[-1]
        radii = [r for r in RING_RADII_KM if r < max_radius] + [max_radius]
        # The smallest ring whose inner cells alone (surely within it) already hold the page: then the
        # first `needed` documents by distance all lie inside that ring.
        chosen = radii[-1]
        for radius in radii[:-1]:
            inner, _border = geocells.cover(round(query.near[0], 6), round(query.near[1], 6), float(radius))
            if not inner:
                continue
            inner_q = Query.term_set_query(engine.schema, "cell", list(inner))
            probe = Query.boolean_query([(Occur.Must, unbounded), (Occur.Must, self._filter(inner_q))])
            if searcher.search(probe, limit=1, count=True).count >= needed:
                chosen = radius
                break
        if query.radius_km is not None and chosen == query.radius_km:
            ring_q = main  # already limited to the radius
        else:
            # The ring's cells (inner and edge) hold every document within it, and some just outside,
            # which the exact distances below drop: no per-document radius filter needed here.
            inner, border = geocells.cover(round(query.near[0], 6), round(query.near[1], 6), float(chosen))
            cells = Query.term_set_query(engine.schema, "cell", list(inner) + list(border))
            ring_q = Query.boolean_query([(Occur.Must, unbounded), (Occur.Must, self._filter(cells))])
        found_ring = searcher.search(ring_q, limit=RING_FETCH, count=True, weight_by_field="weight")
        if found_ring.count > RING_FETCH:
            found_ring = searcher.search(ring_q, limit=found_ring.count, count=True, weight_by_field="weight")
        ring_hits = found_ring.hits
        addresses = [a for _, a in ring_hits]
        distances = self._point_distances(searcher, addresses, query.near)
        pks = searcher.fast_field_values("pk", addresses)
        ordered = sorted(
            ((d, h, pk) for d, h, pk in zip(distances, ring_hits, pks, strict=True) if d is not None and d <= chosen),
            key=lambda x: (x[0], -x[1][0], x[2]),
        )
        found = [(h[0], h[1]) for _, h, _ in ordered][offset:needed]
        if len(found) < limit and query.radius_km is None:
            # Documents beyond the largest ring, then those without a location.
            located = len(ordered)
            beyond = Query.boolean_query(
                [
                    (Occur.Must, main),
                    (Occur.MustNot, self._geo_filter(engine, searcher, text_filter, query.near, max_radius)),
                ]
            )
            n_beyond = searcher.search(beyond, limit=1, count=True).count
            rest_hits = searcher.search(beyond, limit=max(n_beyond, 1), count=False, weight_by_field="weight").hits
            rest_d = self._point_distances(searcher, [a for _, a in rest_hits], query.near)
            rest_pk = searcher.fast_field_values("pk", [a for _, a in rest_hits])
            tail = sorted(
                zip(rest_d, rest_hits, rest_pk, strict=True),
                key=lambda x: (x[0] is None, x[0] or 0.0, -x[1][0], x[2]),
            )
            skip = max(0, offset - located)
            found += [(h[0], h[1]) for _, h, _ in tail][skip : skip + limit - len(found)]
        return found

    def _free_facets(self, engine, snapshot, results, names, total, busy):
        """Counts of the facets without a filter of their own: those of the results themselves.

        One call per facet field, side by side, unless the workers are already ``busy`` with the filtered
        facets or the work is small: then one call reads all fields."""
        fields = sorted({engine.facet_field[name] for name in names})
        count = partial(self._count_fields, snapshot, results, total)
        if busy or min(total, snapshot.searcher.num_docs - total) <= SPLIT_MIN:
            found = count(fields)
        else:
            pending = [_workers().submit(count, [field]) for field in fields[1:]]
            found = count(fields[:1]) + [pair for future in pending for pair in future.result()]
        counts = {name: {} for name in names}
        for term, n in found:
            name, _sep, value = term.partition("=")
            if name in counts and n:
                counts[name][value] = n
        return counts

    @staticmethod
    def _count_fields(snapshot, q, total, fields):
        """(facet term, count) of these facet fields over the ``total`` documents matching ``q``.

        Few matches are read from the facet column of each match (a terms aggregation); nearly all
        documents are the totals of this generation minus the few that do not match; in between, a walk of
        each field's term dictionary costs the same for any number of matches."""
        searcher = snapshot.searcher
        share = AGGREGATE_SHARE * searcher.num_docs

        def aggregate(query):
            found = searcher.aggregate(query, {f: {"terms": {"field": f, "size": AGGREGATE_TERMS}} for f in fields})
            return [(bucket["key"], bucket["doc_count"]) for f in fields for bucket in found[f]["buckets"]]

        if total <= share:
            return aggregate(q)
        rest = searcher.num_docs - total
        if rest > share:
            return [pair for f in fields for pair in searcher.terms_with_prefix(f, "", filter_query=q)]
        counts = dict(pair for f in fields for pair in snapshot.totals(f))
        if rest:
            others = Query.boolean_query([(Occur.Must, Query.all_query()), (Occur.MustNot, q)])
            for term, n in aggregate(others):
                counts[term] -= n
        return list(counts.items())

    def _facet_group(self, engine, searcher, query, text_filter, geo, name):
        """Counts of a filtered facet: the results of every other filter (OR within a facet)."""
        q = self._match(text_filter + self._facet_filters(engine, query, exclude=name) + geo)
        prefix = f"{name}="
        return {
            term[len(prefix) :]: count
            for term, count in searcher.terms_with_prefix(engine.facet_field[name], prefix, filter_query=q)
            if count
        }
