"""In-process facet counting for the database backend (numpy).

Counting facet values with GROUP BY over ``search_documentfacet`` costs a row visit per (document,
value): about two million rows for a broad query at 100,000 offers, tens of seconds on SQLite. This
keeps, per process and per index, the same rows as two integer columns (document position, value code)
and counts a candidate set with one ``bincount``. It reads the very same table, so the counts are the
ones the GROUP BY gives.

Freshness: before each use the matrix compares the index's signature (highest document id, number of
documents) with the one it was loaded at. Documents are only ever inserted with a new, higher id
(``store._reserve_ids``) and deleted, so new rows are appended by id and deletions are found by
comparing the id list; a full reload happens only when more than half of the rows are dead.
"""

import math
import threading
from datetime import date

import numpy as np
from django.db import connection

from ...geo.services import bounding_box, haversine_km_array


class FacetMatrix:
    def __init__(self, index_name):
        self.index_name = index_name
        self.lock = threading.Lock()
        self.signature = None
        self._reset()

    def _reset(self):
        self.ids = np.empty(0, dtype=np.int64)  # document ids, ascending = positions
        self.object_pk = np.empty(0, dtype=np.int64)
        self.boost = np.empty(0, dtype=np.float64)
        self.published = np.empty(0, dtype=np.float64)  # a sortable number per vendor; -inf when none
        self.alive = np.empty(0, dtype=bool)
        # Per facet, one row per (document, value): document position and value code. Kept apart per facet
        # so that filtering on a facet, or counting one facet, reads only that facet's rows.
        self.facet_rows = {}  # facet -> (positions, codes)
        # The same rows once more, all facets together in document order: the codes of the document at
        # position p are doc_codes[row_start[p]:row_start[p + 1]]. Counting a few documents reads only theirs.
        self.doc_codes = np.empty(0, dtype=np.int64)
        self.row_start = np.zeros(1, dtype=np.int64)
        self._totals = None  # counts per code over every live document, until the next change
        self._orders = {}  # "rank"/"newest" -> every position in that order, until the next change
        self.pt_pos = np.empty(0, dtype=np.int64)  # one row per point: document position, lat, lon
        self.pt_lat = np.empty(0, dtype=np.float64)
        self.pt_lon = np.empty(0, dtype=np.float64)
        self.dt_pos = np.empty(0, dtype=np.int64)  # one row per date: document position, ordinal
        self.dt_ord = np.empty(0, dtype=np.int64)
        self.tok_pos = np.empty(0, dtype=np.int32)  # one row per analysed token: document position, term, in title
        self.tok_term = np.empty(0, dtype=np.int32)
        self.tok_title = np.empty(0, dtype=bool)
        self.doc_len = np.empty(0, dtype=np.float64)  # tokens in title + body
        self.term_ids = {}  # analysed term -> id
        self._sorted_terms = None  # (terms sorted, their ids) for prefix lookups; rebuilt after new terms
        self._postings = None  # (token rows sorted by term, start per term, tokens covered)
        self.codes = {}  # (facet, value) -> code
        self.labels = []  # code -> (facet, value)
        self.max_id = 0
        self.anchor = None  # indexed_at of the row max_id: proves the loaded prefix is still the same

    def _code(self, facet, value):
        key = (facet, value)
        code = self.codes.get(key)
        if code is None:
            code = self.codes[key] = len(self.labels)
            self.labels.append(key)
        return code

    def refresh(self):
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT MAX(id), COUNT(*) FROM search_indexeddocument WHERE index_name = %s", [self.index_name]
            )
            max_id, count = cursor.fetchone()
            anchor = None
            if self.max_id:
                # A rolled-back insert can give its id to another document: then the anchor differs.
                cursor.execute("SELECT indexed_at FROM search_indexeddocument WHERE id = %s", [self.max_id])
                row = cursor.fetchone()
                anchor = row[0] if row else None
            signature = (max_id or 0, count, anchor)
            if signature == self.signature:
                return
            with self.lock:
                dead = len(self.alive) - int(self.alive.sum())
                if (self.max_id and anchor != self.anchor) or dead > max(1000, len(self.alive) // 2):
                    self._reset()
                self._append(cursor)
                if int(self.alive.sum()) != count:
                    cursor.execute(
                        "SELECT id FROM search_indexeddocument WHERE index_name = %s ORDER BY id", [self.index_name]
                    )
                    current = np.fromiter((r[0] for r in cursor.fetchall()), dtype=np.int64)
                    self.alive = np.isin(self.ids, current)
                if self.max_id:
                    cursor.execute("SELECT indexed_at FROM search_indexeddocument WHERE id = %s", [self.max_id])
                    self.anchor = cursor.fetchone()[0]
                self.signature = (max_id or 0, count, self.anchor)
                self._totals, self._orders = None, {}

    def _append(self, cursor):
        when = "julianday(published_at)" if connection.vendor == "sqlite" else "EXTRACT(EPOCH FROM published_at)"
        cursor.execute(
            f"SELECT id, object_pk, boost, {when}, title_terms, body_terms FROM search_indexeddocument"
            " WHERE index_name = %s AND id > %s ORDER BY id",
            [self.index_name, self.max_id],
        )
        docs = cursor.fetchall()
        if not docs:
            return
        self._append_terms(len(self.ids), [(r[4] or "", r[5] or "") for r in docs])
        new_ids = np.fromiter((r[0] for r in docs), dtype=np.int64, count=len(docs))
        self.object_pk = np.concatenate([self.object_pk, np.fromiter((r[1] for r in docs), dtype=np.int64)])
        self.boost = np.concatenate([self.boost, np.fromiter((r[2] for r in docs), dtype=np.float64)])
        published = np.fromiter((-np.inf if r[3] is None else float(r[3]) for r in docs), dtype=np.float64)
        self.published = np.concatenate([self.published, published])
        cursor.execute(
            "SELECT document_id, facet, value FROM search_documentfacet WHERE index_name = %s AND document_id > %s",
            [self.index_name, self.max_id],
        )
        rows = cursor.fetchall()
        doc = np.fromiter((r[0] for r in rows), dtype=np.int64, count=len(rows))
        val = np.fromiter((self._code(r[1], r[2]) for r in rows), dtype=np.int64, count=len(rows))
        self.ids = np.concatenate([self.ids, new_ids])
        self.alive = np.concatenate([self.alive, np.ones(len(new_ids), dtype=bool)])
        pos = np.searchsorted(self.ids, doc)
        keep = (pos < len(self.ids)) & (self.ids[np.minimum(pos, len(self.ids) - 1)] == doc)
        pos, val = pos[keep], val[keep]
        in_order = np.argsort(pos, kind="stable")
        self.doc_codes = np.concatenate([self.doc_codes, val[in_order]])
        per_doc = np.bincount(pos - (len(self.ids) - len(new_ids)), minlength=len(new_ids))
        self.row_start = np.concatenate([self.row_start, self.row_start[-1] + np.cumsum(per_doc)])
        # Split the rows by facet with integer compares (an object array of names costs seconds at 2M rows).
        names = sorted({facet for facet, _value in self.labels})
        number = {facet: i for i, facet in enumerate(names)}
        facet_of_row = np.array([number[facet] for facet, _value in self.labels], dtype=np.int64)[val]
        for i, facet in enumerate(names):
            mine = facet_of_row == i
            if not mine.any():
                continue
            old_pos, old_val = self.facet_rows.get(facet, (np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)))
            self.facet_rows[facet] = (np.concatenate([old_pos, pos[mine]]), np.concatenate([old_val, val[mine]]))
        cursor.execute(
            "SELECT document_id, latitude, longitude FROM search_documentpoint"
            " WHERE index_name = %s AND document_id > %s",
            [self.index_name, self.max_id],
        )
        points = cursor.fetchall()
        self.pt_pos = np.concatenate([self.pt_pos, np.searchsorted(self.ids, [r[0] for r in points]).astype(np.int64)])
        self.pt_lat = np.concatenate([self.pt_lat, np.array([r[1] for r in points], dtype=np.float64)])
        self.pt_lon = np.concatenate([self.pt_lon, np.array([r[2] for r in points], dtype=np.float64)])
        cursor.execute(
            "SELECT dd.document_id, dd.date FROM search_documentdate dd"
            " JOIN search_indexeddocument d ON d.id = dd.document_id WHERE d.index_name = %s AND d.id > %s",
            [self.index_name, self.max_id],
        )
        dates = cursor.fetchall()
        self.dt_pos = np.concatenate([self.dt_pos, np.searchsorted(self.ids, [r[0] for r in dates]).astype(np.int64)])
        ordinals = [(date.fromisoformat(d) if isinstance(d, str) else d).toordinal() for _, d in dates]
        self.dt_ord = np.concatenate([self.dt_ord, np.array(ordinals, dtype=np.int64)])
        self.max_id = int(new_ids[-1])

    def _append_terms(self, first_position, texts):
        positions, terms, in_title, lengths = [], [], [], []
        ids = self.term_ids
        for offset, (title, body) in enumerate(texts):
            title_tokens, body_tokens = title.split(), body.split()
            tokens = title_tokens + body_tokens
            positions.extend([first_position + offset] * len(tokens))
            terms.extend([ids.setdefault(t, len(ids)) for t in tokens])
            in_title.extend([True] * len(title_tokens) + [False] * len(body_tokens))
            lengths.append(len(tokens))
        self.tok_pos = np.concatenate([self.tok_pos, np.array(positions, dtype=np.int32)])
        self.tok_term = np.concatenate([self.tok_term, np.array(terms, dtype=np.int32)])
        self.tok_title = np.concatenate([self.tok_title, np.array(in_title, dtype=bool)])
        self.doc_len = np.concatenate([self.doc_len, np.array(lengths, dtype=np.float64)])
        self._sorted_terms = None

    def _ids_of(self, term, prefix=False):
        if not prefix:
            return [self.term_ids[term]] if term in self.term_ids else []
        if self._sorted_terms is None:
            ordered = sorted(self.term_ids)
            self._sorted_terms = (np.array(ordered), np.array([self.term_ids[t] for t in ordered], dtype=np.int32))
        terms, ids = self._sorted_terms
        # Tokens are [a-z0-9]+, so every token with this prefix sorts before prefix + "{".
        return ids[np.searchsorted(terms, term) : np.searchsorted(terms, term + "{")].tolist()

    def bm25(self, parsed):
        """BM25 per position for the words of a query, with SQLite FTS5's formula (title weight 10, body 1,
        k1 1.2, b 0.75; a word in most documents weighs 1e-6) over this index's documents.

        Ranking here rather than in SQL: FTS5's bm25() and PostgreSQL's ts_rank() score every matching row,
        which for a broad word is every document (about 300 ms at 100,000 offers on SQLite), and both SQL
        engines now rank alike. The SQL engine still decides which documents match."""
        k1, b = 1.2, 0.75
        scores = np.zeros(len(self.ids), dtype=np.float64)
        n_docs = int(self.alive.sum())
        if not n_docs:
            return scores
        average = float(self.doc_len[self.alive].mean()) or 1.0
        norm = k1 * (1 - b + b * self.doc_len / average)
        phrases = [self._ids_of(t) for t in parsed.terms]
        if parsed.prefix:
            phrases.append(self._ids_of(parsed.prefix, prefix=True))
        for ids in phrases:
            if not ids:
                continue
            hit = self._token_rows(ids)
            weights = np.where(self.tok_title[hit], 10.0, 1.0)
            freq = np.bincount(self.tok_pos[hit], weights=weights, minlength=len(self.ids))
            n_hit = int(np.count_nonzero((freq > 0) & self.alive))
            idf = max(math.log((n_docs - n_hit + 0.5) / (n_hit + 0.5)), 1e-6)
            scores += idf * freq * (k1 + 1) / (freq + norm)
        return scores

    def _token_rows(self, ids):
        """The token rows of these term ids, in their stored order per term: from postings (the rows
        sorted by term, built once) plus a scan of the rows appended since, rebuilt when those grow."""
        with self.lock:  # the caches are built from the same arrays refresh() replaces under this lock
            covered = 0 if self._postings is None else self._postings[2]
            if self._postings is None or len(self.tok_term) - covered > max(100_000, covered // 10):
                order = np.argsort(self.tok_term, kind="stable")
                start = np.searchsorted(self.tok_term[order], np.arange(len(self.term_ids) + 1))
                self._postings = (order, start, len(self.tok_term))
            order, start, covered = self._postings
        rows = [order[start[i] : start[i + 1]] for i in ids if i + 1 < len(start)]
        tail = self.tok_term[covered:]
        rows.append(covered + np.flatnonzero(np.isin(tail, ids)))
        return np.concatenate(rows)

    # --- masks over document positions -------------------------------------------------------------
    def all_mask(self):
        return self.alive.copy()

    def mask_of_ids(self, doc_ids):
        mask = np.zeros(len(self.ids), dtype=bool)
        doc_ids = np.asarray(doc_ids, dtype=np.int64)
        if len(doc_ids) and len(self.ids):
            pos = np.searchsorted(self.ids, doc_ids)
            pos = np.minimum(pos, len(self.ids) - 1)
            mask[pos[self.ids[pos] == doc_ids]] = True
        return mask & self.alive

    def mask_of_values(self, facet, values):
        codes = [self.codes[(facet, v)] for v in values if (facet, v) in self.codes]
        mask = np.zeros(len(self.ids), dtype=bool)
        if codes and facet in self.facet_rows:
            positions, row_codes = self.facet_rows[facet]
            mask[positions[row_codes == codes[0] if len(codes) == 1 else np.isin(row_codes, codes)]] = True
        return mask & self.alive

    def page(self, mask, offset, limit, scores=None):
        """(object pk, score, position) of one page: by score (desc) when given, else boost and newest; then pk."""
        if scores is None:
            return self._in_order("rank", mask, offset, limit)
        pos = np.flatnonzero(mask)
        score_out = scores[pos]
        order = first_in_order((self.object_pk[pos], -score_out), offset + limit)[offset:]
        return [(int(self.object_pk[pos[i]]), float(score_out[i]), int(pos[i])) for i in order]

    def newest(self, mask, offset, limit):
        return self._in_order("newest", mask, offset, limit)

    def _in_order(self, name, mask, offset, limit):
        pos = self._first_in(self._order(name), mask, offset + limit)[offset:]
        return [(int(self.object_pk[p]), float(self.boost[p]), int(p)) for p in pos]

    def _order(self, name):
        """Every position in a fixed order, sorted once per change of the index: "rank" is boost, then
        newest, then pk; "newest" is newest, then pk. Pages without text read it from the front."""
        with self.lock:
            order = self._orders.get(name)
            if order is None:
                keys = (self.object_pk, -self.published) + ((-self.boost,) if name == "rank" else ())
                order = self._orders[name] = np.lexsort(keys)
            return order

    @staticmethod
    def _first_in(order, mask, k, chunk=8192):
        """The first k positions of ``order`` that are in mask, reading the order a chunk at a time."""
        found, need = [], k
        for start in range(0, len(order), chunk):
            part = order[start : start + chunk]
            hit = part[mask[part]]
            found.append(hit)
            need -= len(hit)
            if need <= 0:
                break
        return np.concatenate(found)[:k] if found else np.empty(0, dtype=np.int64)

    def distances(self, near, within_km=None):
        """Nearest-point great-circle distance (km) per live position (inf without a location). With
        ``within_km`` only points in the bounding box of that radius are measured (the others stay inf)."""
        dist = np.full(len(self.ids), np.inf)
        rows = self.alive[self.pt_pos]
        if within_km is not None:
            lat0, lat1, lon0, lon1 = bounding_box(near[0], near[1], within_km)
            rows &= (self.pt_lat >= lat0) & (self.pt_lat <= lat1) & (self.pt_lon >= lon0) & (self.pt_lon <= lon1)
        km = haversine_km_array(near[0], near[1], self.pt_lat[rows], self.pt_lon[rows])
        np.minimum.at(dist, self.pt_pos[rows], km)
        return dist

    def next_dates(self, today, mask):
        """The first date on or after today per position (inf without one), for mask only."""
        nxt = np.full(len(self.ids), np.inf)
        rows = mask[self.dt_pos] & (self.dt_ord >= today.toordinal())
        np.minimum.at(nxt, self.dt_pos[rows], self.dt_ord[rows].astype(np.float64))
        return nxt

    def ordered(self, mask, primary, scores, offset, limit):
        """A page ordered by primary ascending (inf last), then score descending, then object pk."""
        pos = np.flatnonzero(mask)
        order = first_in_order((self.object_pk[pos], -scores[pos], primary[pos]), offset + limit)[offset:]
        return [(int(self.object_pk[pos[i]]), float(scores[pos[i]]), int(pos[i])) for i in order]

    def counts(self, mask, facets):
        """{facet: {value: count}} for the documents in mask, only for the given facets."""
        out = {name: {} for name in facets}
        if len(facets) == 1:
            # One facet (counted with the other facets' filters): a pass over that facet's rows.
            name = facets[0]
            if name in self.facet_rows:
                positions, codes = self.facet_rows[name]
                totals = np.bincount(codes[mask[positions]], minlength=len(self.labels))
            else:
                totals = np.zeros(0, dtype=np.int64)
        elif 2 * int(mask.sum()) > int(self.alive.sum()):
            # Most documents: the totals minus the few others.
            with self.lock:
                if self._totals is None:
                    self._totals = self._code_counts(self.alive)
                everything = self._totals
            totals = everything - self._code_counts(self.alive & ~mask)
        else:
            totals = self._code_counts(mask)
        for code in np.flatnonzero(totals):
            facet, value = self.labels[code]
            if facet in out:
                out[facet][value] = int(totals[code])
        return out

    def _code_counts(self, mask):
        """Documents per value code over the documents in mask, reading only their rows."""
        pos = np.flatnonzero(mask)
        first, last = self.row_start[pos], self.row_start[pos + 1]
        lengths = last - first
        # The row numbers first[i] .. last[i] - 1 of every document, end to end.
        rows = np.repeat(first - np.concatenate([[0], np.cumsum(lengths)[:-1]]), lengths) + np.arange(lengths.sum())
        return np.bincount(self.doc_codes[rows], minlength=len(self.labels))


def first_in_order(keys, k):
    """The first k indices of ``np.lexsort(keys)`` (the last key sorts first) without sorting everything:
    keep what lies before the k-th value of the primary key, settle the ties at it by the next key, and
    sort only those. A page of 20 out of 100,000 documents sorts a few dozen. Keys hold no NaN."""
    n = len(keys[-1])
    if n <= 4 * k:
        return np.lexsort(keys)[:k]
    chosen = _candidates(keys, np.arange(n), k)
    return chosen[np.lexsort(tuple(key[chosen] for key in keys))[:k]]


def _candidates(keys, idx, k):
    """A subset of idx that holds its first k in lexsort order."""
    if len(idx) <= k:
        return idx
    primary = keys[-1][idx]
    kth = np.partition(primary, k - 1)[k - 1]
    before, tied = idx[primary < kth], idx[primary == kth]
    if len(keys) > 1:
        tied = _candidates(keys[:-1], tied, k - len(before))
    return np.concatenate([before, tied])


_matrices = {}
_guard = threading.Lock()


def matrix_for(index_name):
    key = (connection.alias, connection.settings_dict.get("NAME"), index_name)
    with _guard:
        matrix = _matrices.get(key)
        if matrix is None:
            matrix = _matrices[key] = FacetMatrix(index_name)
    matrix.refresh()
    return matrix


def forget_all():
    with _guard:
        _matrices.clear()
