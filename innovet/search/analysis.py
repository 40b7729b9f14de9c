"""Dutch text analysis shared by every search backend.

One pinned algorithm for all backends: the classic Snowball Dutch stemmer, which ``snowballstemmer``
(>= 3) calls ``dutch_porter`` and PostgreSQL's ``dutch_stem`` dictionary implements (verified with
``ts_lexize('dutch_stem', ...)`` in ``tests/test_analysis.py``). ``snowballstemmer``'s ``dutch`` is
the newer Kraaij-Pohlmann algorithm and is *not* used.

On top of the stem we apply two Dutch spelling rules that the classic stemmer leaves out, so that a
plural and its singular meet (``lassen`` → ``lass`` → ``las``; ``bedrijven`` → ``bedrijv`` →
``bedrijf``): a final double consonant is undoubled and a final ``v``/``z`` becomes ``f``/``s``.
Every backend receives text that went through this one function (pre-analysed tokens), so all
backends match exactly the same documents.
"""

import re
import unicodedata
from functools import lru_cache

import snowballstemmer

STEMMER_ALGORITHM = "dutch_porter"
_stemmer = snowballstemmer.stemmer(STEMMER_ALGORITHM)

_TOKEN_RE = re.compile(r"[a-z0-9]+")
_VOWELS = set("aeiouy")

# Dutch function words (the PostgreSQL/Snowball Dutch stop list, shortened to words that never carry
# meaning in a search for training offers).
STOPWORDS = frozenset(
    """
    aan al alles als altijd ben bij da dan dat de der des deze die dit doch doen door dus een eens en
    er ge geen geweest haar had heb hebben heeft hem het hier hij hoe hun iemand iets ik in is ja je
    kan kon kunnen maar me meer men met mij mijn moet na naar niet niets nog nu of om omdat onder ons
    ook op over reeds te tegen toch toen tot u uit uw van veel voor want waren was wat werd wezen wie
    wil worden wordt zal ze zelf zich zij zijn zo zonder zou
    """.split()
)

MIN_PREFIX_LENGTH = 2


def fold(text):
    """Lower case without accents: 'Één Café' → 'een cafe'. Other non-ASCII characters are dropped."""
    text = text or ""
    if text.isascii():
        return text.lower()
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii").lower()


def words(text):
    """The folded words of a text, in order, stop words included."""
    return _TOKEN_RE.findall(fold(text))


@lru_cache(maxsize=200_000)
def stem(word):
    """The pinned stem of one folded word."""
    if word.isdigit() or len(word) < 3:
        return word
    s = _stemmer.stemWord(word)
    if len(s) >= 3 and s[-1] == s[-2] and s[-1] not in _VOWELS:
        s = s[:-1]
    if len(s) >= 3 and s[-1] == "v":
        s = s[:-1] + "f"
    elif len(s) >= 3 and s[-1] == "z":
        s = s[:-1] + "s"
    return s


def analyse(text):
    """Index tokens of a text: folded, stop words removed, stemmed (duplicates kept for term frequency)."""
    return [stem(w) for w in words(text) if w not in STOPWORDS]


def analysed_text(text):
    return " ".join(analyse(text))


def analyse_words(ws):
    """Index tokens for already folded words (see :func:`words`)."""
    return [stem(w) for w in ws if w not in STOPWORDS]


def index_terms(ws):
    """What the index stores for folded words: each stem, followed by the stems of its compound tails
    ('warmtepompen' → 'warmtepomp pomp', see ``compounds.py``), so a part of a compound finds it."""
    out = []
    for w in ws:
        out.extend(word_terms(w))
    return out


def analyse_lines(text):
    """(folded words, index terms) of a text, line by line: documents repeat whole lines (labels, names, an
    import's shared summaries), so a short line is analysed once. Words never span a line break, so this is
    ``words(text)`` and ``index_terms`` of them."""
    ws, terms = [], []
    for line in (text or "").split("\n"):
        line_words, line_terms = _line(line) if len(line) <= 300 else _analyse_line(line)
        ws.extend(line_words)
        terms.extend(line_terms)
    return ws, terms


def _analyse_line(line):
    ws = words(line)
    return tuple(ws), tuple(index_terms(ws))


_line = lru_cache(maxsize=4096)(_analyse_line)


@lru_cache(maxsize=200_000)
def word_terms(word):
    """The index terms of one folded word (none for a stop word): cached, as documents repeat their words."""
    from .compounds import tails

    if word in STOPWORDS:
        return ()
    return (stem(word), *(stem(t) for t in tails(word)))


class ParsedQuery:
    """A user's query split into required stems and, for the word being typed, a prefix.

    ``terms`` must all match (AND). ``prefix`` (or None) matches any token that starts with it; it
    replaces the exact match of the last word when prefix matching is on.
    """

    def __init__(self, terms, prefix, words):
        self.terms = terms
        self.prefix = prefix
        self.words = words

    @property
    def is_empty(self):
        return not self.terms and not self.prefix

    def all_tokens(self):
        return self.terms + ([self.prefix] if self.prefix else [])


def parse_query(text, prefix_last=True):
    ws = [w for w in words(text) if w not in STOPWORDS]
    if not ws:
        # A query of only stop words ('de', 'van') still searches for them: nothing is indexed, so
        # nothing matches, which is honest. We keep the words for the suggestion.
        raw = words(text)
        return ParsedQuery([stem(w) for w in raw], None, raw)
    terms = [stem(w) for w in ws]
    prefix = None
    if prefix_last and len(ws[-1]) >= MIN_PREFIX_LENGTH and not ws[-1].isdigit():
        # The stem of a word is (nearly always) a prefix of it, so 'stem*' also finds the word itself.
        prefix = terms.pop()
    # Deduplicate while keeping order.
    seen = set()
    terms = [t for t in terms if not (t in seen or seen.add(t))]
    if prefix in seen:
        prefix = None
    return ParsedQuery(terms, prefix, ws)


def edit_distance(a, b, limit=3):
    """Damerau-Levenshtein (optimal string alignment) distance, capped at ``limit``."""
    if abs(len(a) - len(b)) >= limit:
        return limit
    prev2 = None
    prev = list(range(len(b) + 1))
    for i in range(1, len(a) + 1):
        cur = [i] + [0] * len(b)
        best = cur[0]
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
            best = min(best, cur[j])
        if best >= limit:
            return limit
        prev2, prev = prev, cur
    return min(prev[len(b)], limit)
