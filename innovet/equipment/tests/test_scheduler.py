"""The rotation rule on plain data (no database)."""

from datetime import date

from innovet.equipment import scheduler as s
from innovet.equipment.scheduler import Candidate, SetSpec

START = date(2027, 1, 1)
# Points along a line west → east (about 7 km per 0.1 degree of longitude at 51°N).
GENT = (51.05, 3.72)


def cand(school_id, lon, applied=date(2026, 9, 1), last=None, lat=51.05):
    return Candidate(school_id, lat, lon, applied, last)


def test_add_months_and_turn_end():
    assert s.add_months(date(2027, 1, 31), 1) == date(2027, 2, 28)
    assert s.turn_end(date(2027, 1, 1), 5) == date(2027, 5, 31)


def test_never_had_before_had_longest_ago_before_recently():
    recent = cand(1, 3.7, last=date(2026, 6, 30))
    long_ago = cand(2, 3.7, last=date(2024, 6, 30))
    never_late = cand(3, 3.7, applied=date(2026, 10, 1))
    never_early = cand(4, 3.7, applied=date(2026, 9, 1))
    assert [c.school_id for c in s.rank([recent, long_ago, never_late, never_early])] == [4, 3, 2, 1]


def test_turns_follow_each_other_without_overlap():
    spec = SetSpec(1, *GENT, START, 5)
    turns = s.schedule([spec], {1: [cand(i, 3.7 + i / 10) for i in range(1, 5)]})
    assert len(turns) == 4
    for a, b in zip(turns, turns[1:], strict=False):
        assert (b.starts_on - a.ends_on).days == 1
    assert turns[0].starts_on == START and turns[0].ends_on == date(2027, 5, 31)


def test_distance_decides_within_the_window_of_three():
    # In fairness order 1, 2, 3 (applied earlier first); 3 is nearest to Gent, then 2, then 1.
    far = cand(1, 5.5, applied=date(2026, 9, 1))
    mid = cand(2, 4.5, applied=date(2026, 9, 2))
    near = cand(3, 3.8, applied=date(2026, 9, 3))
    fourth = cand(4, 3.72, applied=date(2026, 9, 4))  # nearest of all, but outside the window
    turns = s.schedule([SetSpec(1, *GENT, START)], {1: [far, mid, near, fourth]})
    assert turns[0].school_id == 3
    assert turns[0].distance_km < 10


def test_a_school_is_passed_over_at_most_window_minus_one_times():
    # School 1 is first in line and always the farthest: it must have a turn by the third.
    far = cand(1, 6.0, applied=date(2026, 8, 1))
    others = [cand(i, 3.72 + i / 1000, applied=date(2026, 9, i)) for i in range(2, 8)]
    turns = s.schedule([SetSpec(1, *GENT, START)], {1: [far, *others]}, window=3)
    assert [t.school_id for t in turns].index(1) <= 2


def test_window_one_is_pure_fairness():
    cands = [cand(i, 3.72 + (10 - i) / 10, applied=date(2026, 9, i)) for i in range(1, 6)]
    turns = s.schedule([SetSpec(1, *GENT, START)], {1: cands}, window=1)
    assert [t.school_id for t in turns] == [1, 2, 3, 4, 5]


def test_a_school_never_holds_two_sets_at_once():
    a, b = SetSpec(1, *GENT, START), SetSpec(2, *GENT, START)
    shared = [cand(1, 3.72), cand(2, 3.9)]
    turns = s.schedule([a, b], {1: shared, 2: shared})
    by_school = {}
    for t in turns:
        for other in by_school.get(t.school_id, []):
            assert t.ends_on < other.starts_on or t.starts_on > other.ends_on
        by_school.setdefault(t.school_id, []).append(t)
    assert len(turns) == 4


def test_busy_schools_are_skipped_and_the_set_waits_if_everyone_is_busy():
    busy = {1: [(START, date(2027, 3, 31))]}
    turns = s.schedule([SetSpec(1, *GENT, START)], {1: [cand(1, 3.72)]}, busy=busy)
    assert turns[0].starts_on == date(2027, 4, 1)


def test_deterministic():
    cands = [cand(i, 3.0 + (i * 7919 % 100) / 50, applied=date(2026, 9, 1 + i % 20)) for i in range(1, 40)]
    sets = [SetSpec(n, *GENT, START, 5) for n in range(1, 4)]
    first = s.schedule(sets, {n: cands for n in range(1, 4)})
    assert first == s.schedule(list(reversed(sets)), {n: list(reversed(cands)) for n in range(1, 4)})


def test_max_turns():
    turns = s.schedule([SetSpec(1, *GENT, START)], {1: [cand(i, 3.7) for i in range(1, 6)]}, max_turns=2)
    assert len(turns) == 2


def test_replacement_uses_the_same_rule():
    chosen = s.replacement(*GENT, [cand(1, 5.5), cand(2, 3.75, applied=date(2026, 9, 5))], START, date(2027, 5, 31))
    assert chosen.school_id == 2
    assert s.replacement(*GENT, [], START, date(2027, 5, 31)) is None


def test_distance_never_lets_a_school_that_had_it_overtake_one_that_never_did():
    never_far = cand(1, 6.0, applied=date(2026, 9, 1))
    had_near = cand(2, 3.72, applied=date(2026, 8, 1), last=date(2025, 1, 31))
    turns = s.schedule([SetSpec(1, *GENT, START)], {1: [never_far, had_near]})
    assert [t.school_id for t in turns] == [1, 2]
