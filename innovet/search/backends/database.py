"""Database backend: SQLite FTS5 (embedded default) or PostgreSQL full text with a GIN index.

Both run the same SQL over the generic index tables of this app, with only the full-text clause and
its score differing per vendor. Facet counts and totals come from ``facetmatrix`` (the rows of
``search_documentfacet`` held as numpy columns per process), so both SQL engines count the same way
and a broad query does not visit two million rows in SQL.
"""

import numpy as np
from django.db import connection

from ...geo.services import haversine_km
from ..query import Hit, SearchResult, sort_facet_counts
from .base import SearchBackend
from .facetmatrix import matrix_for

EARTH_KM = 6371.0088


def _haversine_sql(alias):
    return (
        f"(2 * {EARTH_KM} * asin(sqrt("
        f"power(sin(radians({alias}.latitude - %s) / 2), 2)"
        f" + cos(radians(%s)) * cos(radians({alias}.latitude)) * power(sin(radians({alias}.longitude - %s) / 2), 2)"
        f")))"
    )


def bounding_box(lat, lon, radius_km):
    from ...geo.services import bounding_box as bb

    return bb(lat, lon, radius_km)


class DatabaseBackend(SearchBackend):
    name = "database"

    def _vendor(self):
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

    def _where(self, index, query, parsed, exclude_facet=None, with_text=True):
        parts = ["d.index_name = %s"]
        params = [index.name]
        if with_text and not parsed.is_empty:
            if self._vendor() == "postgresql":
                parts.append("d.tsv @@ to_tsquery('simple', %s)")
                params.append(self.tsquery(parsed))
            else:
                parts.append("d.id IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)")
                params.append(self.fts_match(parsed))
        for name, values in sorted(query.filters.items()):
            if name == exclude_facet:
                continue
            marks = ", ".join(["%s"] * len(values))
            parts.append(
                "d.id IN (SELECT f.document_id FROM search_documentfacet f"
                f" WHERE f.index_name = %s AND f.facet = %s AND f.value IN ({marks}))"
            )
            params += [index.name, name, *values]
        if query.near is not None and query.radius_km is not None:
            lat, lon = query.near
            min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, query.radius_km)
            parts.append(
                "d.id IN (SELECT p.document_id FROM search_documentpoint p WHERE p.index_name = %s"
                " AND p.latitude BETWEEN %s AND %s AND p.longitude BETWEEN %s AND %s"
                f" AND {_haversine_sql('p')} <= %s)"
            )
            params += [index.name, min_lat, max_lat, min_lon, max_lon, lat, lat, lon, query.radius_km]
        return " AND ".join(parts), params

    def _search(self, index, query, parsed, today):
        vendor = self._vendor()
        text = not parsed.is_empty
        matrix = matrix_for(index.name)
        with connection.cursor() as cursor:
            base = matrix.all_mask()
            scores = None
            if text:
                # Every match with its text score, once; ranking and counting then happen in numpy.
                if vendor == "postgresql":
                    tsquery = self.tsquery(parsed)
                    cursor.execute(
                        "SELECT id, ts_rank(tsv, to_tsquery('simple', %s)) FROM search_indexeddocument"
                        " WHERE index_name = %s AND tsv @@ to_tsquery('simple', %s)",
                        [tsquery, index.name, tsquery],
                    )
                else:
                    cursor.execute(
                        "SELECT rowid, -bm25(search_fts, 10.0, 1.0) FROM search_fts WHERE search_fts MATCH %s",
                        [self.fts_match(parsed)],
                    )
                rows = cursor.fetchall()
                pos, found = matrix.positions_of_ids([r[0] for r in rows])
                text_mask = np.zeros(len(matrix.ids), dtype=bool)
                text_mask[pos[found]] = True
                base &= text_mask
                scores = np.zeros(len(matrix.ids), dtype=np.float64)
                scores[pos[found]] = np.fromiter((float(r[1]) for r in rows), dtype=np.float64)[found]
                scores *= matrix.boost
            if query.near is not None and query.radius_km is not None:
                lat, lon = query.near
                min_lat, max_lat, min_lon, max_lon = bounding_box(lat, lon, query.radius_km)
                cursor.execute(
                    "SELECT DISTINCT p.document_id FROM search_documentpoint p WHERE p.index_name = %s"
                    " AND p.latitude BETWEEN %s AND %s AND p.longitude BETWEEN %s AND %s"
                    f" AND {_haversine_sql('p')} <= %s",
                    [index.name, min_lat, max_lat, min_lon, max_lon, lat, lat, lon, query.radius_km],
                )
                base &= matrix.mask_of_ids([r[0] for r in cursor.fetchall()])
            filter_masks = {name: matrix.mask_of_values(name, values) for name, values in query.filters.items()}
            full = base.copy()
            for mask in filter_masks.values():
                full &= mask
            total = int(full.sum())
            if not total:
                hits = []
            elif query.sort in ("relevance", "newest"):
                if query.sort == "relevance":
                    page = matrix.page(full, query.offset, query.per_page, scores)
                else:
                    page = matrix.newest(full, query.offset, query.per_page)
                distances = self._distances(cursor, [p[2] for p in page], query.near) if query.near else {}
                hits = [Hit(pk=pk, score=score, distance_km=distances.get(doc_id)) for pk, score, doc_id in page]
            else:
                hits = self._hits(cursor, index, query, parsed, today, vendor, text)
        facets = {}
        if query.with_facets:
            # Each facet counted with the filters of the other facets (so the user can widen it).
            free = [f.name for f in index.facets if f.name not in filter_masks]
            counts = matrix.counts(full, free) if free else {}
            for name in filter_masks:
                others = base.copy()
                for other, mask in filter_masks.items():
                    if other != name:
                        others &= mask
                counts.update(matrix.counts(others, [name]))
            facets = {f.name: sort_facet_counts(counts.get(f.name, {})) for f in index.facets}
        return SearchResult(hits=hits, total=total, facets=facets, suggestion=None)

    def _hits(self, cursor, index, query, parsed, today, vendor, text):
        select_params, from_params = [], []
        if text and vendor == "sqlite":
            source = "search_fts JOIN search_indexeddocument d ON d.id = search_fts.rowid"
            text_clause = "search_fts MATCH %s AND "
            from_params.append(self.fts_match(parsed))
            score = "(-bm25(search_fts, 10.0, 1.0) * d.boost)"
            where, where_params = self._where(index, query, parsed, with_text=False)
        elif text:
            source = "search_indexeddocument d"
            text_clause = ""
            score = "(ts_rank(d.tsv, to_tsquery('simple', %s)) * d.boost)"
            select_params.append(self.tsquery(parsed))
            where, where_params = self._where(index, query, parsed)
        else:
            source = "search_indexeddocument d"
            text_clause = ""
            score = "d.boost"
            where, where_params = self._where(index, query, parsed)

        extra_select, extra_params = "", []
        if query.sort == "relevance":
            order = "score DESC, d.object_pk ASC"
            if not text:
                order = "score DESC, d.published_at DESC NULLS LAST, d.object_pk ASC"
        elif query.sort == "newest":
            order = "d.published_at DESC NULLS LAST, d.object_pk ASC"
        elif query.sort == "date":
            extra_select = (
                ", (SELECT MIN(dd.date) FROM search_documentdate dd WHERE dd.document_id = d.id AND dd.date >= %s)"
                " AS next_date"
            )
            extra_params = [today]
            order = "next_date ASC NULLS LAST, score DESC, d.object_pk ASC"
        else:  # distance
            lat, lon = query.near
            extra_select = (
                f", (SELECT MIN({_haversine_sql('p')}) FROM search_documentpoint p WHERE p.document_id = d.id)"
                " AS distance"
            )
            extra_params = [lat, lat, lon]
            order = "distance ASC NULLS LAST, score DESC, d.object_pk ASC"
        sql = (
            f"SELECT d.id, d.object_pk, {score} AS score{extra_select} FROM {source}"
            f" WHERE {text_clause}{where} ORDER BY {order} LIMIT %s OFFSET %s"
        )
        cursor.execute(sql, select_params + extra_params + from_params + where_params + [query.per_page, query.offset])
        rows = cursor.fetchall()
        distances = self._distances(cursor, [r[0] for r in rows], query.near) if query.near else {}
        return [Hit(pk=r[1], score=float(r[2]), distance_km=distances.get(r[0])) for r in rows]

    @staticmethod
    def _distances(cursor, doc_ids, near):
        if not doc_ids:
            return {}
        marks = ", ".join(["%s"] * len(doc_ids))
        cursor.execute(
            f"SELECT document_id, latitude, longitude FROM search_documentpoint WHERE document_id IN ({marks})",
            doc_ids,
        )
        out = {}
        for doc_id, lat, lon in cursor.fetchall():
            d = haversine_km(near[0], near[1], lat, lon)
            if doc_id not in out or d < out[doc_id]:
                out[doc_id] = d
        return out

    def rebuild(self, index, documents, progress=None):
        from .. import store

        return store.replace_all(index, documents, progress=progress)

    def count(self, index):
        from ..models import IndexedDocument

        return IndexedDocument.objects.filter(index_name=index.name).count()
