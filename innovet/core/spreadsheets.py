"""Exports that open in a spreadsheet program must not carry formulas (CSV/formula injection, OWASP).

Every CSV and XLSX export goes through these helpers: a CSV value that a spreadsheet would read as a
formula (it starts with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return) gets a leading
apostrophe, and XLSX string cells are always written as text cells (never as formula or error cells).
Plain numbers such as ``-3`` or ``-2,5`` stay as they are: they can't run anything.
"""

import re

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d[\d.,]*")


def neutralise(value):
    """The value as a CSV cell may hold it: text that would start a formula gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.fullmatch(value):
        return "'" + value
    return value


def neutralise_row(row):
    return [neutralise(value) for value in row]


def text_cell(sheet, value):
    """An XLSX cell for ``value``: strings become text cells whatever they start with (openpyxl would
    otherwise store ``=...`` as a formula and ``#N/A`` as an error); other values pass unchanged."""
    if not isinstance(value, str):
        return value
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell


# openpyxl reads a string starting with these as a formula (=) or possibly an error value (#N/A ...).
_NOT_TEXT_IN_OPENPYXL = ("=", "#")


def text_row(sheet, row):
    """A row for ``sheet.append``: only the strings openpyxl would not keep as text get their own cell
    (cheap for large exports, where nearly every cell is plain text or a number). A fresh cell each
    time: write-only sheets reuse an appended cell object for the values after it."""
    return [text_cell(sheet, v) if v.__class__ is str and v[:1] in _NOT_TEXT_IN_OPENPYXL else v for v in row]
