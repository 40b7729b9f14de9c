"""'Bedoelde je …': replace unknown query words by the closest frequent word of the index vocabulary."""

from django.db.models.functions import Length

from .analysis import STOPWORDS, edit_distance, stem, words
from .models import VocabularyWord


def _max_distance(word):
    return 1 if len(word) <= 5 else 2


def _known(index_names, word, is_last, prefix_last):
    qs = VocabularyWord.objects.filter(index_name__in=index_names)
    if qs.filter(stem=stem(word)).exists():
        return True
    if is_last and prefix_last and qs.filter(word__startswith=word).exists():
        return True
    return False


def _closest(index_names, word):
    limit = _max_distance(word) + 1
    word_stem = stem(word)
    # A typo seldom hits the first letter: compare with words that share it and have a similar length
    # (up to three letters longer: a plural ending on top of a dropped letter).
    candidates = (
        VocabularyWord.objects.filter(index_name__in=index_names, word__startswith=word[0])
        .annotate(length=Length("word"))
        .filter(length__gte=len(word) - 2, length__lte=len(word) + 3)
        .values_list("word", "stem", "doc_count")
    )
    best = None
    for candidate, candidate_stem, count in candidates.iterator(chunk_size=2000):
        # Stems too: a typo in the singular ('baterij') is close to the plural the index holds ('batterijen');
        # at the same distance the word that is itself closer wins.
        by_word = edit_distance(word, candidate, limit)
        d = min(by_word, edit_distance(word_stem, candidate_stem, limit))
        if d < limit:
            key = (d, by_word, -count, candidate)
            if best is None or key < best:
                best = key
    return best[-1] if best else None


def suggest(index, text, prefix_last=True):
    ws = words(text)
    if not ws:
        return None
    last_meaningful = max((i for i, w in enumerate(ws) if w not in STOPWORDS), default=-1)
    changed = False
    out = []
    for i, w in enumerate(ws):
        if (
            w in STOPWORDS
            or w.isdigit()
            or len(w) < 3
            or _known(index.index_names, w, i == last_meaningful, prefix_last)
        ):
            out.append(w)
            continue
        replacement = _closest(index.index_names, w)
        if replacement and replacement != w:
            out.append(replacement)
            changed = True
        else:
            out.append(w)
    if not changed:
        return None
    return " ".join(out)
