"""Keeping ``Tally`` (respondent counts per question, row and option) in step with the answers.

Every write that adds or removes answers calls ``apply`` with the answer keys before and after, inside
the same transaction, so the counts are exactly what a GROUP BY on the answers would give
(``rebuild`` recomputes them from scratch; a test checks both agree).
"""

from collections import Counter

from django.db.models import Count, F

from .models import Answer, Option, Question, Tally


def keys(answers):
    """Respondent-level keys of one response's answers: dicts or tuples (question_id, row_id, option_id)."""
    result = set()
    for a in answers:
        if isinstance(a, dict):
            q, r, o = a["question_id"], a.get("row_id"), a.get("option_id")
        else:
            q, r, o = a
        r = r or 0
        result.add((q, r, 0))
        if o:
            result.add((q, r, o))
    return result


def ensure(version):
    """Create the (zero) tally rows of a version, so that later updates never race to insert them."""
    rows = []
    options = {}
    for option in Option.objects.filter(question__version=version):
        options.setdefault(option.question_id, []).append(option)
    for question in Question.objects.filter(version=version):
        opts = options.get(question.pk, [])
        matrix_rows = [o for o in opts if o.role == Option.Role.ROW]
        columns = [o for o in opts if o.role != Option.Role.ROW]
        rows.append(Tally(version=version, question=question))
        for r in matrix_rows or [None]:
            rid = r.pk if r else 0
            if r:
                rows.append(Tally(version=version, question=question, row=rid))
            for c in columns:
                rows.append(Tally(version=version, question=question, row=rid, option=c.pk))
    Tally.objects.bulk_create(rows, ignore_conflicts=True)


def apply(version_id, before, after):
    """Move the counts from the key set ``before`` to ``after`` (one response)."""
    deltas = Counter()
    for key in before - after:
        deltas[key] -= 1
    for key in after - before:
        deltas[key] += 1
    add(version_id, deltas)


def add(version_id, deltas):
    for (question_id, row, option), delta in deltas.items():
        if not delta:
            continue
        updated = Tally.objects.filter(question_id=question_id, row=row, option=option).update(n=F("n") + delta)
        if not updated:
            Tally.objects.create(version_id=version_id, question_id=question_id, row=row, option=option, n=delta)


def rebuild(version):
    """Recompute every count of a version from the answers (repair; slow on very large surveys)."""
    Tally.objects.filter(version=version).update(n=0)
    ensure(version)
    answers = Answer.objects.filter(question__version=version)
    counts = Counter()
    for q, r, o, n in (
        answers.filter(option__isnull=False).values_list("question_id", "row_id", "option_id").annotate(n=Count("id"))
    ):
        counts[(q, r or 0, o)] += n
    for q, r, n in answers.values_list("question_id", "row_id").annotate(n=Count("response_id", distinct=True)):
        counts[(q, r or 0, 0)] += n
    add(version.pk, counts)


def read(version):
    return {(t.question_id, t.row, t.option): t.n for t in Tally.objects.filter(version=version)}
