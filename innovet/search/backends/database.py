"""Database backend: SQLite FTS5 (embedded default) or PostgreSQL full text with a GIN index.

The SQL engine decides which documents match the words. Ranking (BM25, FTS5's formula), facet counts,
filters, totals, distances, next dates and the ordering of the page come from ``facetmatrix``: the rows
of this app's generic index tables held as numpy columns per process, so both SQL engines rank and count
the same way, and a broad query neither scores every row in SQL nor visits two million facet rows."""

from itertools import chain

import numpy as np
from django.db import connection

from ..query import Hit, SearchResult, sort_facet_counts
from .base import SearchBackend
from .facetmatrix import matrix_for


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

    def _search(self, index, query, parsed, today):
        vendor = self._vendor()
        text = not parsed.is_empty
        matrix = matrix_for(index.name)
        with connection.cursor() as cursor:
            base = matrix.all_mask()
            scores = None
            if text:
                # The SQL engine finds the matches; they are ranked in numpy (``FacetMatrix.bm25``).
                if vendor == "postgresql":
                    cursor.execute(
                        "SELECT id FROM search_indexeddocument"
                        " WHERE index_name = %s AND tsv @@ to_tsquery('simple', %s)",
                        [index.name, self.tsquery(parsed)],
                    )
                else:
                    cursor.execute("SELECT rowid FROM search_fts WHERE search_fts MATCH %s", [self.fts_match(parsed)])
                ids = np.fromiter(chain.from_iterable(cursor.fetchall()), dtype=np.int64)
                base &= matrix.mask_of_ids(ids)
                scores = matrix.bm25(parsed) * matrix.boost
            dist = None
            if query.near is not None:
                dist = matrix.distances(query.near, query.radius_km)
                if query.radius_km is not None:
                    base &= dist <= query.radius_km
            filter_masks = {name: matrix.mask_of_values(name, values) for name, values in query.filters.items()}
            full = base.copy()
            for mask in filter_masks.values():
                full &= mask
            total = int(full.sum())
            if not total:
                page = []
            elif query.sort == "relevance":
                page = matrix.page(full, query.offset, query.per_page, scores)
            elif query.sort == "newest":
                page = matrix.newest(full, query.offset, query.per_page)
            else:
                rank = scores if scores is not None else matrix.boost
                primary = dist if query.sort == "distance" else matrix.next_dates(today, full)
                page = matrix.ordered(full, primary, rank, query.offset, query.per_page)
            if dist is None:
                hits = [Hit(pk=pk, score=score) for pk, score, _position in page]
            else:
                hits = [
                    Hit(pk=pk, score=score, distance_km=None if np.isinf(dist[p]) else float(dist[p]))
                    for pk, score, p in page
                ]
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

    def rebuild(self, index, documents, progress=None):
        from .. import store

        return store.replace_all(index, documents, progress=progress)

    def count(self, index):
        from ..models import IndexedDocument

        return IndexedDocument.objects.filter(index_name=index.name).count()
