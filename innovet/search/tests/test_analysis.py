import pytest
from django.db import connection

from innovet.search.analysis import STEMMER_ALGORITHM, analyse, edit_distance, fold, parse_query, stem

PAIRS = [
    ("leerling", "leerlingen"),
    ("las", "lassen"),
    ("elektricien", "elektriciens"),
    ("warmtepomp", "warmtepompen"),
    ("zonnepaneel", "zonnepanelen"),
    ("opleiding", "opleidingen"),
    ("bedrijf", "bedrijven"),
    ("prijs", "prijzen"),
    ("kapper", "kappers"),
    ("elektrisch", "elektrische"),
]


@pytest.mark.parametrize(("singular", "plural"), PAIRS)
def test_dutch_word_pairs_share_one_stem(singular, plural):
    assert stem(singular) == stem(plural)


def test_unrelated_words_keep_different_stems():
    assert stem("lassen") != stem("laser")
    assert stem("robotica") != stem("robot")


def test_accents_and_case_are_ignored():
    assert fold("Élektriciën CAFÉ één") == "elektricien cafe een"
    assert analyse("Elektriciën") == analyse("elektricien")


def test_stop_words_are_not_indexed():
    assert analyse("de opleiding voor het lassen") == [stem("opleiding"), stem("lassen")]


def test_query_last_word_becomes_a_prefix_while_typing():
    parsed = parse_query("warmtepompen in de klas leerl")
    assert parsed.terms == [stem("warmtepompen"), stem("klas")]
    assert parsed.prefix == stem("leerl")
    whole = parse_query("warmtepompen leerl", prefix_last=False)
    assert whole.prefix is None and whole.terms == [stem("warmtepompen"), stem("leerl")]


def test_edit_distance_counts_transpositions_as_one():
    assert edit_distance("warmtepmop", "warmtepomp") == 1
    assert edit_distance("elektricein", "elektricien") == 1
    assert edit_distance("robot", "robotica", limit=3) == 3


@pytest.mark.django_db
def test_pinned_stemmer_is_the_one_postgresql_uses():
    """snowballstemmer's dutch_porter must give exactly PostgreSQL's dutch_stem (classic Snowball)."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL's dutch_stem dictionary")
    from snowballstemmer import stemmer

    assert STEMMER_ALGORITHM == "dutch_porter"
    classic = stemmer("dutch_porter")
    words = [w for pair in PAIRS for w in pair] + ["automatisering", "isolatietechnieken", "ondernemingen"]
    with connection.cursor() as cursor:
        for word in words:
            cursor.execute("SELECT ts_lexize('dutch_stem', %s)", [word])
            assert cursor.fetchone()[0] == [classic.stemWord(word)], word
