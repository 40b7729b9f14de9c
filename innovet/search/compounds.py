"""Dutch compounds: a document with 'warmtepompen' is found by 'pomp', one with 'lasrobot' by 'robot'.

Dutch compounds are right-headed: a 'warmtepomp' is a kind of 'pomp'. So at indexing time a word is also
indexed under its tails, where a tail is what follows a split point that

* is a hyphenation point of the word in the Dutch hyphenation dictionary of ``pyphen`` (OpenTaal's
  patterns): splits fall between syllables, never inside one ('ren|ovatie' is no split of 'renovatie');
* leaves a tail that is a common Dutch word (at least four letters) and a head that is a word too, possibly
  with a linking 's', 'e' or 'en' ('bedrijfs|stage', 'zonne|panelen'), or is itself such a compound
  ('opleidings|centrum'). The word list is ``pyspellchecker``'s Dutch frequency list, words seen at least
  ``MIN_FREQUENCY`` times: rare entries ('oplei' is none, but 'sering' is) would split 'automatisering'.

Queries are not split: the tail tokens live in the index, so 'pomp' finds the compound and 'warmtepompen'
still finds only warmtepompen. The word list is read once per process from a small file that the first
process derives from pyspellchecker's list (about 31,000 words), so a writer never holds the 340,000-word
original.
"""

import os
from functools import lru_cache
from pathlib import Path

from django.conf import settings

MIN_FREQUENCY = 100
MIN_PART = 3  # a head: 'las' in 'lasrobot'
MIN_TAIL = 4  # a tail: three-letter syllables that are words too ('den', 'nis') split too much
COMPOUNDS_VERSION = f"cpd{MIN_FREQUENCY}/1"  # part of ANALYSIS_VERSION (40 characters at most)
LINKING = ("s", "e", "en")


def _lexicon_path():
    return Path(settings.VAR_DIR) / "search" / f"lexicon-nl-{MIN_FREQUENCY}.txt"


@lru_cache(maxsize=1)
def lexicon():
    """The Dutch words (folded, letters only) that may be parts of a compound."""
    path = _lexicon_path()
    try:
        return frozenset(path.read_text(encoding="ascii").split())
    except FileNotFoundError:
        pass
    from spellchecker import SpellChecker

    from .analysis import fold

    frequencies = SpellChecker(language="nl", distance=1).word_frequency.dictionary
    words = sorted(
        {fold(w) for w, count in frequencies.items() if count >= MIN_FREQUENCY and len(w) >= MIN_PART and w.isalpha()}
    )
    del frequencies
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text("\n".join(words), encoding="ascii")
    os.replace(tmp, path)  # atomic: another process reads the whole list or none
    return frozenset(words)


@lru_cache(maxsize=1)
def _hyphenator():
    import pyphen

    return pyphen.Pyphen(lang="nl_NL")


def _is_head(head):
    words = lexicon()
    if head in words:
        return True
    for link in LINKING:
        if head.endswith(link) and len(head) - len(link) >= MIN_PART:
            stripped = head[: -len(link)]
            if stripped in words:
                return True
            if len(stripped) > MIN_PART and stripped[-1] == stripped[-2] and stripped[:-1] in words:
                return True  # 'zonne' → 'zonn' → 'zon'
    return bool(tails(head))


@lru_cache(maxsize=100_000)
def tails(word):
    """The tails of a folded word that are words of their own, longest first: 'warmtepompen' → ('pompen',)."""
    if len(word) < MIN_PART + MIN_TAIL or not word.isalpha():
        return ()
    words = lexicon()
    out = []
    for position in _hyphenator().positions(word):
        head, tail = word[:position], word[position:]
        if len(head) >= MIN_PART and len(tail) >= MIN_TAIL and tail in words and _is_head(head):
            out.append(tail)
    return tuple(out)
