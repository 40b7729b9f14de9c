"""Exchange of offers with spreadsheets: the template, reading and checking an upload, the export.

The import and the export use the same columns, so an exported file can be edited and imported again.
Errors name the row (as the spreadsheet numbers it: the header is row 1), the column and what is wrong.
"""

import csv
import io
import re
import zipfile
from datetime import datetime
from decimal import Decimal, InvalidOperation

import filetype
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils import timezone
from django.utils.translation import gettext as _

from innovet.geo.services import resolve_postcode
from innovet.taxonomy.models import Term

from .models import Audience, needs_address

MAX_ROWS = 5000
DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]
DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%d-%m-%Y %H:%M"]

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
MAX_LENGTHS = {"title": 200, "summary": 300, "period": 120, "supplier": 200, "registration_info": 300}


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
        if not head.startswith(b"PK") or not _is_xlsx(upload):
            raise ValidationError(_("Dit is geen echt XLSX-bestand (Excel-werkmap). Bewaar het opnieuw als .xlsx."))
    elif name.endswith(".csv"):
        if b"\x00" in head or filetype.guess(head) is not None:
            raise ValidationError(_("Dit is geen tekstbestand met kommagescheiden waarden (CSV)."))
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            try:
                head.decode("cp1252")
            except UnicodeDecodeError:
                raise ValidationError(
                    _("De tekst van het CSV-bestand is niet leesbaar: bewaar het als UTF-8.")
                ) from None
    else:
        raise ValidationError(_("Enkel CSV- of XLSX-bestanden worden aanvaard."))
    return upload


def _is_xlsx(upload):
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = set(archive.namelist())
    except zipfile.BadZipFile:
        return False
    finally:
        upload.seek(0)
    return "xl/workbook.xml" in names and "[Content_Types].xml" in names


def read_rows(fileobj, name):
    """Return (headers, rows) with rows as lists of strings. Raises a Dutch ValidationError."""
    if name.lower().endswith(".xlsx"):
        return _read_xlsx(fileobj)
    return _read_csv(fileobj)


def _read_csv(fileobj):
    raw = fileobj.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252")
    # Belgian Excel writes ';', others ','. Decide on the header line (a sniffer trips over "thema's").
    header = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=header.count)
    rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        raise ValidationError(_("Het bestand bevat geen rijen."))
    return [h.strip().lower() for h in rows[0]], rows[1:]


def _read_xlsx(fileobj):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(fileobj, data_only=False)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(_("Het XLSX-bestand kan niet gelezen worden: het is beschadigd.")) from None
    sheet = workbook.worksheets[0]
    if sheet.merged_cells.ranges:
        ranges = ", ".join(str(r) for r in list(sheet.merged_cells.ranges)[:5])
        raise ValidationError(
            _("Het werkblad bevat samengevoegde cellen (%(ranges)s). Maak ze los: elke waarde in één cel.")
            % {"ranges": ranges}
        )
    rows = []
    formulas = []
    for row in sheet.iter_rows():
        values = []
        for cell in row:
            if cell.data_type == "f":
                formulas.append(cell.coordinate)
            values.append(_cell_text(cell.value))
        if any(v.strip() for v in values):
            rows.append(values)
    if formulas:
        raise ValidationError(
            _("Het werkblad bevat formules (cel %(cells)s). Vervang ze door hun waarde (kopiëren, plakken als waarde).")
            % {"cells": ", ".join(formulas[:5])}
        )
    if not rows:
        raise ValidationError(_("Het bestand bevat geen rijen."))
    return [h.strip().lower() for h in rows[0]], rows[1:]


def _cell_text(value):
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d/%m/%Y %H:%M") if (value.hour or value.minute) else value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


# --- checking rows ------------------------------------------------------------------------------


class Vocabularies:
    """Label or code → Term, per vocabulary; read once per import."""

    def __init__(self):
        self.maps = {}
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
        for term in Term.objects.filter(vocabulary__code__in=codes, active=True).select_related("vocabulary"):
            lookup = self.maps.setdefault(term.vocabulary.code, {})
            lookup[term.label.strip().lower()] = term
            lookup[term.code.lower()] = term

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


def _parse_date(value):
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError


def _parse_datetime(value):
    for fmt in DATETIME_FORMATS:
        try:
            return timezone.make_aware(datetime.strptime(value.strip(), fmt))
        except ValueError:
            continue
    raise ValueError


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
            starts = _parse_datetime(f"{day} {start}")
            ends = _parse_datetime(f"{end_day or day} {end}")
        except ValueError:
            raise ValidationError(
                _("Sessie %(n)d ('%(text)s') is niet te lezen: schrijf dd/mm/jjjj uu:mm-uu:mm.")
                % {"n": i, "text": part}
            ) from None
        if ends <= starts:
            raise ValidationError(_("Sessie %(n)d: het einde ligt vóór of op het begin.") % {"n": i})
        sessions.append({"title": "", "starts_at": starts, "ends_at": ends, "location_index": 0})
    return sessions


def check_row(number, values, headers, vocabularies):
    """Return (data for services.create_offer, [errors]) for one spreadsheet row."""
    cells = {h: (values[i].strip() if i < len(values) and values[i] is not None else "") for i, h in enumerate(headers)}
    data, errors = {}, []

    def error(column, message):
        errors.append({"row": number, "column": column, "message": str(message)})

    for header, key, kind, required in COLUMNS:
        value = cells.get(header, "")
        if not value:
            if required:
                error(header, _("Verplicht: vul deze cel in."))
            continue
        if kind == "text":
            if key in MAX_LENGTHS and len(value) > MAX_LENGTHS[key]:
                error(header, _("Te lang: maximaal %(n)d tekens.") % {"n": MAX_LENGTHS[key]})
            data[key] = value
        elif kind.endswith("*"):
            found = []
            for label in (v for v in value.split(";") if v.strip()):
                term = vocabularies.find(kind[:-1], label)
                if term is None:
                    error(header, _("'%(value)s' staat niet in de lijst.") % {"value": label.strip()})
                else:
                    found.append(term)
            data[key] = found
        elif kind in ("aanbodsoort", "pijler", "locatietype"):
            term = vocabularies.find(kind, value)
            if term is None:
                error(header, _("'%(value)s' staat niet in de lijst.") % {"value": value})
            else:
                data[key] = term
        elif kind == "audience":
            lookup = {c.lower(): c for c in Audience.values} | {str(lab).lower(): c for c, lab in Audience.choices}
            if value.lower() not in lookup:
                error(header, _("Kies individueel, team of beide."))
            else:
                data[key] = lookup[value.lower()]
        elif kind == "money":
            text = value.replace("€", "").replace(" ", "").strip()
            if "," in text:
                text = text.replace(".", "").replace(",", ".")
            try:
                amount = Decimal(text)
            except InvalidOperation:
                error(header, _("'%(value)s' is geen bedrag.") % {"value": value})
                continue
            if amount < 0:
                error(header, _("De kostprijs kan niet negatief zijn."))
            else:
                data[key] = amount.quantize(Decimal("0.01"))
        elif kind == "hours":
            try:
                hours = Decimal(value.replace(",", "."))
            except InvalidOperation:
                error(header, _("'%(value)s' is geen aantal uren.") % {"value": value})
                continue
            if hours <= 0:
                error(header, _("De duur moet groter zijn dan 0."))
            else:
                data[key] = hours
        elif kind == "capacity":
            if not value.isdigit():
                error(header, _("'%(value)s' is geen geheel getal.") % {"value": value})
            elif int(value) < 1:
                error(header, _("Het aantal plaatsen is minstens 1 (laat leeg als onbeperkt)."))
            else:
                data[key] = int(value)
        elif kind == "postcode":
            try:
                resolve_postcode(value)
            except ValidationError as exc:
                error(header, " ".join(exc.messages))
            else:
                data[key] = value
        elif kind == "sessions":
            try:
                data[key] = parse_sessions(value)
            except ValidationError as exc:
                error(header, " ".join(exc.messages))
        elif kind == "yesno":
            if value.lower() not in ("ja", "nee", "j", "n", "1", "0"):
                error(header, _("Schrijf ja of nee."))
            else:
                data[key] = value.lower() in ("ja", "j", "1")
        elif kind == "url":
            try:
                URLValidator()(value)
                data[key] = value
            except ValidationError:
                error(header, _("'%(value)s' is geen geldige link (https://...).") % {"value": value})
        elif kind == "email":
            try:
                EmailValidator()(value)
                data[key] = value
            except ValidationError:
                error(header, _("'%(value)s' is geen geldig e-mailadres.") % {"value": value})
        elif kind == "date":
            try:
                data[key] = _parse_date(value)
            except ValueError:
                error(header, _("'%(value)s' is geen datum: schrijf dd/mm/jjjj.") % {"value": value})
    if data.get("valid_from") and data.get("valid_until") and data["valid_until"] < data["valid_from"]:
        error("geldig tot", _("De einddatum ligt vóór de begindatum."))
    if data.get("brand_neutral") is False and not data.get("supplier"):
        error("leverancier", _("Geef de leverancier waaraan het aanbod gebonden is."))
    if data.get("postcode") and "location_type" not in data:
        error("locatietype", _("Geef het soort locatie bij de postcode."))
    if "location_type" in data and needs_address(data["location_type"]) and not data.get("postcode"):
        error("postcode", _("Geef de postcode van de locatie: de afstand tot de school hangt ervan af."))
    if data.get("sessions") and "location_type" not in data:
        error("locatietype", _("Geef de locatie van de sessies."))
    if not (data.get("registration_url") or data.get("registration_info") or data.get("contact_email")):
        error("inschrijven (contact)", _("Zeg hoe leerkrachten zich inschrijven: een link, een contact of een e-mail."))
    return data, errors


def to_offer_data(data, organisation):
    """Row data → the dict services.create_offer expects."""
    result = {
        k: v for k, v in data.items() if k not in ("location_type", "location_name", "location_street", "postcode")
    }
    result.setdefault("audience", Audience.BOTH)
    result.setdefault("cost", Decimal("0"))
    result.setdefault("brand_neutral", True)
    result["providers"] = [organisation]
    result["locations"] = (
        [
            {
                "location_type": data["location_type"],
                "name": data.get("location_name", ""),
                "street": data.get("location_street", ""),
                "postcode": data.get("postcode", ""),
            }
        ]
        if "location_type" in data
        else []
    )
    result["sessions"] = data.get("sessions", [])
    return result


def check_file(fileobj, name, progress=None):
    """Read and check every row. Returns (rows as offer data or None, errors, preview)."""
    headers, rows = read_rows(fileobj, name)
    errors, usable = check_headers(headers)
    if len(rows) > MAX_ROWS:
        raise ValidationError(
            _("Het bestand telt %(n)d rijen; het maximum is %(max)d. Splits het op.")
            % {"n": len(rows), "max": MAX_ROWS}
        )
    if not usable:
        return [], errors, []
    if not rows:
        raise ValidationError(_("Het bestand bevat enkel een kopregel en geen aanbod."))
    vocabularies = Vocabularies()
    checked, preview = [], []
    for i, values in enumerate(rows, start=2):
        data, row_errors = check_row(i, values, headers, vocabularies)
        errors.extend(row_errors)
        checked.append(data)
        if len(preview) < 50:
            preview.append(
                {
                    "row": i,
                    "title": data.get("title", ""),
                    "kind": str(data.get("kind", "")),
                    "place": data.get("postcode", ""),
                    "sessions": len(data.get("sessions", [])),
                    "cost": str(data.get("cost", "")),
                    "ok": not row_errors,
                }
            )
        if progress and (i % 25 == 0 or i == len(rows) + 1):
            progress(i - 1, len(rows))
    return checked, errors, preview


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
    writer.writerows(_safe(r) for r in rows)
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
        sheet.append(_safe(row))
    sheet.freeze_panes = "A2"
    for i, header in enumerate(HEADERS, start=1):
        sheet.column_dimensions[sheet.cell(row=1, column=i).column_letter].width = max(12, min(40, len(header) + 4))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _safe(row):
    """No spreadsheet formula injection: text starting with = + - @ is prefixed with a quote."""
    return [f"'{v}" if isinstance(v, str) and v[:1] in ("=", "+", "-", "@") else v for v in row]


def template_rows():
    return [[EXAMPLE_ROW.get(h, "") for h in HEADERS]]
