"""The rotation scheduler for shared equipment (the Diagnose Car model): pure Python on plain data.

The rule (also in docs/modules/tiendagen.md):

1. **Fairness order.** Schools that never had the set come first; then the school that had it longest
   ago; then the earliest application; then the lowest school id (so the result never depends on
   dictionary or database order).
2. **Turns.** A turn lasts the set's rotation period (``months``, default 5) and starts the day after the
   previous turn ends; the first starts on the set's ``start`` date. Turns of one set never overlap.
3. **Travel.** For each turn, the scheduler looks at the first ``window`` schools (default 3) of the
   remaining fairness order that are free for the whole turn, and gives the turn to the one nearest to
   the previous holder (straight-line ``haversine_km``; the owner's address for the first turn). A school
   passed over ``window - 1`` times is taken next whatever the distance, so distance can delay a school
   by at most ``window - 1`` turns. The window never mixes schools that never had the set with schools
   that had it: distance cannot let a school that had it overtake one that never did.
4. **No school holds two sets at once.** With several sets, turns are handed out in date order over all
   sets; a school busy in a turn's period (``busy``: periods it already holds other sets) is skipped for
   that turn and stays in line. When every remaining school is busy, the set waits until the first of
   them is free.
5. Deterministic: the same input gives the same schedule.
"""

import calendar
import heapq
from dataclasses import dataclass, field
from datetime import date, timedelta

from innovet.geo.services import haversine_km

DEFAULT_MONTHS = 5
DEFAULT_WINDOW = 3


@dataclass(frozen=True)
class Candidate:
    school_id: int
    lat: float | None
    lon: float | None
    applied_on: date
    last_had: date | None = None  # end of the school's last turn with this set


@dataclass(frozen=True)
class SetSpec:
    set_id: int
    lat: float | None  # where the set is when the schedule starts (the last holder, or the owner)
    lon: float | None
    start: date
    months: int = DEFAULT_MONTHS


@dataclass(frozen=True)
class Turn:
    set_id: int
    school_id: int
    starts_on: date
    ends_on: date  # the last day of the turn
    distance_km: float | None  # from the previous holder
    rank: int  # place of the chosen school among the free schools in line (0 = first; distance: at most window-1)


@dataclass
class _State:
    spec: SetSpec
    remaining: list  # Candidates in fairness order
    lat: float | None
    lon: float | None
    next_start: date
    turns: int = 0
    skips: dict = field(default_factory=dict)


def add_months(day, months):
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def turn_end(start, months):
    return add_months(start, months) - timedelta(days=1)


def fairness_key(c):
    return (c.last_had is not None, c.last_had or date.min, c.applied_on, c.school_id)


def rank(candidates):
    return sorted(candidates, key=fairness_key)


def distance(lat, lon, c):
    if lat is None or lon is None or c.lat is None or c.lon is None:
        return float("inf")
    return haversine_km(lat, lon, c.lat, c.lon)


def _free(busy, school_id, starts_on, ends_on):
    return all(ends_on < s or starts_on > e for s, e in busy.get(school_id, ()))


def pick(lat, lon, ranked, starts_on, ends_on, busy, window=DEFAULT_WINDOW, skips=None):
    """The candidate for one turn (or None): the nearest of the first ``window`` free schools in fairness
    order, unless one of them was already passed over ``window - 1`` times. Returns (candidate, index in
    ``ranked``, place among the free schools in line)."""
    skips = skips if skips is not None else {}
    free = []
    for i, c in enumerate(ranked):
        if _free(busy, c.school_id, starts_on, ends_on):
            # Distance never lets a school that had the set overtake one that never had it.
            if free and (c.last_had is None) != (free[0][1].last_had is None):
                break
            free.append((i, c))
            if len(free) == window:
                break
    if not free:
        return None, None, None
    for place, (i, c) in enumerate(free):
        if skips.get(c.school_id, 0) >= window - 1:
            return c, i, place
    place, (best_i, best) = min(enumerate(free), key=lambda pic: (distance(lat, lon, pic[1][1]), pic[1][0]))
    for i, c in free:
        if i < best_i:
            skips[c.school_id] = skips.get(c.school_id, 0) + 1
    return best, best_i, place


def schedule(sets, applications, busy=None, window=DEFAULT_WINDOW, max_turns=None):
    """Turns for every set. ``sets``: SetSpecs; ``applications``: {set_id: [Candidate]}; ``busy``:
    {school_id: [(starts_on, ends_on)]} already taken elsewhere (copied, then extended with the new turns);
    ``max_turns``: per set (None: until every applicant had a turn)."""
    busy = {k: list(v) for k, v in (busy or {}).items()}
    states = {}
    heap = []
    for spec in sorted(sets, key=lambda s: s.set_id):
        states[spec.set_id] = _State(spec, rank(applications.get(spec.set_id, ())), spec.lat, spec.lon, spec.start)
        heapq.heappush(heap, (spec.start, spec.set_id))
    out = []
    while heap:
        start, set_id = heapq.heappop(heap)
        st = states[set_id]
        if not st.remaining or (max_turns is not None and st.turns >= max_turns):
            continue
        end = turn_end(start, st.spec.months)
        chosen, index, place = pick(st.lat, st.lon, st.remaining, start, end, busy, window, st.skips)
        if chosen is None:
            # Everyone still waiting holds another set now: wait until the first of them is free.
            free_again = min(
                e for c in st.remaining for s, e in busy.get(c.school_id, ()) if not (end < s or start > e)
            ) + timedelta(days=1)
            heapq.heappush(heap, (free_again, set_id))
            continue
        st.remaining.pop(index)
        out.append(
            Turn(
                set_id,
                chosen.school_id,
                start,
                end,
                None if st.lat is None or chosen.lat is None else round(distance(st.lat, st.lon, chosen), 1),
                place,
            )
        )
        busy.setdefault(chosen.school_id, []).append((start, end))
        st.lat, st.lon, st.turns = chosen.lat, chosen.lon, st.turns + 1
        heapq.heappush(heap, (end + timedelta(days=1), set_id))
    out.sort(key=lambda t: (t.set_id, t.starts_on))
    return out


def replacement(lat, lon, candidates, starts_on, ends_on, busy=None, window=DEFAULT_WINDOW):
    """Who takes over a turn a school dropped out of: the same rule as one turn of ``schedule``."""
    chosen, _index, _place = pick(lat, lon, rank(candidates), starts_on, ends_on, busy or {}, window)
    return chosen
