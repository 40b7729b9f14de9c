"""The scorer itself: ranking, hard limits, determinism and the Dutch explanation."""

from datetime import date

import pytest

from innovet.matching.engine import INDIVIDUAL, OFFER, PARTNER, SCHOOL, TEAM, CandidateIndex, CandidateSpec, NeedSpec
from innovet.matching.sources import vocabulary

pytestmark = pytest.mark.django_db

GENT = (51.05, 3.72)
AALST = (50.94, 4.04)  # ~25 km
HASSELT = (50.93, 5.34)  # ~115 km


def _need(**kw):
    base = dict(
        id=1,
        school_id=10,
        themes=("warmtepompen",),
        domain="stem",
        graden=("3",),
        forms=("workshops",),
        lat=GENT[0],
        lon=GENT[1],
        max_km=40,
        budget=90,
        participation=TEAM,
        period_start=date(2027, 1, 1),
        period_end=date(2027, 6, 30),
        moments=("woensdagnamiddag",),
    )
    base.update(kw)
    return NeedSpec(**base)


def _offer(id, **kw):
    base = dict(
        id=id,
        kind=OFFER,
        themes=("warmtepompen",),
        domains=("stem",),
        graden=("3",),
        forms=("workshops",),
        lat=AALST[0],
        lon=AALST[1],
        cost=60,
        participation=INDIVIDUAL | TEAM,
        period_start=date(2027, 2, 1),
        period_end=date(2027, 2, 1),
        moments=("woensdagnamiddag",),
        age_days=10,
    )
    base.update(kw)
    return CandidateSpec(**base)


def test_the_better_fit_ranks_first_and_each_factor_is_explained_in_dutch():
    index = CandidateIndex(
        OFFER,
        [
            _offer(1, themes=("zonnepanelen",), cost=250),  # same family, over budget
            _offer(2),  # perfect
            _offer(3, themes=("3d-printing",)),  # other family: filtered out
        ],
        vocabulary(),
    )
    top = index.top(_need(), 10)
    assert [s.id for s in top] == [2, 1]
    assert top[0].score > 90
    texts = {f["factor"]: f["text"] for f in top[0].factors}
    assert texts["thema"] == "Sluit aan bij al je thema's: Warmtepompen."
    assert texts["kost"] == "€ 60 per deelnemer, binnen je budget van € 90."
    assert texts["afstand"].startswith("Op 2") and "je maximum is 40 km" in texts["afstand"]
    worse = {f["factor"]: f for f in top[1].factors}
    assert worse["thema"]["points"] == pytest.approx(40 * 0.25)
    assert "ver boven je budget" in worse["kost"]["text"]
    assert sum(f["max"] for f in top[0].factors) == 100


def test_too_far_is_excluded_but_online_is_not():
    index = CandidateIndex(
        OFFER, [_offer(1, lat=HASSELT[0], lon=HASSELT[1]), _offer(2, lat=None, lon=None)], vocabulary()
    )
    top = index.top(_need(), 10)
    assert [s.id for s in top] == [2]
    assert "Geen verplaatsing nodig" in {f["factor"]: f["text"] for f in top[0].factors}["afstand"]


def test_ties_are_broken_by_id_and_the_result_is_deterministic():
    specs = [_offer(i) for i in (9, 4, 7)]
    first = CandidateIndex(OFFER, specs, vocabulary()).top(_need(), 10)
    again = CandidateIndex(OFFER, list(reversed(specs)), vocabulary()).top(_need(), 10)
    assert [s.id for s in first] == [4, 7, 9] == [s.id for s in again]
    assert [s.score for s in first] == [s.score for s in again]


def test_partner_reach_region_and_capacity_are_hard_limits():
    near = CandidateSpec(
        id=1,
        kind=PARTNER,
        themes=("warmtepompen",),
        forms=("workshops",),
        lat=AALST[0],
        lon=AALST[1],
        reach_km=10,
        capacity_left=2,
    )
    full = CandidateSpec(id=2, kind=PARTNER, themes=("warmtepompen",), forms=("workshops",), capacity_left=0)
    other_province = CandidateSpec(id=3, kind=PARTNER, themes=("warmtepompen",), provinces=("99",))
    same_province = CandidateSpec(id=4, kind=PARTNER, themes=("warmtepompen",), provinces=("5",))
    index = CandidateIndex(PARTNER, [near, full, other_province, same_province], vocabulary())
    assert [s.id for s in index.top(_need(province="5"), 10)] == [4]


def test_peer_schools_exclude_the_own_school_and_respect_both_distances():
    own = CandidateSpec(id=1, kind=SCHOOL, org_id=10, themes=("warmtepompen",), lat=AALST[0], lon=AALST[1])
    peer = CandidateSpec(
        id=2, kind=SCHOOL, org_id=11, themes=("warmtepompen",), lat=AALST[0], lon=AALST[1], reach_km=30
    )
    shy = CandidateSpec(id=3, kind=SCHOOL, org_id=12, themes=("warmtepompen",), lat=AALST[0], lon=AALST[1], reach_km=5)
    index = CandidateIndex(SCHOOL, [own, peer, shy], vocabulary())
    assert [s.id for s in index.top(_need(), 10)] == [2]


def test_incremental_upsert_and_remove_give_the_same_result_as_a_rebuild():
    index = CandidateIndex(OFFER, [_offer(1), _offer(2, cost=300)], vocabulary())
    index.upsert(_offer(3, themes=("warmtepompen", "zonnepanelen")))
    index.upsert(_offer(2, cost=10))
    index.remove(1)
    rebuilt = CandidateIndex(
        OFFER, [_offer(2, cost=10), _offer(3, themes=("warmtepompen", "zonnepanelen"))], vocabulary()
    )
    assert [(s.id, s.score) for s in index.top(_need(), 10)] == [(s.id, s.score) for s in rebuilt.top(_need(), 10)]
    assert 1 not in index and 3 in index


def test_pruning_never_changes_the_top_k():
    """The exact prunings (family bound, threshold) give the same top 10 as scoring every candidate."""
    import random

    rng = random.Random(7)
    themes = ["warmtepompen", "zonnepanelen", "smart-grids", "cobots", "robotica-automatisering", "3d-printing", "iot"]
    specs = [
        _offer(
            i,
            themes=tuple(rng.sample(themes, rng.choice([1, 2]))),
            lat=GENT[0] + rng.uniform(-0.5, 0.5),
            lon=GENT[1] + rng.uniform(-0.7, 0.7),
            cost=rng.choice([0, 50, 90, 200]),
            forms=(rng.choice(["workshops", "bedrijfsstages", "coaching"]),),
            domains=rng.choice([(), ("stem",), ("maatschappij-en-welzijn",)]),
            age_days=rng.randint(0, 800),
        )
        for i in range(1, 600)
    ]
    index = CandidateIndex(OFFER, specs, vocabulary())
    for _ in range(25):
        need = _need(themes=tuple(rng.sample(themes, rng.choice([1, 2, 3]))), max_km=rng.choice([20, 40, 60]))
        fast = [(s.id, s.score) for s in index.top(need, 10)]
        full = [(s.id, s.score) for s in index.top(need, 10_000)[:10]]
        assert fast == full
