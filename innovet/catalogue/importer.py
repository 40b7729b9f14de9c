"""Exchange of offers with spreadsheets: the template, reading and checking an upload, the export.

The import and the export use the same columns, so an exported file can be edited and imported again.
Errors name the row (as the spreadsheet numbers it: the header is row 1), the column and what is wrong.

Reading streams: a CSV is decoded as it is read and an XLSX is opened in openpyxl's read-only mode
after its zip archive was checked (entries, uncompressed size, compression ratio), so a hostile file
costs neither memory nor time; reading stops at the row limit. Checking applies every rule the save
applies (the model's own field validation included) and writes each valid row as one normalised JSON
line; the commit reads those lines and never validates again, so a file that passes the check commits.
"""

import codecs
import collections
import csv
import gzip
import io
import itertools
import json
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal

import filetype
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from innovet.core.spreadsheets import FORMULA_START, neutralise_row, text_row
from innovet.geo.models import Postcode
from innovet.geo.services import Location, resolve_postcode
from innovet.taxonomy.models import Term

from .models import Audience, Offer, OfferLocation, needs_address, within_school_hours

# Limits of one import. 100,000 rows are checked and committed in about a minute (bench/imports.py).
MAX_ROWS = 100_000
MAX_FILE_MB = 100
MAX_COLUMNS = 60  # the template has 34; cells further right are not read
# An XLSX is a zip archive: these bound what it may inflate to before anything parses it.
MAX_ZIP_ENTRIES = 250
MAX_UNCOMPRESSED_MB = 600
MAX_SHARED_STRINGS_MB = 150  # openpyxl keeps the shared strings in memory
MAX_RATIO = 100  # spreadsheet XML compresses 5–30×; a bomb 1,000× and more
MAX_ERRORS = 1000  # errors kept per import (the count of all of them is reported)
MEMO_SIZE = 5000  # distinct cell texts whose verdict is remembered, per column
FIRST_YEAR, LAST_YEAR = 1990, 2200  # dates outside are typing errors (and some overflow the database)
NEUTRALISED = FORMULA_START  # the export prefixes these with ' so spreadsheets show them as text

# (column header, key, vocabulary or kind, required). Headers are the file format: keep them stable.
COLUMNS = [
    ("titel", "title", "text", True),
    ("korte omschrijving", "summary", "text", True),
    ("omschrijving", "description", "text", True),
    ("doelen", "goals", "text", False),
    ("soort", "kind", "aanbodsoort", True),
    ("pijler", "pillar", "pijler", False),
    ("thema's", "themes", "thema*", False),
    ("transitieprioriteiten", "transition_priorities", "transitieprioriteit*", False),
    ("studiedomeinen", "studiedomeinen", "studiedomein*", False),
    ("graden", "graden", "graad*", False),
    ("onderwijsvormen", "onderwijsvormen", "onderwijsvorm*", False),
    ("type nood", "need_types", "noodtype*", False),
    ("voor wie", "audience", "audience", False),
    ("kostprijs", "cost", "money", False),
    ("duur (uren)", "duration_hours", "hours", False),
    ("periode", "period", "text", False),
    ("aantal plaatsen", "capacity", "capacity", False),
    ("locatietype", "location_type", "locatietype", False),
    ("locatienaam", "location_name", "text", False),
    ("straat", "location_street", "text", False),
    ("postcode", "postcode", "postcode", False),
    ("sessies", "sessions", "sessions", False),
    ("merkneutraal", "brand_neutral", "yesno", False),
    ("leverancier", "supplier", "text", False),
    ("inschrijven (link)", "registration_url", "url", False),
    ("inschrijven (contact)", "registration_info", "text", False),
    ("contactpersoon", "contact_name", "text", False),
    ("e-mail contactpersoon", "contact_email", "email", False),
    ("geldig vanaf", "valid_from", "date", False),
    ("geldig tot", "valid_until", "date", False),
    ("leerplandoelen", "curriculum_goals", "text", False),
    ("beroepskwalificaties", "professional_qualifications", "text", False),
    ("lesgever vaktechnisch", "trainer_technical", "text", False),
    ("lesgever didactisch", "trainer_didactic", "text", False),
]
HEADERS = [c[0] for c in COLUMNS]
HEADER_OF = {key: header for header, key, _kind, _required in COLUMNS}
M2M_KEYS = [key for _h, key, kind, _r in COLUMNS if kind.endswith("*")]
# The Offer fields an import sets: checked with the model's own field validation (lengths, digits, ranges).
OFFER_FIELDS = [
    "title",
    "summary",
    "description",
    "goals",
    "audience",
    "cost",
    "duration_hours",
    "period",
    "capacity",
    "brand_neutral",
    "supplier",
    "registration_url",
    "registration_info",
    "contact_name",
    "contact_email",
    "valid_from",
    "valid_until",
    "curriculum_goals",
    "professional_qualifications",
    "trainer_technical",
    "trainer_didactic",
]
LOCATION_FIELDS = {"name": "location_name", "street": "location_street"}
# NUL and the other control characters (tab and line breaks excepted): PostgreSQL refuses NUL, and an
# XLSX export cannot hold any of them.
_URL, _EMAIL = URLValidator(), EmailValidator()
# A link's scheme, host and port up to its path, in the plain characters whose verdict carries over (no user,
# IPv6 or international host: those links go through the validator whole).
_URL_HEAD = re.compile(r"(?:https?|ftps?)://[A-Za-z0-9.:-]+(?=/)")
_NO_SPACE = re.compile(r"\S*\Z")
_NO_VALUE = object()  # a cell's verdict when the column gets no value (it has an error)
_CONTROL = dict.fromkeys(c for c in range(32) if c not in (9, 10, 13))


# --- the upload itself ---------------------------------------------------------------------------


def check_upload(upload, max_bytes):
    """Refuse what is too large or not really a CSV/XLSX (checked by content, not only by name)."""
    if upload.size > max_bytes:
        raise ValidationError(
            _("Het bestand is %(size).1f MB; het maximum is %(max)d MB.")
            % {"size": upload.size / 1024 / 1024, "max": max_bytes // 1024 // 1024}
        )
    if upload.size == 0:
        raise ValidationError(_("Het bestand is leeg."))
    name = upload.name.lower()
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    if name.endswith(".xlsx"):
        if not head.startswith(b"PK"):
            raise ValidationError(_("Dit is geen echt XLSX-bestand (Excel-werkmap). Bewaar het opnieuw als .xlsx."))
        check_archive(upload)
    elif name.endswith(".csv"):
        if b"\x00" in head or filetype.guess(head) is not None:
            raise ValidationError(_("Dit is geen tekstbestand met kommagescheiden waarden (CSV)."))
        try:
            head.decode("utf-8")
        except UnicodeDecodeError as exc:
            # A multi-byte character cut off at the end of the sample is no reason to refuse.
            if exc.start < len(head) - 4:
                try:
                    head.decode("cp1252")
                except UnicodeDecodeError:
                    raise ValidationError(
                        _("De tekst van het CSV-bestand is niet leesbaar: bewaar het als UTF-8.")
                    ) from None
    else:
        raise ValidationError(_("Enkel CSV- of XLSX-bestanden worden aanvaard."))
    return upload


def check_archive(fileobj):
    """Refuse an XLSX whose zip archive would inflate beyond what a real workbook of this size needs.

    Only the archive's directory is read. The sizes it declares are binding: Python's zipfile never
    returns more bytes than an entry declares (and fails on a wrong checksum), so they bound what
    openpyxl can inflate later.
    """
    not_xlsx = _("Dit is geen echt XLSX-bestand (Excel-werkmap). Bewaar het opnieuw als .xlsx.")
    fileobj.seek(0)
    try:
        with zipfile.ZipFile(fileobj) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError, EOFError):
        raise ValidationError(not_xlsx) from None
    finally:
        fileobj.seek(0)
    names = {info.filename for info in infos}
    if "xl/workbook.xml" not in names or "[Content_Types].xml" not in names:
        raise ValidationError(not_xlsx)
    if len(infos) > MAX_ZIP_ENTRIES:
        raise ValidationError(
            _("Het XLSX-bestand bestaat uit %(n)d onderdelen; een werkmap voor de import heeft er hoogstens %(max)d.")
            % {"n": len(infos), "max": MAX_ZIP_ENTRIES}
        )
    total = sum(info.file_size for info in infos)
    if total > MAX_UNCOMPRESSED_MB * 1024 * 1024:
        raise ValidationError(
            _("Het XLSX-bestand wordt uitgepakt %(size)d MB groot; het maximum is %(max)d MB. Splits het op.")
            % {"size": total // 1024 // 1024, "max": MAX_UNCOMPRESSED_MB}
        )
    for info in infos:
        if info.file_size > 1024 * 1024 and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise ValidationError(
                _(
                    "Het XLSX-bestand is verdacht sterk samengeperst (%(part)s wordt %(ratio)d keer groter bij het "
                    "uitpakken). Bewaar het opnieuw vanuit je rekenblad of gebruik CSV."
                )
                % {"part": info.filename, "ratio": info.file_size // max(info.compress_size, 1)}
            )
        if info.filename.lower().endswith("sharedstrings.xml") and info.file_size > MAX_SHARED_STRINGS_MB << 20:
            raise ValidationError(
                _("Het XLSX-bestand bevat meer dan %(max)d MB tekst. Splits het op of gebruik CSV.")
                % {"max": MAX_SHARED_STRINGS_MB}
            )


# --- reading rows ---------------------------------------------------------------------------------


def _binary(fileobj):
    """The real file object under Django's File wrappers (TextIOWrapper needs one)."""
    while hasattr(fileobj, "file") and not isinstance(fileobj, io.IOBase):
        fileobj = fileobj.file
    return fileobj


def _blank(values):
    return not any(v is not None and str(v).strip() for v in values)


class SheetReader:
    """Streams the rows of a CSV or XLSX: ``headers``, then ``rows()`` yields (row number, values).

    Row numbers are the ones the spreadsheet shows (the header is row 1). At most ``MAX_ROWS`` data
    rows are read: one more and reading stops with a Dutch error. ``fraction()`` estimates progress.
    """

    def __init__(self, fileobj, name):
        self.fileobj = _binary(fileobj)
        self.xlsx = name.lower().endswith(".xlsx")
        self._workbook = None
        self._position = lambda: 0
        self.size = 1
        self.done = False
        self._rows = self._open_xlsx() if self.xlsx else self._open_csv()
        self.headers = None
        for number, values in self._rows:
            if not _blank(values):
                self.header_row = number
                self.headers = [_text(h).lower() for h in values]
                break
        if self.headers is None:
            self.close()
            raise ValidationError(_("Het bestand bevat geen rijen."))
        while self.headers and not self.headers[-1]:
            self.headers.pop()

    def rows(self):
        count = 0
        try:
            for number, values in self._rows:
                if _blank(values):
                    continue
                count += 1
                if count > MAX_ROWS:
                    raise ValidationError(
                        _(
                            "Het bestand telt meer dan %(max)s rijen. "
                            "Splits het op in delen van hoogstens %(max)s rijen."
                        )
                        % {"max": f"{MAX_ROWS:,}".replace(",", ".")}
                    )
                yield number, values
        finally:
            self.done = True  # the file is closed: the rows read last may still be being checked
            self.close()

    def fraction(self):
        if self.done:
            return 1.0
        return min(1.0, self._position() / self.size) if self.size else 0.0

    def close(self):
        if self._workbook is not None:
            self._workbook.close()
            self._workbook = None

    # CSV: decoded while read; the encoding is decided by one pass over the bytes (no copy in memory).
    def _open_csv(self):
        raw = self.fileobj
        raw.seek(0, io.SEEK_END)
        self.size = raw.tell() or 1
        raw.seek(0)
        decoder = codecs.getincrementaldecoder("utf-8")()
        encoding = "utf-8-sig"
        try:
            while chunk := raw.read(1 << 20):
                decoder.decode(chunk)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            encoding = "cp1252"
        raw.seek(0)
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        self._position = raw.tell
        return self._csv_rows(text)

    def _csv_rows(self, text):
        number = 0
        try:
            first = text.readline()
            # Belgian Excel writes ';', others ','. Decided on the header line (a sniffer trips over "thema's").
            delimiter = max([";", ",", "\t"], key=first.count)
            reader = csv.reader(_chain(first, text), delimiter=delimiter)
            for number, values in enumerate(reader, start=1):  # noqa: B007 - number is reported on error
                yield number, values
        except csv.Error as exc:
            raise ValidationError(
                _(
                    "Rij %(row)d kan niet gelezen worden: een cel is langer dan %(max)s tekens of een "
                    "aanhalingsteken wordt niet gesloten (%(error)s)."
                )
                % {"row": number + 1, "max": f"{csv.field_size_limit():,}".replace(",", "."), "error": exc}
            ) from None
        except UnicodeDecodeError:
            raise ValidationError(
                _("Rij %(row)d bevat tekens die niet te lezen zijn: bewaar het bestand als UTF-8.")
                % {"row": number + 1}
            ) from None

    # XLSX: the archive is checked first, then read-only streaming (constant memory per row).
    def _open_xlsx(self):
        from openpyxl import load_workbook

        check_archive(self.fileobj)
        try:
            self._workbook = load_workbook(self.fileobj, read_only=True, data_only=False)
            sheet = self._workbook.worksheets[0]
            merged = _merged_ranges(self._workbook, sheet)
        except ValidationError:
            raise
        except Exception:  # openpyxl raises many kinds for a damaged file
            self.close()
            raise ValidationError(_("Het XLSX-bestand kan niet gelezen worden: het is beschadigd.")) from None
        if merged:
            self.close()
            raise ValidationError(
                _("Het werkblad bevat samengevoegde cellen (%(ranges)s). Maak ze los: elke waarde in één cel.")
                % {"ranges": ", ".join(merged)}
            )
        self.size = sheet.max_row or 1  # the sheet's own dimension: an estimate only
        self._done = 0
        self._position = lambda: self._done
        return self._xlsx_rows(sheet)

    def _xlsx_rows(self, sheet):
        try:
            for row in sheet.iter_rows(max_col=MAX_COLUMNS):
                values, formulas = [], []
                number = None
                for cell in row:
                    if getattr(cell, "row", None) is not None:
                        number = cell.row
                    if cell.data_type == "f":
                        formulas.append(cell.coordinate)
                    values.append(cell.value)
                if formulas:
                    raise ValidationError(
                        _(
                            "Het werkblad bevat formules (cel %(cells)s). Vervang ze door hun waarde "
                            "(kopiëren, plakken als waarde)."
                        )
                        % {"cells": ", ".join(formulas[:5])}
                    )
                self._done += 1
                yield (number or self._done), values
        except ValidationError:
            raise
        except Exception:  # a damaged part of the archive shows only while it is read
            raise ValidationError(
                _("Het XLSX-bestand kan niet gelezen worden: het is beschadigd (na rij %(row)d).") % {"row": self._done}
            ) from None


def _chain(first, rest):
    yield first
    yield from rest


_MERGE_RE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([^"]{1,40})"')


def _merged_ranges(workbook, sheet, limit=5):
    """Merged cells of the sheet (read-only mode does not parse them): a streaming scan of its XML."""
    path = getattr(sheet, "_worksheet_path", None)
    archive = getattr(workbook, "_archive", None)
    if not path or archive is None:
        return []
    found, tail = [], b""
    with archive.open(path) as source:
        while chunk := source.read(1 << 20):
            data = tail + chunk
            if b"mergeCell" in data:
                found.extend(m.decode("ascii", "replace") for m in _MERGE_RE.findall(data))
                if len(found) >= limit:
                    break
                data = data[data.rfind(b"<") :] if b"<" in data[-200:] else b""
                tail = data
            else:
                tail = data[-200:]
    return list(dict.fromkeys(found))[:limit]


def _text(value):
    """A cell as text: NUL and control characters removed, the export's formula-neutralising quote undone."""
    if value is None:
        return ""
    if isinstance(value, str):
        text = value.translate(_CONTROL).strip()
        if text[:1] == "'" and text[1:2] in NEUTRALISED:
            text = text[1:]
        return text
    if isinstance(value, bool):
        return "ja" if value else "nee"
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d/%m/%Y")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_rows(fileobj, name):
    """Return (headers, rows) with rows as lists of strings (small files, tests). Raises a Dutch ValidationError."""
    reader = SheetReader(fileobj, name)
    return reader.headers, [[_text(v) for v in values] for _n, values in reader.rows()]


# --- numbers --------------------------------------------------------------------------------------

_INTEGER = re.compile(r"^\d+$")
_BELGIAN = re.compile(r"^\d{1,3}(\.\d{3})+(,\d+)?$|^\d+,\d+$")  # 1.234,50  1.234.567  1234,50
_POINT = re.compile(r"^\d+\.\d+$")  # 75.5 (not with three decimals: that could be 75 thousand)


class NumberError(ValueError):
    def __init__(self, code):
        super().__init__(code)
        self.code = code


def parse_number(value):
    """A number as a Decimal from a cell: spreadsheet numbers as they are, text in Belgian or plain form.

    Accepted: 1234,50 · 1.234,50 · 1234 · 1234.5. Refused as ambiguous: 1,234.50 (English), 1.234 and
    1,234 (thousand separator or decimals?). Never NaN or infinity.
    """
    if isinstance(value, bool):
        raise NumberError("invalid")
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise NumberError("invalid")
        return Decimal(repr(value))
    if isinstance(value, Decimal):
        if not value.is_finite():
            raise NumberError("invalid")
        return value
    text = _text(value).replace("€", "").replace(" ", "").replace("\u00a0", "").replace("\u202f", "")
    negative = text.startswith("-")
    digits = text[1:] if negative else text
    if _INTEGER.match(digits):
        number = Decimal(digits)
    elif re.match(r"^\d+,\d{3}$|^\d{1,3}\.\d{3}$", digits):
        raise NumberError("ambiguous")
    elif _BELGIAN.match(digits):
        number = Decimal(digits.replace(".", "").replace(",", "."))
    elif _POINT.match(digits):
        number = Decimal(digits)
    elif re.match(r"^[\d.,]+$", digits) and "," in digits and "." in digits:
        raise NumberError("ambiguous")
    else:
        raise NumberError("invalid")
    return -number if negative else number


# --- checking rows ------------------------------------------------------------------------------


class Vocabularies:
    """Label or code → Term, per vocabulary; read once per import."""

    def __init__(self):
        self.maps = {}
        self.by_id = {}
        codes = {c[2].rstrip("*") for c in COLUMNS} & {
            "aanbodsoort",
            "pijler",
            "thema",
            "transitieprioriteit",
            "studiedomein",
            "graad",
            "onderwijsvorm",
            "noodtype",
            "locatietype",
        }
        for term in Term.objects.filter(vocabulary__code__in=codes, active=True).select_related("vocabulary", "parent"):
            lookup = self.maps.setdefault(term.vocabulary.code, {})
            lookup[term.label.strip().lower()] = term
            lookup[term.code.lower()] = term
            self.by_id[term.pk] = term

    def find(self, vocabulary, value):
        return self.maps.get(vocabulary, {}).get(value.strip().lower())


def check_headers(headers):
    missing = [h for h, _key, _kind, required in COLUMNS if required and h not in headers]
    unknown = [h for h in headers if h and h not in HEADERS]
    errors = []
    if missing:
        errors.append(
            {
                "row": 1,
                "column": ", ".join(missing),
                "message": _("Verplichte kolom ontbreekt. Gebruik het sjabloon."),
            }
        )
    if unknown:
        errors.append(
            {
                "row": 1,
                "column": ", ".join(unknown),
                "message": _("Onbekende kolom: deze wordt niet gelezen. Gebruik de namen van het sjabloon."),
            }
        )
    return errors, not missing


_DATE_RES = [
    (re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$"), (3, 2, 1)),
    (re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"), (1, 2, 3)),
    (re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$"), (3, 2, 1)),
]


def _in_range(value):
    if not FIRST_YEAR <= value.year <= LAST_YEAR:
        raise ValueError
    return value


def _parse_date(value):
    """dd/mm/jjjj (or jjjj-mm-dd, dd-mm-jjjj) without strptime, which costs more than the rest of a row."""
    if isinstance(value, datetime):
        return _in_range(value.date())
    if isinstance(value, date):
        return _in_range(value)
    text = value.strip()
    for pattern, (y, m, d) in _DATE_RES:
        match = pattern.match(text)
        if match:
            return _in_range(date(int(match[y]), int(match[m]), int(match[d])))  # ValueError for 31/02
    raise ValueError


def _local(day, clock):
    """'12/03/2027' and '09:30' as an aware datetime in the platform's time zone (Europe/Brussels)."""
    return datetime.combine(_parse_date(day), _parse_time(clock), tzinfo=timezone.get_default_timezone())


def _parse_time(text):
    hours, minutes = text.split(":")
    return datetime.min.time().replace(hour=int(hours), minute=int(minutes))  # ValueError when out of range


SESSION_RE = re.compile(
    r"^(\d{1,2}/\d{1,2}/\d{4})\s+(\d{1,2}:\d{2})\s*-\s*(?:(\d{1,2}/\d{1,2}/\d{4})\s+)?(\d{1,2}:\d{2})$"
)


def parse_sessions(value):
    """'12/03/2027 09:00-16:00; 19/03/2027 13:00-16:00' or '12/03/2027 09:00-14/03/2027 16:00'."""
    sessions = []
    for i, part in enumerate((p.strip() for p in value.split(";") if p.strip()), start=1):
        match = SESSION_RE.match(part)
        try:
            if not match:
                raise ValueError
            day, start, end_day, end = match.groups()
            starts = _local(day, start)
            ends = _local(end_day or day, end)
        except ValueError:
            raise ValidationError(
                _("Sessie %(n)d ('%(text)s') is niet te lezen: schrijf dd/mm/jjjj uu:mm-uu:mm.")
                % {"n": i, "text": part[:60]}
            ) from None
        if ends <= starts:
            raise ValidationError(_("Sessie %(n)d: het einde ligt vóór of op het begin.") % {"n": i})
        sessions.append({"title": "", "starts_at": starts, "ends_at": ends, "location_index": 0})
    return sessions


def _number_message(kind, value, code):
    hints = {
        "money": _("schrijf bv. 1234,50 of 1.234,50"),
        "hours": _("schrijf bv. 2 of 2,5"),
        "capacity": _("schrijf een geheel getal, bv. 1000"),
    }
    if code == "ambiguous":
        return _("'%(value)s' is dubbelzinnig (duizendtal of decimalen?): %(hint)s.") % {
            "value": value,
            "hint": hints[kind],
        }
    what = {"money": _("geen bedrag"), "hours": _("geen aantal uren"), "capacity": _("geen geheel getal")}[kind]
    return _("'%(value)s' is %(what)s: %(hint)s.") % {"value": value[:40], "what": what, "hint": hints[kind]}


def validate_url(value, heads):
    """Django's ``URLValidator``, faster for a file whose links differ in their path only (one per row). Past the
    host its pattern refuses only whitespace (``(?:[/?#][^\\s]*)?``), so a link whose scheme and host passed
    once (``heads``, bounded) needs only that test for the rest."""
    head = _URL_HEAD.match(value)
    if head and len(value) <= _URL.max_length and _NO_SPACE.match(value, head.end()):
        if head.group() in heads:
            return
        _URL(head.group() + "/")
        if len(heads) < MEMO_SIZE:
            heads.add(head.group())
        return
    _URL(value)


def _json_default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    raise TypeError(type(value))


class Checker:
    """Checks rows against every rule the save applies; a row without errors becomes a record (plain JSON)."""

    def __init__(self, headers):
        self.headers = headers
        # The template's columns present in this file, with their position (the last one of a repeated header).
        where = {header: i for i, header in enumerate(headers) if header}
        # Each with its verdicts so far per distinct cell text (see check_row).
        self.plan = [(where[c[0]], *c, {}) for c in COLUMNS if c[0] in where]
        self.vocabularies = Vocabularies()
        self.places = {}
        self.audiences = {c.lower(): c for c in Audience.values} | {str(lab).lower(): c for c, lab in Audience.choices}
        # The model fields' own rules, gathered once: what Model.clean_fields() applies for each field.
        self.offer_rules = _field_rules(Offer, {name: name for name in OFFER_FIELDS})
        self.location_rules = _field_rules(OfferLocation, LOCATION_FIELDS)
        self.passed = {rule[1]: set() for rule in self.offer_rules + self.location_rules}
        self.url_heads = set()  # see validate_url
        # Every postcode at once (a few thousand), as resolve_postcode would answer each.
        for row in Postcode.objects.select_related("province").order_by("code", "place_name"):
            self.places.setdefault(
                row.code,
                Location(row.code, row.place_name, row.municipality, row.province, row.latitude, row.longitude),
            )

    def place(self, code):
        found = self.places.get(code)
        if found is None:
            found = self.places[code] = resolve_postcode(code)  # raises the Dutch error for an unknown code
        return found

    def check_row(self, number, values):
        """Return (record or None, [errors]) for one spreadsheet row."""
        data, errors, bad = {}, [], set()
        size = len(values)

        def error(column, message):
            errors.append({"row": number, "column": column, "message": str(message)})
            bad.add(column)

        for index, header, key, kind, required, memo in self.plan:
            raw = values[index] if index < size else None
            if raw is None or raw == "":
                value = ""
            elif type(raw) is str:
                value = raw.strip()
                if not value.isprintable() or value[:1] == "'":
                    value = _text(value)
            else:
                value = _text(raw)
            if not value:
                if required:
                    error(header, _("Verplicht: vul deze cel in."))
                continue
            if kind == "text":
                data[key] = value
                continue
            # The other columns' verdict depends on the cell alone, and files repeat their codes, labels, amounts
            # and dates: each distinct text is judged once per file (spreadsheet numbers and dates are not
            # remembered: 1, 1.0 and True are equal keys).
            verdict = memo.get(raw) if type(raw) is str else None
            if verdict is None:
                verdict = self._verdict(kind, value, raw)
                if type(raw) is str and len(memo) < MEMO_SIZE:
                    memo[raw] = verdict
            result, messages = verdict
            for message in messages:
                error(header, message)
            if result is not _NO_VALUE:
                data[key] = result
        self._check_together(data, bad, error)
        offer = self._check_model(data, bad, error)
        location = self._check_location(data, bad, error)
        if errors:
            return None, errors
        return self._record(number, data, offer, location), []

    def _verdict(self, kind, value, raw):
        """(the column's value or _NO_VALUE, [Dutch messages]) of one non-empty cell of a non-text column."""
        if kind.endswith("*"):
            found, messages = [], []
            for label in (v for v in value.split(";") if v.strip()):
                term = self.vocabularies.find(kind[:-1], label)
                if term is None:
                    messages.append(_("'%(value)s' staat niet in de lijst.") % {"value": label.strip()[:80]})
                elif term not in found:
                    found.append(term)
            return found, messages
        if kind in ("aanbodsoort", "pijler", "locatietype"):
            term = self.vocabularies.find(kind, value)
            if term is None:
                return _NO_VALUE, [_("'%(value)s' staat niet in de lijst.") % {"value": value[:80]}]
            return term, []
        if kind == "audience":
            if value.lower() not in self.audiences:
                return _NO_VALUE, [_("Kies individueel, team of beide.")]
            return self.audiences[value.lower()], []
        if kind in ("money", "hours", "capacity"):
            try:
                amount = parse_number(raw)
            except NumberError as exc:
                return _NO_VALUE, [_number_message(kind, value, exc.code)]
            if kind == "money":
                if amount < 0:
                    return _NO_VALUE, [_("De kostprijs kan niet negatief zijn.")]
                # Whole cents (as the form does); the model's digit limits are checked with the row.
                return (amount.quantize(Decimal("0.01")) if amount < 10**12 else amount), []
            if kind == "hours":
                if amount <= 0:
                    return _NO_VALUE, [_("De duur moet groter zijn dan 0.")]
                return amount, []
            if amount != amount.to_integral_value():
                return _NO_VALUE, [_number_message(kind, value, "invalid")]
            if amount < 1:
                return _NO_VALUE, [_("Het aantal plaatsen is minstens 1 (laat leeg als onbeperkt).")]
            return int(amount), []
        if kind == "postcode":
            try:
                self.place(value)
            except ValidationError as exc:
                return _NO_VALUE, [" ".join(exc.messages)]
            return value, []
        if kind == "sessions":
            try:
                return parse_sessions(value), []
            except ValidationError as exc:
                return _NO_VALUE, [" ".join(exc.messages)]
        if kind == "yesno":
            if value.lower() not in ("ja", "nee", "j", "n", "1", "0"):
                return _NO_VALUE, [_("Schrijf ja of nee.")]
            return value.lower() in ("ja", "j", "1"), []
        if kind == "url":
            try:
                validate_url(value, self.url_heads)
            except ValidationError:
                return _NO_VALUE, [_("'%(value)s' is geen geldige link (https://...).") % {"value": value[:80]}]
            return value, []
        if kind == "email":
            try:
                _EMAIL(value)
            except ValidationError:
                return _NO_VALUE, [_("'%(value)s' is geen geldig e-mailadres.") % {"value": value[:80]}]
            return value, []
        if kind == "date":
            try:
                return _parse_date(raw if isinstance(raw, (date, datetime)) else value), []
            except ValueError:
                return _NO_VALUE, [
                    _("'%(value)s' is geen datum: schrijf dd/mm/jjjj (tussen %(first)d en %(last)d).")
                    % {"value": value[:40], "first": FIRST_YEAR, "last": LAST_YEAR}
                ]
        raise ValueError(kind)

    def _check_together(self, data, bad, error):
        """Rules across columns; skipped when a column they depend on is already wrong (one error, not two)."""
        if data.get("valid_from") and data.get("valid_until") and data["valid_until"] < data["valid_from"]:
            error("geldig tot", _("De einddatum ligt vóór de begindatum."))
        if data.get("brand_neutral") is False and not data.get("supplier") and "leverancier" not in bad:
            error("leverancier", _("Geef de leverancier waaraan het aanbod gebonden is."))
        if "locatietype" not in bad:
            if data.get("postcode") and "location_type" not in data:
                error("locatietype", _("Geef het soort locatie bij de postcode."))
            elif data.get("sessions") and "location_type" not in data:
                error("locatietype", _("Geef de locatie van de sessies."))
        if (
            "location_type" in data
            and "postcode" not in bad
            and needs_address(data["location_type"])
            and not data.get("postcode")
        ):
            error("postcode", _("Geef de postcode van de locatie: de afstand tot de school hangt ervan af."))
        contact = ("inschrijven (link)", "inschrijven (contact)", "e-mail contactpersoon")
        if not any(c in bad for c in contact) and not (
            data.get("registration_url") or data.get("registration_info") or data.get("contact_email")
        ):
            error(
                "inschrijven (contact)",
                _("Zeg hoe leerkrachten zich inschrijven: een link, een contact of een e-mail."),
            )

    def _check_model(self, data, bad, error):
        """The model's own field validation (lengths, digits, ranges, choices), as the save applies it."""
        values = {name: data[name] for name in OFFER_FIELDS if name in data}
        values.setdefault("audience", Audience.BOTH)
        values.setdefault("cost", Decimal("0"))
        values.setdefault("brand_neutral", True)
        if values["brand_neutral"]:
            values["supplier"] = ""
        self._clean(self.offer_rules, values, bad, error)
        return values

    def _check_location(self, data, bad, error):
        if "location_type" not in data:
            return None
        values = {name: data.get(key, "") for name, key in LOCATION_FIELDS.items()}
        self._clean(self.location_rules, values, bad, error)
        return values

    def _clean(self, rules, values, bad, error):
        # As Model.clean_fields(): a blank value of a field that may be blank is skipped; otherwise the
        # field's choices, null/blank rule and validators (max_length, max_digits, min/max value) apply.
        # A value that passed once passes again: remembered as its type and text (Decimal('2.50') has one
        # decimal more than Decimal('2.5'), though they are equal).
        for name, column, field, choices, validators in rules:
            value = values.get(name)
            if column in bad or (field.blank and value in field.empty_values):
                continue
            passed = self.passed[column]
            seen = (value.__class__, str(value))
            if seen in passed:
                continue
            try:
                if choices is not None or value in field.empty_values:
                    field.validate(value, None)
                for validator in validators:
                    validator(value)
            except ValidationError as exc:
                error(column, " ".join(exc.messages))
                continue
            if len(passed) < MEMO_SIZE and len(seen[1]) <= 300:
                passed.add(seen)

    def _record(self, number, data, offer, location):
        """A checked row as plain JSON-able data: ids of terms and provinces, ISO dates, decimals as text."""
        place = self.place(data["postcode"]) if data.get("postcode") else None
        return {
            "row": number,
            "fields": offer,
            "kind": data["kind"].pk,
            "pillar": data["pillar"].pk if "pillar" in data else None,
            "m2m": {key: [t.pk for t in data[key]] for key in M2M_KEYS if data.get(key)},
            "location": None
            if location is None
            else {
                "location_type": data["location_type"].pk,
                "name": location["name"],
                "street": location["street"],
                "postcode": place.postcode if place else "",
                "municipality": place.municipality if place else "",
                "province": place.province.pk if place else None,
                "latitude": place.latitude if place else None,
                "longitude": place.longitude if place else None,
            },
            "sessions": [
                # Local wall-clock times: no time-zone conversion per session.
                [s["starts_at"], s["ends_at"], within_school_hours(_naive(s["starts_at"]), _naive(s["ends_at"]))]
                for s in data.get("sessions", [])
            ],
        }


def _field_rules(model, keys):
    """(name, column, field, choices, validators) per model field the import sets.

    The URL and e-mail validators are left out: the row check already ran the very same validators
    with a message that quotes the value.
    """
    rules = []
    for name, key in keys.items():
        field = model._meta.get_field(name)
        validators = [v for v in field.validators if not isinstance(v, (URLValidator, EmailValidator))]
        rules.append((name, HEADER_OF[key], field, field.choices or None, validators))
    return rules


def _naive(moment):
    return moment.replace(tzinfo=None)


class CheckResult:
    def __init__(self, errors=None):
        self.rows = 0
        self.errors = list(errors or [])
        self.error_count = len(self.errors)
        self.preview = []

    def add_errors(self, errors):
        self.error_count += len(errors)
        room = MAX_ERRORS - len(self.errors)
        if room > 0:
            self.errors.extend(errors[:room])


CHECK_BATCH = 500  # rows checked as one piece of work, here or in the helper process
PROGRESS_EVERY = 1000  # rows
PREVIEW_ROWS = 50


def check_file(fileobj, name, progress=None, out=None, helper=None):
    """Read and check every row; write each checked row to ``out`` (JSON lines) while none has an error.

    ``progress(rows, fraction)`` is called now and then. ``helper(headers)``, when given, starts a process
    that checks every other batch of rows once the file proves long (``checked_batches``). Raises a Dutch
    ValidationError for a file that cannot be read at all (not a spreadsheet, too many rows, formulas, merged
    cells...).
    """
    reader = SheetReader(fileobj, name)
    try:
        header_errors, usable = check_headers(reader.headers)
        result = CheckResult(header_errors)
        if not usable:
            return result
        checker = Checker(reader.headers)
        for batch in checked_batches(checker, reader.rows(), helper):
            for line, row_errors, preview in batch:
                result.rows += 1
                if row_errors:
                    result.add_errors(row_errors)
                elif out is not None and not result.error_count:
                    out.write(line)
                if preview:
                    result.preview.append(preview)
                if progress and result.rows % PROGRESS_EVERY == 0:
                    progress(result.rows, reader.fraction())
        if not result.rows:
            raise ValidationError(_("Het bestand bevat enkel een kopregel en geen aanbod."))
        return result
    finally:
        reader.close()


CHECK_PARALLEL_AFTER = 5_000  # rows read before a helper is started: it takes a second or two to start


def checked_batches(checker, rows, helper=None):
    """The outcome of every row (``check_batch``), in batches in the file's order. Once the file proves long,
    a helper process (``helper(headers)``) checks batches beside this process: the rules are Python, which
    threads would run one at a time. It is given the next batch while it checks one, so that it never waits;
    this process checks the others and writes every outcome out in order."""
    process, queue, seen = None, collections.deque(), 0  # queue: outcomes in file order, None where the helper's
    rows = iter(rows)
    try:
        for batch in iter(lambda: list(itertools.islice(rows, CHECK_BATCH)), []):
            if helper and process is None and seen >= CHECK_PARALLEL_AFTER:
                process = helper(checker.headers)
            if process is not None and queue.count(None) < 2 and process.ready():
                process.submit(seen, batch)
                queue.append(None)
            else:
                queue.append(check_batch(checker, seen, batch))
            seen += len(batch)
            # Out in order what is done (at most a few batches held back: bounded memory).
            while queue and (queue[0] is not None or len(queue) > 4 or process.has_result()):
                outcome = queue.popleft()
                yield outcome if outcome is not None else process.result()
        while queue:
            outcome = queue.popleft()
            yield outcome if outcome is not None else process.result()
    finally:
        if process is not None:
            process.stop()


def check_batch(checker, seen, rows):
    """(JSON line of the checked row or None, [errors], preview or None) per (number, values) row; ``seen``: the
    rows before these in the file (the first ``PREVIEW_ROWS`` are previewed)."""
    outcomes = []
    for offset, (number, values) in enumerate(rows):
        try:
            record, row_errors = checker.check_row(number, values)
        except Exception as exc:  # a rule that crashed still names the row
            raise ValidationError(
                _("Rij %(row)d kon niet gecontroleerd worden: %(error)s.")
                % {"row": number, "error": f"{type(exc).__name__}: {str(exc)[:200]}"}
            ) from exc
        line = None
        if record is not None:
            line = json.dumps(record, default=_json_default, ensure_ascii=False, separators=(",", ":")) + "\n"
        preview = None
        if seen + offset < PREVIEW_ROWS:
            preview = _preview(number, values, checker.headers, record, checker, not row_errors)
        outcomes.append((line, row_errors, preview))
    return outcomes


def _preview(number, values, headers, record, checker, ok):
    if record is None:
        index = headers.index("titel") if "titel" in headers else len(values)
        title = _text(values[index])[:200] if index < len(values) else ""
        return {"row": number, "title": title, "kind": "", "place": "", "sessions": 0, "cost": "", "ok": ok}
    fields, location = record["fields"], record["location"]
    return {
        "row": number,
        "title": fields.get("title", ""),
        "kind": str(checker.vocabularies.by_id[record["kind"]]),
        "place": location["postcode"] if location else "",
        "sessions": len(record["sessions"]),
        "cost": str(fields.get("cost", "")),
        "ok": ok,
    }


def open_records(path_or_file, mode="rt"):
    """The checked rows file (gzip-compressed JSON lines)."""
    return (
        gzip.open(path_or_file, mode, encoding="utf-8", compresslevel=1)
        if "w" in mode
        else gzip.open(path_or_file, mode, encoding="utf-8")
    )


def parse_record(line):
    """A checked row back from its JSON line, with dates, datetimes and decimals restored."""
    record = json.loads(line)
    fields = record["fields"]
    for name in ("cost", "duration_hours"):
        if fields.get(name) is not None:
            fields[name] = Decimal(fields[name])
    for name in ("valid_from", "valid_until"):
        if fields.get(name):
            fields[name] = date.fromisoformat(fields[name])
    record["sessions"] = [
        (datetime.fromisoformat(start), datetime.fromisoformat(end), within)
        for start, end, within in record["sessions"]
    ]
    return record


# --- template and export -------------------------------------------------------------------------

EXAMPLE_ROW = {
    "titel": "Workshop cobots in de praktijk",
    "korte omschrijving": "Een dag aan de slag met een collaboratieve robot in een echte productiehal.",
    "omschrijving": "Leerkrachten programmeren een cobot en vertalen de oefening naar een les voor de derde graad.",
    "doelen": "De leerkracht kan een eenvoudige pick-and-place programmeren.",
    "soort": "workshop",
    "pijler": "innovatie-beleven",
    "thema's": "cobots; robotica-automatisering",
    "transitieprioriteiten": "industrie-4-0",
    "studiedomeinen": "stem",
    "graden": "3",
    "onderwijsvormen": "TSO; BSO",
    "type nood": "vaktechnisch",
    "voor wie": "beide",
    "kostprijs": "75",
    "duur (uren)": "6",
    "periode": "voorjaar 2027",
    "aantal plaatsen": "12",
    "locatietype": "bedrijf",
    "locatienaam": "Robotix Kortrijk",
    "straat": "Kortrijksesteenweg 1",
    "postcode": "8500",
    "sessies": "12/03/2027 09:00-16:00; 19/03/2027 09:00-16:00",
    "merkneutraal": "ja",
    "leverancier": "",
    "inschrijven (link)": "https://www.example.be/inschrijven",
    "inschrijven (contact)": "",
    "contactpersoon": "An Peeters",
    "e-mail contactpersoon": "an.peeters@example.be",
    "geldig vanaf": "01/02/2027",
    "geldig tot": "30/06/2027",
    "leerplandoelen": "",
    "beroepskwalificaties": "",
    "lesgever vaktechnisch": "Robotica-ingenieur met tien jaar praktijk",
    "lesgever didactisch": "Gewezen leerkracht elektromechanica",
}


def _fmt_dt(value):
    return timezone.localtime(value).strftime("%d/%m/%Y %H:%M")


def offer_row(offer):
    """One offer as a row with the import columns (labels, '; '-separated lists)."""
    location = next(iter(offer.locations.all()), None)
    sessions = []
    for s in offer.sessions.all():
        start, end = timezone.localtime(s.starts_at), timezone.localtime(s.ends_at)
        sessions.append(
            f"{_fmt_dt(s.starts_at)}-{end:%H:%M}"
            if start.date() == end.date()
            else f"{_fmt_dt(s.starts_at)}-{_fmt_dt(s.ends_at)}"
        )

    def labels(qs):
        return "; ".join(t.label for t in qs.all())

    return [
        offer.title,
        offer.summary,
        offer.description,
        offer.goals,
        offer.kind.label,
        offer.pillar.label if offer.pillar_id else "",
        labels(offer.themes),
        labels(offer.transition_priorities),
        labels(offer.studiedomeinen),
        labels(offer.graden),
        labels(offer.onderwijsvormen),
        labels(offer.need_types),
        offer.audience,
        f"{offer.cost:.2f}".replace(".", ","),
        f"{offer.duration_hours}".replace(".", ",") if offer.duration_hours is not None else "",
        offer.period,
        str(offer.capacity or ""),
        location.location_type.label if location else "",
        location.name if location else "",
        location.street if location else "",
        location.postcode if location else "",
        "; ".join(sessions),
        "ja" if offer.brand_neutral else "nee",
        offer.supplier,
        offer.registration_url,
        offer.registration_info,
        offer.contact_name,
        offer.contact_email,
        offer.valid_from.strftime("%d/%m/%Y") if offer.valid_from else "",
        offer.valid_until.strftime("%d/%m/%Y") if offer.valid_until else "",
        offer.curriculum_goals,
        offer.professional_qualifications,
        offer.trainer_technical,
        offer.trainer_didactic,
    ]


def write_csv(rows):
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 correctly with a BOM
    writer = csv.writer(out, delimiter=";")
    writer.writerow(HEADERS)
    writer.writerows(neutralise_row(r) for r in rows)
    return out.getvalue().encode("utf-8")


def write_xlsx(rows, title="Aanbod"):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(text_row(sheet, row))
    sheet.freeze_panes = "A2"
    for i, header in enumerate(HEADERS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = max(12, min(40, len(header) + 4))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def template_rows():
    return [[EXAMPLE_ROW.get(h, "") for h in HEADERS]]
