"""Exports of a survey's answers: one row per respondent (CSV and XLSX) and the codebook that explains
the columns.

A cell tells 'not shown' (the respondent got that far and the routing hid the question), 'not reached' (the
respondent stopped, or was screened out, before its page; also for follow-ups whose trigger was never
reached) and 'shown but not answered' (empty) apart. The rows are built a chunk of respondents at a
time as a matrix of cell codes with numpy: every answer row is placed by table lookups instead of
Python code per cell, which keeps the export of 100,000 respondents (17 million cells) within the
issue's 30 seconds, in bounded memory.
"""

import csv
import io

import numpy as np
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from innovet.core.spreadsheets import neutralise, neutralise_row, text_row

from .models import Answer, QuestionKind, Response
from .selectors import format_number, responses

NOT_SHOWN = "[niet getoond]"
NOT_REACHED = "[niet bereikt]"

# Cell codes below FIRST_LABEL; an option's label has code FIRST_LABEL + its index in Plan.labels.
EMPTY, ZERO, ONE, SHOWN_NOT, REACHED_NOT, TEXT = range(6)
FIRST_LABEL = 6


def export_columns(structure):
    """[(column name, question, kind of cell, option/row)], one row per respondent in the export."""
    columns = []
    for q in structure.questions:
        choices = structure.choices[q.pk]
        if q.kind == QuestionKind.CONTACT:
            continue  # kept apart from the answers (GDPR); see the contact list
        if q.kind in (QuestionKind.SINGLE, QuestionKind.YES_NO):
            columns.append((q.key, q, "single", None))
            for o in choices:
                if o.is_other:
                    columns.append((f"{q.key}_{o.key}_tekst", q, "other", o))
        elif q.is_multi:
            for o in choices:
                columns.append((f"{q.key}_{o.key}", q, "flag", o))
                if o.is_other:
                    columns.append((f"{q.key}_{o.key}_tekst", q, "other", o))
        elif q.kind == QuestionKind.MATRIX:
            for r in structure.rows[q.pk]:
                columns.append((f"{q.key}_{r.key}", q, "row", r))
                if r.is_other:
                    columns.append((f"{q.key}_{r.key}_tekst", q, "rowtext", r))
        elif q.kind == QuestionKind.MATRIX_MULTIPLE:
            for r in structure.rows[q.pk]:
                for c in choices:
                    columns.append((f"{q.key}_{r.key}_{c.key}", q, "cell", (r, c)))
                if r.is_other:
                    columns.append((f"{q.key}_{r.key}_tekst", q, "rowtext", r))
        else:
            columns.append((q.key, q, "value", None))
    return columns


def export_header(structure, identified=False):
    head = ["respondent", "status", "versie", "begonnen", "afgerond"]
    if identified:
        head += ["naam", "e-mailadres"]
    return head + [c[0] for c in export_columns(structure)]


def _fmt_dt(value, zone):
    return value.astimezone(zone).strftime("%Y-%m-%d %H:%M") if value else ""


class _Lookup:
    """Maps integer ids to integers, vectorised (sorted keys + searchsorted); ``missing`` otherwise."""

    def __init__(self, mapping, missing=-1):
        self.keys = np.array(sorted(mapping), dtype=np.int64)
        self.values = np.array([mapping[k] for k in self.keys.tolist()], dtype=np.int64)
        self.missing = missing

    def __call__(self, ids):
        if not len(self.keys):
            return np.full(len(ids), self.missing, dtype=np.int64)
        pos = np.minimum(np.searchsorted(self.keys, ids), len(self.keys) - 1)
        return np.where(self.keys[pos] == ids, self.values[pos], self.missing)


class _Groups:
    """Named sets of columns as a padded matrix: cells of many (respondent, group) pairs set at once."""

    def __init__(self, groups):
        width = max((len(cols) for cols in groups), default=0)
        self.columns = np.full((len(groups), max(width, 1)), -1, dtype=np.int64)
        for i, cols in enumerate(groups):
            self.columns[i, : len(cols)] = cols

    def assign(self, matrix, rows, groups, code):
        if not len(rows):
            return
        cols = self.columns[groups]
        keep = cols >= 0
        matrix[np.broadcast_to(rows[:, None], cols.shape)[keep], cols[keep]] = code


class _Plan:
    """Everything about the export that depends on the questionnaire alone, worked out once."""

    def __init__(self, structure):
        self.structure = structure
        self.columns = export_columns(structure)
        self.width = len(self.columns)
        self.labels = [o.label for o in structure.option_by_id.values()]
        label_code = {pk: FIRST_LABEL + i for i, pk in enumerate(structure.option_by_id)}
        self.label_code = _Lookup(label_code, missing=EMPTY)
        page_position = {p.pk: p.position for p in structure.pages}

        flag_col, cell_col, single_col, row_col, other_col, rowtext_col, value_col = {}, {}, {}, {}, {}, {}, {}
        # The 0/1 columns of one multiple-answer question or of one row of a multiple-answer matrix.
        zero_groups, zero_by_question, zero_by_row = [], {}, {}

        def zero_group(groups_by, key, column):
            if key not in groups_by:
                groups_by[key] = len(zero_groups)
                zero_groups.append([])
            zero_groups[groups_by[key]].append(column)

        question_cols = {}
        for j, (_name, q, kind, ref) in enumerate(self.columns):
            question_cols.setdefault(q.pk, []).append(j)
            if kind == "flag":
                flag_col[ref.pk] = j
                zero_group(zero_by_question, q.pk, j)
            elif kind == "cell":
                row, column = ref
                cell_col[(row.pk, column.pk)] = j
                zero_group(zero_by_row, row.pk, j)
            elif kind == "single":
                single_col[q.pk] = j
            elif kind == "row":
                row_col[ref.pk] = j
            elif kind == "other":
                other_col[ref.pk] = j
            elif kind == "rowtext":
                rowtext_col[ref.pk] = j
            else:
                value_col[q.pk] = j
        self.flag_col = _Lookup(flag_col)
        # (row, column) pairs of multiple-answer matrices, as one integer key.
        self.pair_col = _Lookup({row * (1 << 32) + col: j for (row, col), j in cell_col.items()})
        # Answers are read as (respondent, row, option): the option tells its question.
        question_of = {pk: o.question_id for pk, o in structure.option_by_id.items()}
        self.single_col = _Lookup({pk: single_col[q] for pk, q in question_of.items() if q in single_col})
        self.row_col = _Lookup(row_col)
        self.other_col, self.rowtext_col, self.value_col = other_col, rowtext_col, value_col
        self.zero_groups = _Groups(zero_groups)
        self.zero_by_option = _Lookup(
            {pk: zero_by_question[q] for pk, q in question_of.items() if q in zero_by_question}
        )
        self.zero_by_row = _Lookup(zero_by_row)

        # Per question: its columns, page position and (for the routing) its condition as option-id sets.
        exported = [q for q in structure.questions if q.pk in question_cols]
        self.question_groups = _Groups([question_cols[q.pk] for q in exported])
        self.question_page = np.array([page_position[q.page_id] for q in exported], dtype=np.int64)
        routing = structure.condition_keys()
        routed = sorted(o.pk for o in structure.option_by_id.values() if structure.by_id[o.question_id].key in routing)
        self.routed = _Lookup({pk: i for i, pk in enumerate(routed)})
        self.n_routed = len(routed)
        self.conditions = []  # (question index, [[routed option indexes of one condition item], ...])
        for i, q in enumerate(exported):
            show_if = list(structure.page_by_id[q.page_id].show_if or []) + list(q.show_if or [])
            if show_if:
                self.conditions.append((i, [self._option_indexes(item) for item in show_if]))

    def _option_indexes(self, item):
        question = self.structure.by_key.get(item.get("question"))
        wanted = set(item.get("any", []))
        pks = [o.pk for o in self.structure.choices.get(question.pk, []) if o.key in wanted] if question else []
        return self.routed(np.array(pks, dtype=np.int64)).tolist()

    def matrix(self, n, furthest, complete, answers, texts):
        """Cell codes (n × width) and the free texts {(row, column): text} for one chunk of respondents.

        ``answers``: int arrays (respondent index, matrix row or 0, chosen option);
        ``texts``: (respondent index, question, row or 0, option or 0, text, number) with a text or number.
        """
        resp, row, option = answers
        cells = np.full((n, self.width), EMPTY, dtype=np.int32)
        # Shown and answered: the flags of a multiple-answer question (or matrix row) start at 0 ...
        for groups in (self.zero_by_option(option), self.zero_by_row(row)):
            hit = groups >= 0
            if not hit.any():
                continue
            pairs = np.unique(resp[hit] * len(self.zero_groups.columns) + groups[hit])
            rows, group = np.divmod(pairs, len(self.zero_groups.columns))
            self.zero_groups.assign(cells, rows, group, ZERO)
        # ... and the chosen options are 1; single answers and matrix rows show the option's label.
        for cols in (self.flag_col(option), self.pair_col(row * (1 << 32) + option)):
            hit = cols >= 0
            cells[resp[hit], cols[hit]] = ONE
        labels = self.label_code(option)
        for cols in (self.single_col(option), self.row_col(row)):
            hit = cols >= 0
            cells[resp[hit], cols[hit]] = labels[hit]
        free = {}
        for r, q, row_id, option_id, text, number in texts:
            if option_id in self.other_col:
                j, value = self.other_col[option_id], text
            elif row_id in self.rowtext_col:
                j, value = self.rowtext_col[row_id], text
            elif q in self.value_col:
                j, value = self.value_col[q], format_number(number) if number is not None else text
            else:
                continue
            if value and (r, j) not in free:
                free[(r, j)] = value
                cells[r, j] = TEXT
        # Stopped before the page (and not completed): not reached. Hidden by the routing: not shown, but only
        # where the respondent got that far; a follow-up whose trigger was never answered because the
        # respondent stopped earlier stays 'not reached' (an unanswered trigger fails every condition).
        not_reached = (self.question_page[None, :] > furthest[:, None]) & ~complete[:, None]
        rows, questions = np.nonzero(not_reached)
        self.question_groups.assign(cells, rows, questions, REACHED_NOT)
        if self.conditions:
            chosen = np.zeros((n, max(self.n_routed, 1)), dtype=bool)
            routed = self.routed(option)
            hit = routed >= 0
            chosen[resp[hit], routed[hit]] = True
            for index, items in self.conditions:
                visible = np.ones(n, dtype=bool)
                for options in items:
                    visible &= chosen[:, options].any(axis=1) if options else False
                hidden = np.flatnonzero(~visible & ~not_reached[:, index])
                self.question_groups.assign(cells, hidden, np.full(len(hidden), index), SHOWN_NOT)
        return cells, free

    def values(self):
        """The value of each cell code, as an object array to index with the code matrix."""
        return np.array(["", 0, 1, NOT_SHOWN, NOT_REACHED, ""] + self.labels, dtype=object)


def export_rows(structure, filters=None, chunk=2000, identified=False, as_csv=False):
    """Yield one list per respondent, streaming in chunks (bounded memory); with ``as_csv`` one CSV line
    each instead (the cells quoted once per distinct value rather than once per cell)."""
    plan = _Plan(structure)
    values = plan.values()
    field = _safe_csv_field if as_csv else _same
    if as_csv:
        values = np.array([_safe_csv_field(v) for v in values], dtype=object)
    table = connection.ops.quote_name(Answer._meta.db_table)
    where = f"FROM {table} WHERE response_id >= %s AND response_id <= %s"
    # The chosen options as one comma-separated string, parsed by numpy: a Python tuple per answer row
    # (some 60 per respondent) costs more than the query itself.
    concat = "string_agg" if connection.vendor == "postgresql" else "group_concat"
    options_sql = (
        f"SELECT {concat}(response_id || ',' || COALESCE(row_id, 0) || ',' || option_id, ',') {where}"
        " AND option_id IS NOT NULL"
    )
    texts_sql = (
        f"SELECT response_id, question_id, COALESCE(row_id, 0), COALESCE(option_id, 0), text, number {where}"
        " AND ((text IS NOT NULL AND text <> '') OR number IS NOT NULL)"
    )
    zone = timezone.get_current_timezone()
    version = structure.version.number
    status_labels = {key: str(label) for key, label in Response.Status.choices}
    qs = responses(structure.version, filters).order_by("pk")
    fields = ["pk", "status", "furthest_page", "started_at", "completed_at"]
    if identified:
        fields += ["invitation__name", "invitation__email"]
    last = 0
    while True:
        batch = list(qs.filter(pk__gt=last).values_list(*fields)[:chunk])
        if not batch:
            return
        first_id, last = batch[0][0], batch[-1][0]
        ids = np.array([record[0] for record in batch], dtype=np.int64)
        with connection.cursor() as cursor:
            cursor.execute(options_sql, [first_id, last])
            rows = np.fromstring(cursor.fetchone()[0] or "", dtype=np.int64, sep=",").reshape(-1, 3)
            cursor.execute(texts_sql, [first_id, last])
            text_rows = cursor.fetchall()
        # Answers of responses outside this chunk (filtered out, other versions) fall in the id range too.
        position = np.minimum(np.searchsorted(ids, rows[:, 0]), len(ids) - 1)
        mine = ids[position] == rows[:, 0]
        answers = (position[mine], rows[mine, 1], rows[mine, 2])
        index = {rid: i for i, rid in enumerate(ids.tolist())}
        texts = [(index[t[0]], *t[1:]) for t in text_rows if t[0] in index]
        furthest = np.array([record[2] for record in batch], dtype=np.int64)
        complete = np.array([record[1] == Response.Status.COMPLETED for record in batch], dtype=bool)
        cells, free = plan.matrix(len(batch), furthest, complete, answers, texts)
        out = values[cells]
        for (r, j), text in free.items():
            if cells[r, j] == TEXT:  # not overruled by 'not shown' or 'not reached'
                out[r, j] = field(text)
        for record, cells_of_row in zip(batch, out.tolist(), strict=True):
            rid, status, _furthest, started, completed = record[:5]
            head = [rid, status_labels.get(status, status), version, _fmt_dt(started, zone), _fmt_dt(completed, zone)]
            if identified:
                head += [record[5] or "", record[6] or ""]
            if as_csv:
                yield ";".join([field(value) for value in head] + cells_of_row) + "\r\n"
            else:
                yield head + cells_of_row


def _same(value):
    return value


def _csv_field(value):
    """One CSV field as the csv module writes it with ';' (quoted only when it has to be)."""
    text = str(value)
    if any(c in text for c in ';"\r\n'):
        return '"' + text.replace('"', '""') + '"'
    return text


def _safe_csv_field(value):
    """A CSV field that a spreadsheet won't run as a formula (answers come from anonymous people)."""
    return _csv_field(neutralise(value))


def csv_stream(structure, filters=None, identified=False, chunk=2000):
    """CSV lines (UTF-8 with BOM, ';' separated: opens right in Excel with Belgian settings)."""
    yield "\ufeff" + ";".join(_safe_csv_field(name) for name in export_header(structure, identified)) + "\r\n"
    buffer = []
    for line in export_rows(structure, filters, chunk=chunk, identified=identified, as_csv=True):
        buffer.append(line)
        if len(buffer) >= 500:
            yield "".join(buffer)
            buffer = []
    if buffer:
        yield "".join(buffer)


def codebook(structure, identified=False):
    """Rows describing every export column (in the export's order): name, question, page, kind, condition,
    values."""
    from .definition import condition_text

    for q in structure.questions:
        q.prefetched_options = structure.choices[q.pk]
    by_key = structure.by_key
    when = _("datum en uur (JJJJ-MM-DD UU:MM, Belgische tijd)")
    rows = [
        ["respondent", _("Volgnummer van het antwoordformulier"), "", "", "", ""],
        ["status", _("Begonnen, Volledig ingevuld of Beëindigd door een antwoord"), "", "", "", ""],
        ["versie", _("Versie van de vragenlijst"), "", "", "", ""],
        ["begonnen", _("Moment waarop de respondent de bevraging startte"), "", "", "", when],
        [
            "afgerond",
            _("Moment waarop de respondent de bevraging afrondde (leeg: niet afgerond)"),
            "",
            "",
            "",
            when,
        ],
    ]
    if identified:
        rows += [
            ["naam", _("Naam uit de persoonlijke uitnodiging"), "", "", "", ""],
            ["e-mailadres", _("E-mailadres uit de persoonlijke uitnodiging"), "", "", "", ""],
        ]
    page_title = {p.pk: p for p in structure.pages}
    for name, q, kind, ref in export_columns(structure):
        page = page_title[q.page_id]
        condition = " ; ".join(
            filter(
                None,
                [
                    condition_text(page.show_if, by_key) and _("pagina: ") + condition_text(page.show_if, by_key),
                    condition_text(q.show_if, by_key),
                ],
            )
        )
        if kind == "single":
            values = " | ".join(o.label for o in structure.choices[q.pk])
        elif kind in ("flag", "cell"):
            values = _("1 = gekozen, 0 = niet gekozen (vraag wel beantwoord)")
        elif kind == "row":
            values = " | ".join(o.label for o in structure.choices[q.pk])
        elif kind in ("other", "rowtext"):
            values = _("vrije tekst bij ‘%(label)s’") % {"label": (ref[0] if isinstance(ref, tuple) else ref).label}
        else:
            values = str(q.get_kind_display())
        label = q.text
        if kind in ("flag", "other"):
            label = f"{q.text} – {ref.label}"
        elif kind in ("row", "rowtext"):
            label = f"{q.text} – {ref.label}"
        elif kind == "cell":
            label = f"{q.text} – {ref[0].label} – {ref[1].label}"
        rows.append(
            [name, str(label), f"{page.position}. {page.title}", str(q.get_kind_display()), str(condition), str(values)]
        )
    rows.append(["", _("Lege cel: vraag getoond maar niet beantwoord."), "", "", "", ""])
    rows.append(
        [
            "",
            _("%(m)s: de respondent kwam tot deze vraag, maar de routering verborg ze (door een eerder antwoord).")
            % {"m": NOT_SHOWN},
            "",
            "",
            "",
            "",
        ]
    )
    rows.append(
        [
            "",
            _(
                "%(m)s: de respondent stopte vóór deze pagina of werd eerder beëindigd door een antwoord "
                "(ook bij vervolgvragen waarvan de voorafgaande vraag nooit bereikt werd)."
            )
            % {"m": NOT_REACHED},
            "",
            "",
            "",
            "",
        ]
    )
    return rows


CODEBOOK_HEADER = ["variabele", "vraag", "pagina", "soort", "tonen als", "waarden"]


def codebook_csv(structure, identified=False):
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";")
    writer.writerow(CODEBOOK_HEADER)
    writer.writerows(neutralise_row(row) for row in codebook(structure, identified))
    return "\ufeff" + out.getvalue()


def write_xlsx(structure, path, filters=None, identified=False):
    """Write the answers and the codebook to an .xlsx file (write-only mode: bounded memory)."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Antwoorden"))
    sheet.append(export_header(structure, identified))
    for row in export_rows(structure, filters, identified=identified):
        sheet.append(text_row(sheet, row))  # text cells: an answer '=HYPERLINK(...)' is no formula
    book = workbook.create_sheet(_("Codeboek"))
    book.append(CODEBOOK_HEADER)
    for row in codebook(structure, identified):
        book.append(text_row(book, row))
    workbook.save(path)
