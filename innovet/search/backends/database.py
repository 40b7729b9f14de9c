"""The search backend: the database's own full-text engine, ranking and counting, in plain SQL.

* Rows: on PostgreSQL searches read ``search_match``, a narrow copy of each document row (index, object,
  boost, publication, tsvector, facet value ids) kept in step by triggers (migration 0007): the stored text
  would double the pages every search visits. On SQLite they read the document rows.
* Matching: PostgreSQL ``tsv @@ to_tsquery('simple', …)`` over a tsvector with a GIN index, or
  SQLite FTS5 ``MATCH``; both over the pre-analysed tokens of ``analysis.py``, so they match the same
  documents.
* Ranking: the engine's own function — ``ts_rank`` (title weight A = 1.0, body D = 0.1) or FTS5's
  ``bm25()`` (title 10, body 1) — times the document's boost.
* Filters and facet counts: on PostgreSQL each match row carries its 'facet=value' keys as integer ids
  (``facet_ids``, GIN index; the ids come from the dictionary table ``search_facetkey``, see migration 0005),
  looked up once per search: a filter is ``facet_ids && '{…}'``, the free facets are counted by ``GROUP BY``
  over ``unnest(facet_ids)`` of the matching rows, a filtered facet by a ``COUNT(*) FILTER`` per value.
  On SQLite, ``IN`` subqueries and ``GROUP BY facet, value`` over ``search_documentfacet`` (index
  ``search_facet_unique``: document → its values). When the matches are most of the index, the counts are the
  index's totals (cached in the shared cache under the index version) minus a GROUP BY over the few documents
  that do not match.
* Distance: haversine in SQL (both engines have the math functions) on the points in the bounding box.

* Combined indexes (``registry.CombinedIndex``): the same SQL over ``d.index_name IN (…)`` of the members, so
  offers and events are ranked and counted together; the source facet (which member) is ``d.index_name``
  itself, counted by a ``GROUP BY d.index_name``.

Nothing is kept in the process between searches: every search reads the committed tables.
"""

import math

from django.db import connection, connections
from django.utils import timezone

from ...core.db_routing import read_alias
from ...geo.services import EARTH_RADIUS_KM, bounding_box
from ..query import Hit, SearchQuery, SearchResult, sort_facet_counts
from .base import SearchBackend

DOC = "search_indexeddocument"
MATCH = "search_match"  # PostgreSQL: the narrow copy of each document row that searches read (migration 0007)
FACET = "search_documentfacet"
POINT = "search_documentpoint"
DATE = "search_documentdate"
MAX_FILTER_COLUMNS = 64  # a filtered facet with more values is counted by unnest + GROUP BY
KEY = "search_facetkey"  # PostgreSQL: 'facet=value' -> the id in search_match.facet_ids (migrations 0005, 0007)


def _doc():
    """The table of documents a search reads: PostgreSQL's narrow ``search_match`` (the same ids as the document
    rows, without the stored text), or SQLite's document rows (their text lives in FTS5)."""
    return MATCH if connections[read_alias()].vendor == "postgresql" else DOC


def _haversine_sql(alias, near):
    """SQL for the great-circle distance (km) from ``near`` to the point row ``alias`` and its params."""
    lat, lon = math.radians(near[0]), math.radians(near[1])
    sql = (
        f"2 * {EARTH_RADIUS_KM!r} * asin(sqrt("
        f"power(sin((radians({alias}.latitude) - %s) / 2), 2)"
        f" + %s * cos(radians({alias}.latitude)) * power(sin((radians({alias}.longitude) - %s) / 2), 2)))"
    )
    return sql, [lat, math.cos(lat), lon]


def _marks(values):
    return ", ".join(["%s"] * len(values))


class Where:
    """The conditions on ``search_indexeddocument d`` of one search, each with its params."""

    def __init__(self):
        self.parts = []  # (key, sql, params); key names a facet filter so that it can be left out
        self.base = 0  # the first parts say which documents the index holds (no narrowing by the query)

    def add(self, key, sql, params):
        self.parts.append((key, sql, list(params)))

    def sql(self, without=None):
        parts = [(sql, params) for key, sql, params in self.parts if key is None or key != without]
        return " AND ".join(s for s, _p in parts), [p for _s, params in parts for p in params]

    def base_sql(self):
        parts = self.parts[: self.base]
        return " AND ".join(s for _k, s, _p in parts), [p for _k, _s, params in parts for p in params]

    @property
    def narrowed(self):
        return len(self.parts) > self.base


def _base(where, index, today):
    """The documents an index holds: its own, or a combined index's members (upcoming ones only, where asked)."""
    names = index.index_names
    if len(names) == 1:
        where.add(None, "d.index_name = %s", names)
    else:
        where.add(None, f"d.index_name IN ({_marks(names)})", names)
    upcoming = sorted(getattr(index, "upcoming_only", ()) or ())
    if upcoming:
        where.add(
            None,
            f"(d.index_name NOT IN ({_marks(upcoming)}) OR d.id IN (SELECT dd.document_id FROM {DATE} dd"
            f" WHERE dd.date >= %s AND dd.document_id IN (SELECT e.id FROM {_doc()} e"
            f" WHERE e.index_name IN ({_marks(upcoming)}))))",
            [*upcoming, connections[read_alias()].ops.adapt_datefield_value(today), *upcoming],
        )
    where.base = len(where.parts)
    return where


def _in_index(alias, index):
    """``alias.index_name`` test for the rows of side tables (points, facet values)."""
    names = index.index_names
    if len(names) == 1:
        return f"{alias}.index_name = %s", names
    return f"{alias}.index_name IN ({_marks(names)})", names


class DatabaseBackend(SearchBackend):
    name = "database"

    @staticmethod
    def _vendor():
        return "postgresql" if connection.vendor == "postgresql" else "sqlite"

    @staticmethod
    def fts_match(parsed):
        parts = [f'"{t}"' for t in parsed.terms]
        if parsed.prefix:
            parts.append(f'"{parsed.prefix}" *')
        return " AND ".join(parts)

    @staticmethod
    def tsquery(parsed):
        parts = list(parsed.terms)
        if parsed.prefix:
            parts.append(f"{parsed.prefix}:*")
        return " & ".join(parts)

    def _where(self, index, query, parsed, today, ids=None):
        """``ids``: PostgreSQL's {'facet=value': id} of the filtered facets (``_pg_ids``)."""
        where = _base(Where(), index, today)
        source = getattr(index, "source_facet", None)
        if not parsed.is_empty:
            if self._vendor() == "postgresql":
                where.add(None, "d.tsv @@ to_tsquery('simple', %s)", [self.tsquery(parsed)])
            else:
                where.add(
                    None, "d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)", [self.fts_match(parsed)]
                )
        if query.near is not None and query.radius_km is not None:
            lat0, lat1, lon0, lon1 = bounding_box(query.near[0], query.near[1], query.radius_km)
            distance, params = _haversine_sql("p", query.near)
            in_index, names = _in_index("p", index)
            where.add(
                None,
                f"d.id IN (SELECT p.document_id FROM {POINT} p WHERE {in_index}"
                f" AND p.latitude BETWEEN %s AND %s AND p.longitude BETWEEN %s AND %s AND {distance} <= %s)",
                [*names, lat0, lat1, lon0, lon1, *params, float(query.radius_km)],
            )
        for name, values in query.filters.items():
            if source is not None and name == source.name:
                # Which member a document is in: the document row says it, nothing stored per facet.
                members = index.members_with_source(values) or ["-"]
                where.add(name, f"d.index_name IN ({_marks(members)})", members)
                continue
            if ids is not None:
                # The document's own array of facet value ids, with a GIN index: no join per filter. The ids are
                # literals, so that the planner knows how many documents they select (and can run in parallel).
                wanted = sorted({ids[f"{name}={v}"] for v in values if f"{name}={v}" in ids})
                where.add(name, "d.facet_ids && %s::int[]", [wanted])
                continue
            if len(values) == 1:
                test, params = "f.value = %s", values
            else:
                test, params = f"f.value IN ({', '.join(['%s'] * len(values))})", values
            in_index, names = _in_index("f", index)
            where.add(
                name,
                f"d.id IN (SELECT f.document_id FROM {FACET} f WHERE {in_index} AND f.facet = %s AND {test})",
                [*names, name, *params],
            )
        return where

    def _search(self, index, query, parsed, today, totals=None):
        text = not parsed.is_empty
        # Reads go where the router sends this request's reads (a replica for anonymous GETs, when configured).
        with connections[read_alias()].cursor() as cursor:
            ids = self._pg_ids(cursor, index, query) if self._vendor() == "postgresql" else None
            where = self._where(index, query, parsed, today, ids)
            if totals is not None and not where.narrowed:
                total = totals[0]  # no words, filters or radius: the whole index, counted with the totals
            else:
                cond, params = where.sql()
                cursor.execute(f"SELECT COUNT(*) FROM {_doc()} d WHERE {cond}", params)
                total = cursor.fetchone()[0]
            hits = self._page(cursor, index, query, parsed, today, where) if total else []
            facets = {}
            if query.with_facets:
                counts = self._counts(cursor, index, query, where, total, text, totals, ids)
                counts.update(self._source_counts(cursor, index, query, where, totals))
                facets = {f.name: sort_facet_counts(counts.get(f.name, {})) for f in index.facets}
        return SearchResult(hits=hits, total=total, facets=facets, suggestion=None)

    @staticmethod
    def _pg_ids(cursor, index, query):
        """{'facet=value': id} of every value of the filtered facets, in one query: the ids the filters test and
        the values their counts are split by."""
        source = getattr(index, "source_facet", None)
        names = [n for n in query.filters if source is None or n != source.name]
        if not names:
            return {}
        tests = " OR ".join(["starts_with(k.key, %s)"] * len(names))
        cursor.execute(f"SELECT k.key, k.id FROM {KEY} k WHERE {tests}", [f"{n}=" for n in names])
        return dict(cursor.fetchall())

    # --- the page ----------------------------------------------------------------------------------
    def _page(self, cursor, index, query, parsed, today, where):
        vendor = self._vendor()
        text = not parsed.is_empty
        cond, params = where.sql()
        source = f"{_doc()} d"
        if text and vendor == "postgresql":
            score, score_params = "ts_rank(d.tsv, to_tsquery('simple', %s)) * d.boost", [self.tsquery(parsed)]
        elif text:
            # bm25() needs the MATCH in the same SELECT: join the FTS table (its rowid is the document id).
            source = f"search_fts JOIN {_doc()} d ON d.id = search_fts.rowid"
            cond = f"search_fts MATCH %s AND {cond}"
            params = [self.fts_match(parsed), *params]
            score, score_params = "-bm25(search_fts, 10.0, 1.0) * d.boost", []
        else:
            score, score_params = "d.boost", []
        primary, primary_params = None, []
        if query.sort == "distance":
            distance, distance_params = _haversine_sql("p", query.near)
            primary = f"(SELECT MIN({distance}) FROM {POINT} p WHERE p.document_id = d.id)"
            primary_params = distance_params
        elif query.sort == "date":
            primary = f"(SELECT MIN(dd.date) FROM {DATE} dd WHERE dd.document_id = d.id AND dd.date >= %s)"
            primary_params = [connections[read_alias()].ops.adapt_datefield_value(today)]
        if primary:
            order = "primary_key ASC NULLS LAST, score DESC, d.object_pk"
        elif query.sort == "newest":
            order = "d.published_at DESC NULLS LAST, d.object_pk"
        elif text:
            order = "score DESC, d.object_pk"
        else:
            order = "d.boost DESC, d.published_at DESC NULLS LAST, d.object_pk"
        columns = f"d.id, d.object_pk, {score} AS score, d.index_name"
        select_params = list(score_params)
        if primary:
            columns += f", {primary} AS primary_key"
            select_params += primary_params
        cursor.execute(
            f"SELECT {columns} FROM {source} WHERE {cond} ORDER BY {order} LIMIT %s OFFSET %s",
            select_params + params + [query.per_page, query.offset],
        )
        rows = cursor.fetchall()
        distances = {}
        if query.near is not None and rows:
            if query.sort == "distance":
                distances = {row[0]: row[4] for row in rows}
            else:
                distances = self._distances(cursor, query.near, [row[0] for row in rows])
        return [
            Hit(
                pk=row[1],
                score=float(row[2] or 0.0),
                distance_km=None if query.near is None or distances.get(row[0]) is None else float(distances[row[0]]),
                index=row[3],
            )
            for row in rows
        ]

    @staticmethod
    def _distances(cursor, near, doc_ids):
        distance, params = _haversine_sql("p", near)
        marks = ", ".join(["%s"] * len(doc_ids))
        cursor.execute(
            f"SELECT p.document_id, MIN({distance}) FROM {POINT} p WHERE p.document_id IN ({marks})"
            " GROUP BY p.document_id",
            params + list(doc_ids),
        )
        return dict(cursor.fetchall())

    # --- facet counts -----------------------------------------------------------------------------
    def _counts(self, cursor, index, query, where, total, text, totals, ids=None):
        """{facet: {value: count}}; each filtered facet counted with the filters of the other facets only."""
        out = {}
        source = getattr(index, "source_facet", None)
        source_name = source.name if source is not None else None
        names = [f.name for f in index.facets if f.name != source_name]
        free = [n for n in names if n not in query.filters]
        if free:
            if not where.narrowed:
                out.update(self._all_counts(cursor, index, totals, where))
            elif totals is not None and 2 * total > totals[0]:
                # Most of the index matches: the totals minus the few documents that do not.
                cond, params = where.sql()
                base, base_params = where.base_sql()
                rest = self._group(cursor, index, f"{base} AND NOT ({cond})", [*base_params, *params])
                for facet, values in totals[1].items():
                    if facet == source_name:
                        continue
                    minus = rest.get(facet, {})
                    out[facet] = {v: c - minus.get(v, 0) for v, c in values.items()}
            else:
                cond, params = where.sql()
                out.update(self._group(cursor, index, cond, params))
        for name in query.filters:
            if name == source_name:
                continue
            cond, params = where.sql(without=name)
            if ids is not None:
                prefix = f"{name}="
                found = {k[len(prefix) :]: i for k, i in ids.items() if k.startswith(prefix)}
                if totals is not None:  # only the values this index holds
                    found = {v: i for v, i in found.items() if v in totals[1].get(name, {})}
                if len(found) <= MAX_FILTER_COLUMNS:
                    out[name] = self._pg_facet_values(cursor, cond, params, found)
                    continue
            out[name] = self._group(cursor, index, cond, params, facet=name).get(name, {})
        return out

    def _source_counts(self, cursor, index, query, where, totals):
        """A combined index's source facet: documents per member, with the other filters."""
        source = getattr(index, "source_facet", None)
        if source is None:
            return {}
        if not where.narrowed and totals is not None and source.name in totals[1]:
            return {source.name: dict(totals[1][source.name])}
        cond, params = where.sql(without=source.name)
        cursor.execute(f"SELECT d.index_name, COUNT(*) FROM {_doc()} d WHERE {cond} GROUP BY d.index_name", params)
        counts = {}
        for name, n in cursor.fetchall():
            value = index.source_values.get(name)
            if value:
                counts[value] = counts.get(value, 0) + n
        return {source.name: counts}

    def _group(self, cursor, index, cond, params, facet=None):
        if self._vendor() == "postgresql":
            # Unnest the matching documents' own arrays of facet value ids (the rows that the count visits
            # anyway, no lookup per document in the facet table), then name the few counted ids.
            only = f" WHERE u.k IN (SELECT k.id FROM {KEY} k WHERE starts_with(k.key, %s))" if facet else ""
            cursor.execute(
                f"SELECT k.key, s.n FROM (SELECT u.k, COUNT(*) AS n FROM"
                f" (SELECT unnest(d.facet_ids) AS k FROM {_doc()} d WHERE {cond}) u{only} GROUP BY u.k) s"
                f" JOIN {KEY} k ON k.id = s.k",
                [*params, *([f"{facet}="] if facet else [])],
            )
            out = {}
            for key, count in cursor.fetchall():
                name, value = key.split("=", 1)
                out.setdefault(name, {})[value] = count
            return out
        # The documents decide the index: no index_name test on the facet rows, so that they are read from the
        # (document, facet, value) index alone, without visiting the table.
        only = "f.facet = %s AND " if facet else ""
        cursor.execute(
            f"SELECT f.facet, f.value, COUNT(*) FROM {FACET} f"
            f" WHERE {only}f.document_id IN (SELECT d.id FROM {_doc()} d WHERE {cond})"
            " GROUP BY f.facet, f.value",
            [*([facet] if facet else []), *params],
        )
        out = {}
        for name, value, count in cursor.fetchall():
            out.setdefault(name, {})[value] = count
        return out

    @staticmethod
    def _pg_facet_values(cursor, cond, params, ids):
        """{value: count} of one filtered facet (``ids``: {value: id}) as one ``COUNT(*) FILTER`` per value: a
        filtered facet is counted over the documents that match the other filters (often most of the index),
        where unnesting every document's whole array and grouping it costs several times more. The ids are
        literals, so that the planner can split the count over parallel workers."""
        if not ids:
            return {}
        values = list(ids)
        column = "COUNT(*) FILTER (WHERE %s = ANY(d.facet_ids))"
        cursor.execute(
            f"SELECT {', '.join([column] * len(values))} FROM {_doc()} d WHERE {cond}", [*ids.values(), *params]
        )
        return {v: n for v, n in zip(values, cursor.fetchone(), strict=True) if n}

    def _all_counts(self, cursor, index, totals, where):
        if totals is not None:
            return {facet: dict(values) for facet, values in totals[1].items()}
        if index.is_combined or self._vendor() == "postgresql":
            base, params = where.base_sql()
            return self._group(cursor, index, base, params)
        cursor.execute(
            f"SELECT f.facet, f.value, COUNT(*) FROM {FACET} f WHERE f.index_name = %s GROUP BY f.facet, f.value",
            [index.name],
        )
        out = {}
        for name, value, count in cursor.fetchall():
            out.setdefault(name, {})[value] = count
        return out

    def totals(self, index, today=None):
        """(documents, {facet: {value: count}}) over the whole index: what the shared cache keeps per version
        (a combined index with upcoming-only members: per day too)."""
        where = _base(Where(), index, today or timezone.localdate())
        base, params = where.base_sql()
        with connections[read_alias()].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM {_doc()} d WHERE {base}", params)
            documents = cursor.fetchone()[0]
            counts = self._all_counts(cursor, index, None, where)
            source = getattr(index, "source_facet", None)
            if source is not None:
                counts.update(self._source_counts(cursor, index, SearchQuery(), where, None))
            return documents, counts

    # --- maintenance ------------------------------------------------------------------------------
    def rebuild(self, index, documents, progress=None):
        from .. import store

        return store.replace_all(index, documents, progress=progress)

    def count(self, index):
        from ..models import IndexedDocument

        return IndexedDocument.objects.filter(index_name__in=index.index_names).count()
