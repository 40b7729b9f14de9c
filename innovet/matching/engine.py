"""The match scorer: deterministic, vectorised (numpy), independent of the database.

A need and its candidates (catalogue offers, partners' willingness, other schools' needs) are described
by specs made of taxonomy *codes* (see ``NeedSpec`` and ``CandidateSpec``). ``CandidateIndex`` turns a
list of candidate specs into column arrays once; ``CandidateIndex.top(need, k)`` then

1. pre-filters candidates that share at least one main theme with the need (an inverted index per main
   theme) and that lie within the travel distance of the need and the reach of the partner;
2. scores the remaining candidates with array arithmetic, factor by factor;
3. sorts by (score desc, id asc) — ties are always broken the same way — and explains the top k in
   Dutch, factor by factor.

The weights of each factor per kind of suggestion are in ``WEIGHTS``; a factor's points are its weight
times a fit between 0 and 1. The total is out of 100.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date

import numpy as np

OFFER, PARTNER, SCHOOL = "aanbod", "partner", "school"

# Factor weights per kind of suggestion (each row adds up to 100).
WEIGHTS = {
    OFFER: {
        "thema": 40,
        "domein": 10,
        "graad": 5,
        "vorm": 12,
        "afstand": 10,
        "periode": 5,
        "kost": 8,
        "team": 5,
        "actualiteit": 5,
    },
    PARTNER: {"thema": 40, "domein": 10, "vorm": 20, "afstand": 12, "capaciteit": 8, "team": 5, "actualiteit": 5},
    SCHOOL: {"thema": 45, "domein": 12, "graad": 8, "afstand": 20, "periode": 5, "team": 5, "actualiteit": 5},
}
# A theme of the same family (e.g. zonnepanelen for a need about warmtepompen) earns this share of the
# theme's weight: related, but clearly below an exact match.
FAMILY_CREDIT = 0.25

FACTOR_NAMES = {
    "thema": "Thema",
    "domein": "Studiedomein",
    "graad": "Graad",
    "vorm": "Vorm",
    "afstand": "Afstand",
    "periode": "Periode",
    "kost": "Kost",
    "team": "Individueel of team",
    "capaciteit": "Capaciteit",
    "actualiteit": "Actualiteit",
}

INDIVIDUAL, TEAM = 1, 2
CROSS_DOMAIN = "domeinoverschrijdend"
FRESH_DAYS, STALE_DAYS = 60, 730
EPOCH = date(2000, 1, 1)


def day_number(d):
    return float((d - EPOCH).days) if d else math.nan


@dataclass
class NeedSpec:
    id: int
    school_id: int = 0
    themes: tuple = ()
    domain: str = ""
    graden: tuple = ()
    forms: tuple = ()  # ondersteuningsvorm codes (preferred form, incl. those implied by offer kinds)
    lat: float | None = None
    lon: float | None = None
    max_km: float = 30.0
    province: str = ""
    budget: float | None = None
    participation: int = INDIVIDUAL
    period_start: date | None = None
    period_end: date | None = None
    moments: tuple = ()


@dataclass
class CandidateSpec:
    id: int
    kind: str
    org_id: int = 0
    title: str = ""
    themes: tuple = ()
    domains: tuple = ()  # empty = for every studiedomein
    graden: tuple = ()  # empty = every graad
    forms: tuple = ()
    lat: float | None = None  # None = no travel needed (online, at the school, mobile)
    lon: float | None = None
    reach_km: float | None = None  # partners: how far they go; None = no limit
    provinces: tuple = ()  # partners that serve named provinces only
    cost: float | None = None  # per participant; None = unknown
    participation: int = INDIVIDUAL | TEAM
    period_start: date | None = None
    period_end: date | None = None
    moments: tuple = ()
    age_days: float = 0.0
    capacity_left: float | None = None


@dataclass
class Vocabulary:
    """Bit positions for codes, the main theme (root) of every theme and Dutch labels for explanations."""

    theme_parent: dict = field(default_factory=dict)  # code -> parent code ("" for a main theme)
    labels: dict = field(default_factory=dict)  # (vocabulary, code) -> label
    _bits: dict = field(default_factory=dict)
    _masks: dict = field(default_factory=dict)

    def bit(self, space, code):
        table = self._bits.setdefault(space, {})
        if code not in table:
            table[code] = len(table)
        return table[code]

    def root(self, theme):
        parent = self.theme_parent.get(theme, "")
        return parent or theme

    def label(self, vocabulary, code):
        return self.labels.get((vocabulary, code), code)

    def mask(self, space, codes, words=1):
        key = (space, tuple(codes), words)
        cached = self._masks.get(key)
        if cached is not None:
            return cached
        out = self._mask(space, codes, words)
        self._masks[key] = out
        return out

    def _mask(self, space, codes, words):
        out = np.zeros(words, dtype=np.uint64)
        for code in codes:
            b = self.bit(space, code)
            w = b // 64
            if w >= words:
                raise ValueError(f"te veel codes in {space}")
            out[w] |= np.uint64(1) << np.uint64(b % 64)
        return out


THEME_WORDS = 2  # up to 128 themes (the list has about 35)


def _mask1(vocab, space, codes):
    return int(vocab.mask(space, tuple(sorted(codes)))[0])


def _popcount(a):
    return np.bitwise_count(a)


def explain_factors(factors, need, spec, vocab):
    """Add the Dutch sentence to each factor of one suggestion (in the current language)."""
    from .explain import explain_factor, use_language

    use_language()
    for f in factors:
        km = f.get("km")
        f["text"] = explain_factor(f["factor"], f["fit"], need, spec, math.nan if km is None else km, vocab)
    return factors


@dataclass
class Suggested:
    kind: str
    id: int
    score: float
    factors: list  # [{"factor", "label", "points", "max", "fit", "km", "text"}]


class CandidateIndex:
    """Column arrays over one kind of candidate, with an inverted index per main theme."""

    def __init__(self, kind, specs, vocab: Vocabulary):
        self.kind = kind
        self.vocab = vocab
        self.weights = WEIGHTS[kind]
        self.specs = list(specs)
        self._build()

    # --- building -------------------------------------------------------------------------------
    def _build(self):
        n = len(self.specs)
        self.n = n
        self.ids = np.zeros(n, dtype=np.int64)
        self.org = np.zeros(n, dtype=np.int64)
        self.themes = np.zeros((n, THEME_WORDS), dtype=np.uint64)
        self.roots = np.zeros(n, dtype=np.uint64)
        self.domains = np.zeros(n, dtype=np.uint64)
        self.graden = np.zeros(n, dtype=np.uint64)
        self.forms = np.zeros(n, dtype=np.uint64)
        self.prov = np.zeros(n, dtype=np.uint64)
        self.moments = np.zeros(n, dtype=np.uint64)
        self.lat = np.full(n, np.nan)
        self.lon = np.full(n, np.nan)
        self.reach = np.full(n, np.inf)
        self.cost = np.full(n, np.nan)
        self.part = np.zeros(n, dtype=np.uint8)
        self.p_start = np.full(n, np.nan)
        self.p_end = np.full(n, np.nan)
        self.age = np.zeros(n)
        self.capacity = np.full(n, np.inf)
        for i, s in enumerate(self.specs):
            self._set_row(i, s)
        self._derive()

    _COLUMNS = (
        "ids",
        "org",
        "themes",
        "roots",
        "domains",
        "graden",
        "forms",
        "prov",
        "moments",
        "lat",
        "lon",
        "reach",
        "cost",
        "part",
        "p_start",
        "p_end",
        "age",
        "capacity",
    )

    def _set_row(self, i, s):
        v = self.vocab
        self.ids[i], self.org[i] = s.id, s.org_id
        self.themes[i] = v.mask("thema", s.themes, THEME_WORDS)
        self.roots[i] = _mask1(v, "root", {v.root(t) for t in s.themes})
        self.domains[i] = _mask1(v, "domein", [d for d in s.domains if d != CROSS_DOMAIN])
        self.graden[i] = _mask1(v, "graad", s.graden)
        self.forms[i] = _mask1(v, "vorm", s.forms)
        self.prov[i] = _mask1(v, "provincie", s.provinces)
        self.moments[i] = _mask1(v, "moment", s.moments)
        has_loc = s.lat is not None and s.lon is not None
        self.lat[i] = s.lat if has_loc else np.nan
        self.lon[i] = s.lon if has_loc else np.nan
        self.reach[i] = s.reach_km if s.reach_km is not None else np.inf
        self.cost[i] = s.cost if s.cost is not None else np.nan
        self.part[i] = s.participation or (INDIVIDUAL | TEAM)
        self.p_start[i] = day_number(s.period_start)
        self.p_end[i] = day_number(s.period_end)
        self.age[i] = s.age_days
        self.capacity[i] = s.capacity_left if s.capacity_left is not None else np.inf

    def _derive(self):
        self.lat_rad = np.radians(self.lat)
        self.lon_rad = np.radians(self.lon)
        self.cos_lat = np.cos(self.lat_rad)
        self.has_loc = ~np.isnan(self.lat)
        self.theme_cols = [np.ascontiguousarray(self.themes[:, w]) for w in range(THEME_WORDS)]
        self.position = {int(cid): i for i, cid in enumerate(self.ids)}

    # --- scoring --------------------------------------------------------------------------------
    def candidates_for(self, need_roots, need=None, n_themes=None):
        """Indices of the candidates that share one of the need's themes (first array) or only its family
        (second array) — all candidates when the need has no theme — and, when the need has a place, lie
        in the box around it or need no travel. Bit tests over whole columns: no copies, well under a
        millisecond for 100k candidates."""
        if need is not None and need.lat is not None and need.lon is not None:
            dlat = need.max_km / 111.0
            dlon = need.max_km / (111.0 * max(math.cos(math.radians(need.lat)), 0.01))
            keep = (
                (self.lat >= need.lat - dlat)
                & (self.lat <= need.lat + dlat)
                & (self.lon >= need.lon - dlon)
                & (self.lon <= need.lon + dlon)
            )
            keep |= ~self.has_loc
        else:
            keep = np.ones(self.n, dtype=bool)
        if not need_roots:
            return np.flatnonzero(keep), np.empty(0, dtype=np.int64)
        family = keep & ((self.roots & np.uint64(need_roots)) != 0)
        if n_themes is None:
            return np.flatnonzero(family), np.empty(0, dtype=np.int64)
        exact = np.zeros(self.n, dtype=bool)
        for w in range(THEME_WORDS):
            if n_themes[w]:
                exact |= (self.theme_cols[w] & n_themes[w]) != 0
        exact &= family
        return np.flatnonzero(exact), np.flatnonzero(family & ~exact)

    def top(self, need: NeedSpec, k=10, exclude_ids=(), explain=True):
        """The k best candidates for a need. With ``explain=False`` the factors carry their fit and distance
        but no sentence yet (bulk recomputes); ``explain_factors`` adds the sentences when they are read."""
        if self.n == 0:
            return []
        v = self.vocab
        n_themes = np.asarray(v.mask("thema", need.themes, THEME_WORDS))
        n_roots = _mask1(v, "root", {v.root(t) for t in need.themes})
        # Two passes, exact: candidates that share one of the need's own themes first. A candidate that only
        # shares the family can score at most FAMILY_CREDIT of the theme weight plus every other factor in
        # full; it is scored only when that bound can still reach the top k.
        groups = list(self.candidates_for(n_roots, need, n_themes if need.themes else None))
        for g, idx in enumerate(groups):
            if self.kind == SCHOOL:
                idx = idx[self.org[idx] != need.school_id]
            if exclude_ids:
                idx = idx[~np.isin(self.ids[idx], np.fromiter(exclude_ids, dtype=np.int64))]
            groups[g] = idx
        family_bound = self.weights["thema"] * FAMILY_CREDIT + sum(
            w for name, w in self.weights.items() if name != "thema"
        )
        scored = self._score(need, n_themes, n_roots, groups[0], k)
        if len(groups) > 1 and groups[1].size:
            best = np.sort(scored[1])[::-1]
            if best.size < k or best[k - 1] < family_bound:
                floor = float(best[k - 1]) if best.size >= k else None
                more = self._score(need, n_themes, n_roots, groups[1], k, floor)
                scored = tuple(
                    {n: np.concatenate([a[n], b[n]]) for n in a} if isinstance(a, dict) else np.concatenate([a, b])
                    for a, b in zip(scored, more, strict=True)
                )
        idx, total, fits, dist = scored
        if idx.size == 0:
            return []
        # Deterministic order: score (rounded, so float noise never decides), then id.
        rounded = np.round(total, 6)
        order = np.lexsort((self.ids[idx], -rounded))[:k]
        result = []
        for j in order:
            i = int(idx[j])
            km = float(dist[j])
            factors = [
                {
                    "factor": name,
                    "label": FACTOR_NAMES[name],
                    "points": round(weight * float(fits[name][j]), 1),
                    "max": weight,
                    "fit": round(float(fits[name][j]), 4),
                    "km": None if math.isnan(km) else round(km, 2),
                }
                for name, weight in self.weights.items()
            ]
            if explain:
                explain_factors(factors, need, self.specs[i], self.vocab)
            result.append(Suggested(self.kind, int(self.ids[i]), round(float(total[j]), 1), factors))
        return result

    FIRST = ("thema", "afstand", "domein", "vorm")

    def _score(self, need, n_themes, n_roots, idx, k, floor=None):
        """(indices, total, fits per factor, distance) for the candidates that pass the hard limits.

        Exact threshold pruning: the cheap factors (theme, domain, form: bit tests) come first; a candidate
        whose best possible total cannot reach ``floor`` (the k-th best score found so far) is dropped before
        its distance is computed. Then distance; then the remaining factors only for candidates whose best
        possible total still reaches the k-th best lower bound."""
        w = self.weights
        cheap = tuple(n for n in ("thema", "domein", "vorm") if n in w)
        fits = self._fits(need, n_themes, n_roots, idx, None, cheap)
        lower = np.zeros(idx.size)
        for name in cheap:
            lower += w[name] * fits[name]
        rest_names = tuple(n for n in w if n not in self.FIRST)
        rest_max = sum(w[n] for n in rest_names)
        if floor is not None and idx.size:
            keep = lower + w["afstand"] + rest_max >= floor - 1e-9
            idx, lower = idx[keep], lower[keep]
            fits = {name: values[keep] for name, values in fits.items()}
        dist = self._distance(need, idx)
        # Within the need's maximum distance and the candidate's reach (a partner's radius, or for a
        # peer school its own maximum distance).
        within = np.isnan(dist) | ((dist <= need.max_km) & (dist <= self.reach[idx]))
        if self.kind == PARTNER and need.province:
            prov_bit = np.uint64(_mask1(self.vocab, "provincie", [need.province]))
            region_ok = (self.prov[idx] == 0) | ((self.prov[idx] & prov_bit) != 0)
            within &= region_ok
        if self.kind == PARTNER:
            within &= self.capacity[idx] > 0
        if not within.all():
            idx, dist, lower = idx[within], dist[within], lower[within]
            fits = {name: values[within] for name, values in fits.items()}
        fits.update(self._fits(need, n_themes, n_roots, idx, dist, ("afstand",)))
        lower = lower + w["afstand"] * fits["afstand"]
        if idx.size > k or floor is not None:
            threshold = np.partition(lower, idx.size - k)[idx.size - k] if idx.size > k else -np.inf
            if floor is not None:
                threshold = max(threshold, floor)
            keep = lower + rest_max >= threshold - 1e-9
            if not keep.all():
                idx, dist, lower = idx[keep], dist[keep], lower[keep]
                fits = {name: values[keep] for name, values in fits.items()}
        rest = self._fits(need, n_themes, n_roots, idx, dist, rest_names)
        fits.update(rest)
        total = lower
        for name in rest:
            total = total + w[name] * rest[name]
        return idx, total, fits, dist

    def _distance(self, need, idx):
        if need.lat is None or need.lon is None:
            return np.full(idx.size, np.nan)
        lat1, lon1 = math.radians(need.lat), math.radians(need.lon)
        dlat = self.lat_rad[idx] - lat1
        dlon = self.lon_rad[idx] - lon1
        a = np.sin(dlat / 2) ** 2 + math.cos(lat1) * self.cos_lat[idx] * np.sin(dlon / 2) ** 2
        return 2 * 6371.0088 * np.arcsin(np.sqrt(np.clip(a, 0, 1)))

    def _fits(self, need, n_themes, n_roots, idx, dist, names):
        v = self.vocab
        fits = {}
        names = set(names) & set(self.weights)
        # Theme: share of the need's themes the candidate covers; a theme of the same family counts FAMILY_CREDIT.
        need_count = int(_popcount(n_themes).sum())
        if "thema" not in names:
            pass
        elif need_count:
            exact = _popcount(self.themes[idx] & n_themes).sum(axis=1) / need_count
            family = (_popcount(self.roots[idx] & np.uint64(n_roots)) > 0).astype(float)
            fits["thema"] = np.maximum(exact, FAMILY_CREDIT * family)
        else:
            fits["thema"] = np.full(idx.size, 0.5)
        # Studiedomein: the same domain, or an offer for every domain (a bit less specific).
        if "domein" not in names:
            pass
        elif need.domain and need.domain != CROSS_DOMAIN:
            d = np.uint64(_mask1(v, "domein", [need.domain]))
            dom = self.domains[idx]
            fits["domein"] = np.where((dom & d) != 0, 1.0, np.where(dom == 0, 0.6, 0.0))
        else:
            fits["domein"] = np.full(idx.size, 0.6)
        if "graad" in names:
            g = np.uint64(_mask1(v, "graad", need.graden))
            gr = self.graden[idx]
            if need.graden:
                fits["graad"] = np.where((gr & g) != 0, 1.0, np.where(gr == 0, 0.6, 0.0))
            else:
                fits["graad"] = np.full(idx.size, 0.6)
        if "vorm" in names:
            f = np.uint64(_mask1(v, "vorm", need.forms))
            if need.forms:
                fits["vorm"] = ((self.forms[idx] & f) != 0).astype(float)
            else:
                fits["vorm"] = np.full(idx.size, 0.5)
        # Distance: 1 next door, 0.3 at the need's maximum; no travel (online, at school) counts 0.9.
        max_km = max(float(need.max_km), 1.0)
        if dist is None:
            dist = np.full(idx.size, np.nan)
        if "afstand" in names:
            fits["afstand"] = np.where(np.isnan(dist), 0.9, 1.0 - 0.7 * np.clip(np.nan_to_num(dist) / max_km, 0, 1))
        if "periode" in names:
            fits["periode"] = self._period_fit(need, idx)
        if "kost" in names:
            cost = self.cost[idx]
            if need.budget is None:
                fits["kost"] = np.where(np.isnan(cost), 0.5, np.where(cost == 0, 1.0, 0.6))
            else:
                budget = float(need.budget)
                over = np.where(cost <= budget, 1.0, np.where(cost <= 1.5 * budget, 0.3, 0.0))
                fits["kost"] = np.where(np.isnan(cost), 0.5, np.where(cost == 0, 1.0, over))
        wanted = need.participation or INDIVIDUAL
        if "team" in names:
            fits["team"] = ((self.part[idx] & wanted) != 0).astype(float)
        if "capaciteit" in names:
            cap = self.capacity[idx]
            fits["capaciteit"] = np.where(np.isinf(cap), 0.8, np.clip(cap / 3.0, 0.3, 1.0))
        if "actualiteit" in names:
            age = self.age[idx]
            fits["actualiteit"] = 1.0 - np.clip((age - FRESH_DAYS) / (STALE_DAYS - FRESH_DAYS), 0, 1)
        return fits

    def _period_fit(self, need, idx):
        start, end = self.p_start[idx], self.p_end[idx]
        ns, ne = day_number(need.period_start), day_number(need.period_end)
        unknown = np.isnan(start) & np.isnan(end)
        s = np.where(np.isnan(start), -np.inf, start)
        e = np.where(np.isnan(end), np.inf, end)
        lo = -np.inf if math.isnan(ns) else ns
        hi = np.inf if math.isnan(ne) else ne
        overlap = (s <= hi) & (e >= lo)
        fit = np.where(unknown, 0.5, np.where(overlap, 0.8, 0.0))
        if need.moments:
            m = np.uint64(_mask1(self.vocab, "moment", need.moments))
            mom = self.moments[idx]
            fit = np.where(overlap & ((mom & m) != 0), 1.0, fit)
        elif math.isnan(ns) and math.isnan(ne):
            fit = np.where(unknown, 0.5, 0.8)
        return fit

    # --- explanation ----------------------------------------------------------------------------
    # --- incremental updates --------------------------------------------------------------------
    def upsert(self, spec):
        """Replace or add one candidate: one row is written, the arrays are extended in C when new."""
        pos = self.position.get(spec.id)
        if pos is None:
            self.specs.append(spec)
            for name in self._COLUMNS:
                col = getattr(self, name)
                pad = np.zeros((1,) + col.shape[1:], dtype=col.dtype)
                setattr(self, name, np.concatenate([col, pad]))
            self.n += 1
            pos = self.n - 1
            self._set_row(pos, spec)
            self._derive()
            return
        self.specs[pos] = spec
        self._set_row(pos, spec)
        # Only this row's derived values change.
        self.lat_rad[pos], self.lon_rad[pos] = np.radians(self.lat[pos]), np.radians(self.lon[pos])
        self.cos_lat[pos] = np.cos(self.lat_rad[pos])
        self.has_loc[pos] = not np.isnan(self.lat[pos])
        for w in range(THEME_WORDS):
            self.theme_cols[w][pos] = self.themes[pos, w]

    def remove(self, candidate_id):
        pos = self.position.get(candidate_id)
        if pos is None:
            return
        del self.specs[pos]
        keep = np.ones(self.n, dtype=bool)
        keep[pos] = False
        for name in self._COLUMNS:
            setattr(self, name, getattr(self, name)[keep])
        self.n -= 1
        self._derive()

    def __contains__(self, candidate_id):
        return candidate_id in self.position
