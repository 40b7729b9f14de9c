"""Reads for surveys: lists, the completion funnel, frequencies, cross-tabs, open answers and exports.

Each indicator is defined once here and reused by pages, exports and the benchmark. All counting happens
in SQL (GROUP BY on the indexed answer table); Python only shapes the figures.

Definitions:
- opened: times the opening screen was shown (per version); started: responses created;
  'voorbij pagina k': responses that submitted page k or a later one (k answered, or skipped by the
  routing); completed: reached the end.
- A percentage is always of *respondents* who answered the question (for multiple-answer questions too,
  so the percentages add up to more than 100%), never of answers.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import numpy as np
from django.db import connection
from django.db.models import Avg, Count, Max, Min, Q
from django.utils.translation import gettext as _

from innovet.core.models import AuditLog
from innovet.organisations.permissions import organisation_ids

from . import tallies
from .models import TEXT_KINDS, Answer, Code, QuestionKind, Response, Survey
from .structure import load_structure


def surveys_for(user):
    qs = Survey.objects.select_related("organisation", "current_version")
    if user.is_superuser:
        return qs
    return qs.filter(organisation_id__in=organisation_ids(user))


def dashboard_panel(request):
    """'Mijn InnoVET': the surveys of the user's organisations (the department's main work), newest first."""
    user = request.user
    if not user.is_authenticated or not (user.is_superuser or organisation_ids(user)):
        return None
    surveys = list(
        surveys_for(user)
        .annotate(n_completed=Count("responses", filter=Q(responses__status=Response.Status.COMPLETED)))
        .order_by("-created_at", "-pk")[:5]
    )
    return {"surveys": surveys} if surveys else None


def history(survey, limit=20):
    from innovet.core.audit import grouped_history

    return grouped_history(AuditLog.objects.for_object(survey), limit)


# --- filters --------------------------------------------------------------------------------------


@dataclass
class Filters:
    """Restricts reports to some respondents: by answers (question id -> option ids) and completeness."""

    answers: dict = field(default_factory=dict)
    complete_only: bool = False

    def __bool__(self):
        return bool(self.answers) or self.complete_only


def parse_filters(structure, querydict):
    filters = Filters(complete_only=querydict.get("volledig") == "1")
    for value in querydict.getlist("f"):
        try:
            question_id, option_id = (int(x) for x in value.split(":", 1))
        except ValueError:
            continue
        option = structure.option_by_id.get(option_id)
        if question_id in structure.by_id and option is not None and option.question_id == question_id:
            filters.answers.setdefault(question_id, set()).add(option_id)
    return filters


def responses(version, filters=None):
    qs = Response.objects.filter(version=version)
    if filters:
        if filters.complete_only:
            qs = qs.filter(status=Response.Status.COMPLETED)
        for question_id, option_ids in filters.answers.items():
            qs = qs.filter(
                pk__in=Answer.objects.filter(question_id=question_id, option_id__in=option_ids).values("response_id")
            )
    return qs


def _answers(structure, filters=None):
    qs = Answer.objects.filter(question_id__in=list(structure.by_id))
    if filters:
        qs = qs.filter(response_id__in=responses(structure.version, filters).values("pk"))
    return qs


# --- funnel ---------------------------------------------------------------------------------------


def funnel(structure, filters=None):
    """Steps of the completion funnel: [{"label", "n", "pct_of_started"}]."""
    version = structure.version
    qs = responses(version, filters)
    by_page, status = Counter(), Counter()
    for furthest, state, n in qs.order_by().values_list("furthest_page", "status").annotate(n=Count("pk")):
        by_page[furthest] += n
        status[state] += n
    started = sum(by_page.values())
    steps = []
    if not filters:
        steps.append({"label": _("Openingsscherm bekeken"), "n": max(version.opened_count, started)})
    steps.append({"label": _("Begonnen"), "n": started})
    for page in structure.pages:
        n = sum(count for position, count in by_page.items() if position >= page.position)
        steps.append(
            {"label": _("Voorbij pagina %(n)s: %(title)s") % {"n": page.position, "title": page.title}, "n": n}
        )
    steps.append({"label": _("Volledig ingevuld"), "n": status.get(Response.Status.COMPLETED, 0)})
    base = steps[0]["n"] or 0
    for step in steps:
        step["pct"] = round(100 * step["n"] / base, 1) if base else 0
    return {
        "steps": steps,
        "started": started,
        "completed": status.get(Response.Status.COMPLETED, 0),
        "screened_out": status.get(Response.Status.SCREENED_OUT, 0),
        "in_progress": status.get(Response.Status.STARTED, 0),
        "opened": version.opened_count,
    }


# --- frequencies ----------------------------------------------------------------------------------


def _pct(n, base):
    return round(100 * n / base, 1) if base else 0.0


def frequencies(structure, filters=None):
    """Per question: respondents, and per option (per matrix row) N and % of respondents."""
    answers = _answers(structure, filters)
    counts, distinct_bases, stats = {}, {}, {}
    number_ids = [q.pk for q in structure.questions if q.kind == QuestionKind.NUMBER]
    if not filters:
        # Unfiltered: the running tallies (a few hundred rows), kept exact by every submit.
        for (question_id, row, option), n in tallies.read(structure.version).items():
            if option:
                counts[(question_id, row or None, option)] = n
            else:
                distinct_bases[(question_id, row or None)] = n
        for question in structure.questions:
            if question.kind in (QuestionKind.NUMBER, *TEXT_KINDS):
                stats[question.pk] = {"n": distinct_bases.get((question.pk, None), 0)}
        if number_ids:
            for row in (
                answers.filter(question_id__in=number_ids)
                .values("question_id")
                .annotate(avg=Avg("number"), low=Min("number"), high=Max("number"))
            ):
                stats[row["question_id"]].update(row)
    else:
        counts, distinct_bases, stats = _live_counts(structure, answers)
    results = _shape_frequencies(structure, counts, distinct_bases, stats)
    coded = code_frequencies(structure, filters)
    for item in results:
        item["codes"] = [
            {"code": code, "label": code.label, "n": n, "pct": _pct(n, item["base"])}
            for code, n in coded.get(item["question"].pk, [])
        ]
    return results


def code_frequencies(structure, filters=None):
    """Per question: [(code, respondents whose answer to it carries that code)], by label.

    Codes on open answers ('Ander, namelijk: DBSO' coded 'DBSO') then count like answer options, with a
    percentage of the question's respondents, as the study's Tabel 3 lists DBSO and Se-n-Se next to BSO.
    """
    respondents = {}
    for question_id, response_id, code in _coded_answers(structure, filters):
        respondents.setdefault(question_id, {}).setdefault(code, set()).add(response_id)
    return {
        question_id: [(code, len(ids)) for code, ids in sorted(by_code.items(), key=_code_order)]
        for question_id, by_code in respondents.items()
    }


def _code_order(pair):
    return (pair[0].label.lower(), pair[0].pk)


def _coded_answers(structure, filters=None, question=None):
    """(question id, response id, code) of every coded answer of this version (within the filters).

    Read from the survey's codes outwards (coded by hand, so few): two small queries, never a scan of the
    version's answers, which keeps unfiltered reports on the tallies' speed.
    """
    through = Code.answers.through
    links = list(
        through.objects.filter(code__survey_id=structure.version.survey_id).values_list(
            "answer_id", "code_id", "code__label"
        )
    )
    if not links:
        return []
    codes = {
        code_id: Code(pk=code_id, survey_id=structure.version.survey_id, label=label) for _a, code_id, label in links
    }
    answers = _answers(structure, filters).filter(pk__in=[answer_id for answer_id, _c, _l in links])
    if question is not None:
        answers = answers.filter(question_id=question.pk)
    found = {pk: (q, r) for pk, q, r in answers.values_list("pk", "question_id", "response_id")}
    return [(*found[answer_id], codes[code_id]) for answer_id, code_id, _label in links if answer_id in found]


def _live_counts(structure, answers):
    counts = {}
    for question_id, row_id, option_id, n in (
        answers.filter(option__isnull=False).values_list("question_id", "row_id", "option_id").annotate(n=Count("id"))
    ):
        counts[(question_id, row_id, option_id)] = n
    multi_ids = [q.pk for q in structure.questions if q.is_multi or q.kind == QuestionKind.MATRIX_MULTIPLE]
    distinct_bases = {}
    if multi_ids:
        for question_id, row_id, n in (
            answers.filter(question_id__in=multi_ids)
            .values_list("question_id", "row_id")
            .annotate(n=Count("response_id", distinct=True))
        ):
            distinct_bases[(question_id, row_id)] = n
    other_ids = [q.pk for q in structure.questions if q.kind in (QuestionKind.NUMBER, *TEXT_KINDS)]
    stats = {}
    if other_ids:
        for row in (
            answers.filter(question_id__in=other_ids)
            .values("question_id")
            .annotate(n=Count("id"), avg=Avg("number"), low=Min("number"), high=Max("number"))
        ):
            stats[row["question_id"]] = row
    return counts, distinct_bases, stats


def _shape_frequencies(structure, counts, distinct_bases, stats):
    results = []
    for question in structure.questions:
        item = {"question": question, "kind": question.kind}
        choices = structure.choices[question.pk]
        if question.is_matrix:
            item["rows"] = []
            for row in structure.rows[question.pk]:
                cells = [counts.get((question.pk, row.pk, c.pk), 0) for c in choices]
                base = (
                    distinct_bases.get((question.pk, row.pk))
                    if question.kind == QuestionKind.MATRIX_MULTIPLE or (question.pk, row.pk) in distinct_bases
                    else sum(cells)
                )
                base = base or 0
                item["rows"].append(
                    {
                        "row": row,
                        "base": base,
                        "cells": [
                            {"option": c, "n": n, "pct": _pct(n, base)} for c, n in zip(choices, cells, strict=True)
                        ],
                    }
                )
            item["columns"] = choices
            item["base"] = max((r["base"] for r in item["rows"]), default=0)
        elif question.is_choice:
            ns = [counts.get((question.pk, None, c.pk), 0) for c in choices]
            base = distinct_bases.get((question.pk, None), 0) if question.is_multi else sum(ns)
            item["base"] = base
            item["options"] = [{"option": c, "n": n, "pct": _pct(n, base)} for c, n in zip(choices, ns, strict=True)]
        else:
            row = stats.get(question.pk, {})
            item["base"] = row.get("n", 0)
            if question.kind == QuestionKind.NUMBER:
                item["avg"], item["min"], item["max"] = row.get("avg"), row.get("low"), row.get("high")
        results.append(item)
    return results


def chart_data(freqs):
    """What the charts draw (json_script): the same figures as the tables."""
    charts = {}
    for item in freqs:
        q = item["question"]
        if "options" in item:
            codes = item.get("codes", [])
            charts[q.key] = {
                "type": "bar",
                "labels": [o["option"].label for o in item["options"]]
                + [_("%(label)s (code)") % {"label": c["label"]} for c in codes],
                "datasets": [
                    {
                        "label": _("% respondenten"),
                        "data": [o["pct"] for o in item["options"]] + [c["pct"] for c in codes],
                    }
                ],
            }
        elif "rows" in item:
            charts[q.key] = {
                "type": "stacked",
                "labels": [r["row"].label for r in item["rows"]],
                "datasets": [
                    {"label": c.label, "data": [r["cells"][i]["pct"] for r in item["rows"]]}
                    for i, c in enumerate(item["columns"])
                ],
            }
    return charts


# --- cross-tabs -----------------------------------------------------------------------------------


def crosstab(structure, question, by_question, filters=None):
    """Respondents per (option of ``question``) × (option of ``by_question``), with N and % per cell.

    A cell's % is of the respondents in that column (that background group) who answered ``question``;
    the last column is everyone who answered both. Codes given to the questions' open answers ('Ander,
    namelijk' coded 'DBSO') join as extra rows (and columns), counted like options.
    """
    # Two covering-index scans, then counting in numpy: respondents × options as 0/1 matrices, and the
    # cells are one matrix product. A self-join of the answer table is several times slower on SQLite.
    # A code takes part as a pseudo-option with the negative code id (option ids are positive).
    codes_a, code_pairs_a = _code_pairs(structure, question, filters)
    codes_b, code_pairs_b = _code_pairs(structure, by_question, filters)
    a_options = [o.pk for o in structure.choices[question.pk]] + [-c.pk for c in codes_a]
    b_options = [o.pk for o in structure.choices[by_question.pk]] + [-c.pk for c in codes_b]
    pairs_a = np.concatenate([_pair_array(structure, question, filters), code_pairs_a])
    pairs_b = np.concatenate([_pair_array(structure, by_question, filters), code_pairs_b])
    cells, row_totals, col_totals, total = Counter(), Counter(), Counter(), 0
    if len(pairs_a) and len(pairs_b):
        low = int(min(pairs_a[:, 0].min(), pairs_b[:, 0].min()))
        high = int(max(pairs_a[:, 0].max(), pairs_b[:, 0].max()))
        matrix_a = _membership(pairs_a, low, high, a_options)
        matrix_b = _membership(pairs_b, low, high, b_options)
        any_a, any_b = matrix_a.any(axis=1), matrix_b.any(axis=1)
        product = matrix_a.T.astype(np.int32) @ matrix_b.astype(np.int32)
        for i, a in enumerate(a_options):
            for j, b in enumerate(b_options):
                cells[(a, b)] = int(product[i, j])
        row_totals.update(dict(zip(a_options, matrix_a[any_b].sum(axis=0).tolist(), strict=True)))
        col_totals.update(dict(zip(b_options, matrix_b[any_a].sum(axis=0).tolist(), strict=True)))
        total = int((any_a & any_b).sum())
    # (key in the matrices, option or None, code or None) per row and per column.
    row_heads = [(o.pk, o, None) for o in structure.choices[question.pk]] + [(-c.pk, None, c) for c in codes_a]
    col_heads = [(o.pk, o, None) for o in structure.choices[by_question.pk]] + [(-c.pk, None, c) for c in codes_b]
    rows = []
    for a, option, code in row_heads:
        rows.append(
            {
                "option": option,
                "code": code,
                "label": option.label if option else code.label,
                "cells": [
                    {"n": cells.get((a, b), 0), "pct": _pct(cells.get((a, b), 0), col_totals.get(b, 0))}
                    for b, _option, _code in col_heads
                ],
                "total": {"n": row_totals.get(a, 0), "pct": _pct(row_totals.get(a, 0), total)},
            }
        )
    return {
        "question": question,
        "by": by_question,
        "columns": [
            {"option": o, "code": c, "label": o.label if o else c.label, "n": col_totals.get(b, 0)}
            for b, o, c in col_heads
        ],
        "rows": rows,
        "total": total,
        "has_codes": bool(codes_a or codes_b),
    }


def _code_pairs(structure, question, filters=None):
    """The codes on a question's answers (by label) and (response id, -code id) pairs, one per coded
    answer."""
    coded = _coded_answers(structure, filters, question)
    codes = sorted({code.pk: code for _q, _r, code in coded}.values(), key=lambda c: _code_order((c,)))
    pairs = [(response_id, -code.pk) for _q, response_id, code in coded]
    return codes, np.array(pairs, dtype=np.int64).reshape(-1, 2)


def _pair_array(structure, question, filters=None):
    rows = list(_choice_pairs(structure, question, filters))
    return np.array(rows, dtype=np.int64).reshape(-1, 2)


def _membership(pairs, low, high, option_ids):
    """Boolean matrix: respondent (response id - low) × option (position in ``option_ids``)."""
    matrix = np.zeros((high - low + 1, len(option_ids)), dtype=bool)
    ids = np.array(option_ids, dtype=np.int64)
    order = np.argsort(ids)
    slot = np.clip(np.searchsorted(ids[order], pairs[:, 1]), 0, len(ids) - 1)
    known = ids[order][slot] == pairs[:, 1]
    matrix[pairs[known, 0] - low, order[slot][known]] = True
    return matrix


def _choice_pairs(structure, question, filters=None):
    """(response id, option id) of every chosen option of a question: one covering-index scan."""
    table = connection.ops.quote_name(Answer._meta.db_table)
    sql = f"SELECT response_id, option_id FROM {table} WHERE question_id = %s AND option_id IS NOT NULL"
    params = [question.pk]
    if filters:
        sub_sql, sub_params = responses(structure.version, filters).values("pk").query.sql_with_params()
        sql += f" AND response_id IN ({sub_sql})"
        params += list(sub_params)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        while True:
            chunk = cursor.fetchmany(50000)
            if not chunk:
                break
            yield from chunk


def choice_questions(structure):
    return [q for q in structure.questions if q.is_choice]


# --- open answers ---------------------------------------------------------------------------------


def open_answers(structure, question, search="", code_id=None, filters=None):
    qs = _answers(structure, filters).filter(question=question).exclude(text="")
    if search:
        qs = qs.filter(text__icontains=search)
    if code_id:
        qs = qs.filter(codes__id=code_id)
    return qs.select_related("option", "row").prefetch_related("codes").order_by("-response_id")


def text_questions(structure):
    """Questions with free text: open questions and 'Ander, namelijk' options."""
    result = []
    for q in structure.questions:
        if q.is_text or any(o.is_other for o in structure.choices[q.pk] + structure.rows[q.pk]):
            result.append(q)
    return result


def code_counts(survey, question=None):
    answers_filter = Q(answers__question=question) if question else Q()
    return (
        Code.objects.filter(survey=survey)
        .annotate(n=Count("answers", filter=answers_filter, distinct=True))
        .order_by("-n", "label")
    )


def contacts(survey):
    from .models import RespondentContact

    return RespondentContact.objects.filter(response__survey=survey).select_related("response").order_by("-created_at")


# --- one respondent ------------------------------------------------------------------------------


def _readable(structure, question, answers):
    parts = []
    for a in answers:
        if a.option_id:
            label = structure.option_by_id[a.option_id].label
            if a.row_id:
                label = f"{structure.option_by_id[a.row_id].label}: {label}"
            parts.append(f"{label} ({a.text})" if a.text else label)
        elif a.number is not None:
            parts.append(format_number(a.number))
        elif a.text:
            parts.append(a.text)
    return "; ".join(parts)


def response_answers(response):
    """[(question text, readable answer)] for the copy a respondent can ask for."""
    structure = load_structure(response.version)
    by_question = {}
    for a in Answer.objects.filter(response=response):
        by_question.setdefault(a.question_id, []).append(a)
    return [(q.text, _readable(structure, q, by_question[q.pk])) for q in structure.questions if q.pk in by_question]


def format_number(value):
    if value is None:
        return ""
    if isinstance(value, float | int):  # SQLite hands back plain numbers
        value = Decimal(str(value))
    text = f"{value.normalize():f}" if hasattr(value, "normalize") else str(value)
    return text.replace(".", ",")
