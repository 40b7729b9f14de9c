"""The search contract: hits, totals, facets, distances and suggestions of the database backend (run on
SQLite FTS5 and on PostgreSQL full text by the two test runs)."""

import pytest

from innovet.search import services
from innovet.search.query import SearchQuery
from innovet.search.registry import Document

from .conftest import ANTWERPEN, GENT


@pytest.fixture
def backend(test_index):
    services.rebuild(test_index.name)
    return "database"


def run(backend, **kwargs):
    kwargs.setdefault("per_page", 50)
    # Uncached: the contract is about what the database answers (caching has tests of its own).
    return services.search("testaanbod", SearchQuery(**kwargs), backend=backend, use_cache=False)


def pks(backend, **kwargs):
    return run(backend, **kwargs).pks


def facet(result, name):
    return dict(result.facets[name])


class TestFullText:
    def test_plural_finds_singular_and_back(self, backend):
        assert set(pks(backend, text="leerlingen", prefix_last=False)) == {1, 5}
        assert set(pks(backend, text="elektricien", prefix_last=False)) == {2, 4}
        assert set(pks(backend, text="warmtepomp", prefix_last=False)) == {2, 6, 8}

    def test_las_finds_lassen(self, backend):
        assert pks(backend, text="las", prefix_last=False) == [1]

    def test_accents_are_ignored(self, backend):
        assert pks(backend, text="elektriciëns", prefix_last=False) == [4] or set(
            pks(backend, text="elektriciëns", prefix_last=False)
        ) == {2, 4}
        assert pks(backend, text="cafe", prefix_last=False) == [4]
        assert pks(backend, text="CAFÉ", prefix_last=False) == [4]

    def test_last_word_matches_as_prefix_while_typing(self, backend):
        assert set(pks(backend, text="zonnepan")) == {3}
        assert set(pks(backend, text="leerkrachten elektr")) == {3, 4, 6}
        assert pks(backend, text="zonnepan", prefix_last=False) == []

    def test_all_words_must_match(self, backend):
        assert set(pks(backend, text="warmtepompen leerkrachten", prefix_last=False)) == {6}

    def test_title_matches_rank_above_body_matches(self, backend):
        order = pks(backend, text="domotica", prefix_last=False)
        assert order == [4]
        order = pks(backend, text="robot", prefix_last=False)
        assert order == [5]
        ranked = pks(backend, text="lassen", prefix_last=False)
        assert ranked[0] == 1

    def test_stale_entries_sink(self, backend):
        ranked = pks(backend, text="warmtepompen", prefix_last=False)
        assert ranked[-1] == 8

    def test_only_stop_words_find_nothing(self, backend):
        result = run(backend, text="de het een")
        assert result.total == 0 and result.hits == []

    def test_empty_text_lists_everything_newest_and_fresh_first(self, backend):
        result = run(backend)
        assert result.total == 9
        assert result.pks[0] == 9 and result.pks[-1] == 8


class TestCompounds:
    """A part of a Dutch compound finds the compound ('pomp' → 'warmtepompen'), split with pyphen's Dutch
    hyphenation points and pyspellchecker's Dutch word list; syllables that merely look like words do not."""

    PAIRS = [
        ("pomp", "Warmtepompen voor de renovatie"),
        ("robot", "Een lasrobot in de klas"),
        ("robot", "Lasrobots programmeren"),
        ("opslag", "Energieopslag in het schoolgebouw"),
        ("stage", "Bedrijfsstage bij de installateur"),
        ("panelen", "Zonnepanelen leggen op het dak"),
        ("centrum", "Een dag in het opleidingscentrum"),
        ("techniek", "Elektrotechniek voor de derde graad"),
    ]

    @pytest.mark.parametrize(("part", "title"), PAIRS)
    def test_a_part_finds_the_compound(self, backend, part, title):
        services.index_object("testaanbod", Document(90, title, "", {"kind": ["opleiding"]}))
        assert 90 in pks(backend, text=part, prefix_last=False)

    def test_pomp_finds_every_warmtepomp(self, backend):
        assert set(pks(backend, text="pomp", prefix_last=False)) == {2, 6, 8}
        assert set(pks(backend, text="pompen", prefix_last=False)) == {2, 6, 8}

    @pytest.mark.parametrize(
        ("syllable", "title"), [("ding", "Opleiding"), ("ring", "Automatisering"), ("latie", "Ventilatie")]
    )
    def test_a_syllable_that_is_no_part_finds_nothing(self, backend, syllable, title):
        services.index_object("testaanbod", Document(91, title, "", {"kind": ["opleiding"]}))
        assert 91 not in pks(backend, text=syllable, prefix_last=False)

    def test_the_whole_compound_does_not_find_its_parts(self, backend):
        services.index_object("testaanbod", Document(92, "Een nieuwe pomp", "", {"kind": ["opleiding"]}))
        assert 92 not in pks(backend, text="warmtepompen", prefix_last=False)
        assert 92 in pks(backend, text="pomp", prefix_last=False)


class TestFacets:
    def test_counts_without_filters_omit_zero_values(self, backend):
        result = run(backend, text="")
        assert facet(result, "kind") == {
            "opleiding": 4,
            "bedrijfsstage": 1,
            "workshop": 2,
            "train-the-trainer": 1,
            "lezing": 1,
        }
        assert result.facets["kind"][0] == ("opleiding", 4)
        assert "west-vlaanderen" in facet(result, "province")
        for counts in result.facets.values():
            assert all(count > 0 for _, count in counts)

    def test_hierarchical_parent_counts_include_children_once(self, backend):
        counts = facet(run(backend), "theme")
        assert counts["duurzaamheid"] == 4  # 2, 3 (tagged parent and child: counted once), 6, 8
        assert counts["duurzaamheid/warmtepompen"] == 3
        assert counts["industrie-4-0"] == 3
        assert set(pks(backend, filters={"theme": ["industrie-4-0"]})) == {4, 5, 7}

    def test_or_within_a_facet_and_across_facets(self, backend):
        assert set(pks(backend, filters={"province": ["antwerpen", "limburg"]})) == {1, 3, 6, 8}
        assert set(pks(backend, filters={"province": ["antwerpen", "limburg"], "kind": ["opleiding"]})) == {1, 8}

    def test_each_facet_is_counted_with_the_other_filters_only(self, backend):
        result = run(backend, filters={"province": ["antwerpen"], "kind": ["opleiding"]})
        assert result.pks == [1]
        # Province counts ignore the province filter (so the user can widen it) but keep 'opleiding'.
        assert facet(result, "province") == {"antwerpen": 1, "west-vlaanderen": 1, "oost-vlaanderen": 1, "limburg": 1}
        # Kind counts keep 'antwerpen' only.
        assert facet(result, "kind") == {"opleiding": 1, "lezing": 1}
        assert facet(result, "graad") == {"3": 1}

    def test_facets_follow_the_text(self, backend):
        result = run(backend, text="warmtepompen", prefix_last=False)
        assert facet(result, "province") == {"oost-vlaanderen": 1, "antwerpen": 1, "limburg": 1}

    def test_unknown_facet_and_values_are_harmless(self, backend):
        assert run(backend, filters={"bestaat-niet": ["x"]}).total == 9
        assert run(backend, filters={"kind": ["onbestaand"]}).total == 0

    def test_values_with_quotes_commas_braces_and_backslashes_filter_and_count(self, backend, test_index):
        """Facet values reach PostgreSQL as array literals in a COPY stream: every character must survive."""
        odd = ['vorming "plus", {extra}', "pad\\naar\\bestand", "NULL", "twee  spaties"]
        test_index.docs[0].facets["kind"] = odd
        services.rebuild(test_index.name, backend=backend)
        for value in odd:
            assert pks(backend, filters={"kind": [value]}) == [1], value
        assert {value: facet(run(backend), "kind")[value] for value in odd} == dict.fromkeys(odd, 1)


class TestDistance:
    def test_within_radius_and_distance_per_hit(self, backend):
        result = run(backend, near=ANTWERPEN, radius_km=30, sort="distance")
        assert result.pks == [1, 6]  # Antwerpen 0 km, Mechelen ~22 km
        assert result.hits[0].distance_km == pytest.approx(0, abs=0.01)
        assert result.hits[1].distance_km == pytest.approx(22.2, abs=1)

    def test_nearest_location_counts(self, backend):
        result = run(backend, near=(50.83, 3.27), radius_km=10)  # next to Kortrijk, 2nd location of 4
        assert result.pks == [4]
        assert result.hits[0].distance_km < 1

    def test_sort_by_distance_without_radius_puts_unlocated_last(self, backend):
        result = run(backend, near=GENT, sort="distance")
        assert result.total == 9
        assert result.pks[:2] in ([2, 7], [7, 2])
        assert result.pks[-1] == 9
        distances = [h.distance_km for h in result.hits if h.distance_km is not None]
        assert distances == sorted(distances)

    def test_radius_with_text_and_facets(self, backend):
        result = run(backend, text="opleiding", prefix_last=False, near=GENT, radius_km=60)
        assert set(result.pks) == {4, 7}  # Gent itself, and Brugge/Kortrijk at ~45 km; not Limburg
        assert facet(result, "province") == {"oost-vlaanderen": 1, "west-vlaanderen": 1}


class TestSorting:
    def test_date_sorts_on_next_session_from_today(self, backend):
        order = pks(backend, sort="date")
        # 9 (+1), 2 (+3), 1 (+10), 3 (+30), 5 (+45), 4 (+60; its past session is ignored), then no future date
        assert order[:6] == [9, 2, 1, 3, 5, 4]
        assert set(order[6:]) == {6, 7, 8}

    def test_newest_first(self, backend):
        assert pks(backend, sort="newest") == [9, 7, 6, 5, 4, 3, 2, 1, 8]

    def test_newest_first_within_the_same_second(self, backend, test_index):
        """An import saves many entries within one second: their order must not depend on the engine."""
        from datetime import timedelta

        newest = max(d.published_at for d in test_index.docs if d.published_at)
        second = newest.replace(microsecond=0) + timedelta(seconds=1)
        for pk, micros in ((1, 250_000), (8, 750_000), (4, 500_000)):
            next(d for d in test_index.docs if d.pk == pk).published_at = second + timedelta(microseconds=micros)
        services.rebuild(test_index.name, backend=backend)
        assert pks(backend, sort="newest")[:3] == [8, 4, 1]

    def test_pages(self, backend):
        first = run(backend, sort="newest", per_page=4, page=1)
        third = run(backend, sort="newest", per_page=4, page=3)
        assert first.total == third.total == 9
        assert first.pks == [9, 7, 6, 5] and third.pks == [8]
        assert run(backend, sort="newest", per_page=4, page=9).pks == []


class TestSuggestion:
    def test_typo_in_the_singular_suggests_the_plural_the_index_holds(self, backend):
        result = run(backend, text="baterij", prefix_last=False)
        assert result.total == 0
        assert result.suggestion == "batterijen"

    def test_typo_gets_a_suggestion(self, backend):
        result = run(backend, text="warmtepmop", prefix_last=False)
        assert result.total == 0
        assert result.suggestion == "warmtepomp"

    def test_known_words_get_none(self, backend):
        assert run(backend, text="lassen").suggestion is None
        assert run(backend, text="domot").suggestion is None  # a prefix being typed is not a typo

    def test_only_the_wrong_word_is_replaced(self, backend):
        assert run(backend, text="robotica automatiserign", prefix_last=False).suggestion == "robotica automatisering"


def test_many_locations_use_the_nearest_one(test_index):
    """A document with many locations is as near as its nearest one."""
    from innovet.search.registry import Document

    far = [(51.3 + i * 0.01, 2.6) for i in range(5)]  # the coast, five times
    test_index.docs.append(Document(60, "Mobiele werkplaats", "", {"kind": ["werkplekleren"]}, far + [(50.93, 5.33)]))
    services.rebuild(test_index.name)
    result = run("database", near=(50.9307, 5.3325), radius_km=5)
    assert 60 in result.pks
    hit = next(h for h in result.hits if h.pk == 60)
    assert hit.distance_km < 1
