"""Turns the indicators of a scope into what a dashboard shows and exports: headline figures, tables (each
with the chart of the same figures) and map points. Small counts are suppressed here, once, so the page, its
charts and its exports always agree."""

import csv
import io
import json
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _

from innovet.core.spreadsheets import neutralise_row, text_row

from . import indicators as ind
from .scope import school_year_label

SMALL = 5  # fewer people than this are never shown in a view shared outside the school
HIDDEN = "< 5"


@dataclass
class Column:
    key: str
    label: str
    kind: str = "count"  # text | count | people | share | number
    suppress: bool = False  # hidden when the row rests on fewer than SMALL people


@dataclass
class Table:
    key: str
    title: str
    indicator: str
    columns: list
    rows: list  # dicts with raw values
    people_key: str | None = None  # column with the number of people behind the row
    chart: dict | None = None  # {"label": column key, "value": column key, "percent": bool}
    note: str = ""
    cells: list = field(default_factory=list)  # filled by finish(): display values per row

    def finish(self, suppress):
        self.cells = []
        for row in self.rows:
            people = row.get(self.people_key) if self.people_key else None
            small_row = suppress and people is not None and 0 < people < SMALL
            out = []
            for col in self.columns:
                value = row.get(col.key)
                if suppress and col.kind == "people" and value is not None and 0 < value < SMALL:
                    value = HIDDEN
                elif small_row and col.suppress:
                    value = HIDDEN
                out.append(value)
            self.cells.append(out)
        return self

    @property
    def display(self):
        """Rows of (value, column) pairs for the template."""
        return [list(zip(row, self.columns, strict=True)) for row in self.cells]

    def chart_spec(self):
        if not self.chart:
            return None
        keys = [c.key for c in self.columns]
        li, vi = keys.index(self.chart["label"]), keys.index(self.chart["value"])
        return {
            "type": "bar" if self.chart.get("percent") else "funnel",
            "labels": [str(row[li]) for row in self.cells],
            "datasets": [
                {
                    "label": str(self.columns[vi].label),
                    "data": [v if isinstance(v, (int, float)) else None for v in (row[vi] for row in self.cells)],
                }
            ],
        }

    @property
    def chart_json_id(self):
        return f"grafiek-{self.key}"


def _year(y):
    return school_year_label(y) if y else _("alle schooljaren")


def headline(scope):
    base = ind.base(scope)
    teachers = ind.teachers_reached(scope)
    schools = ind.schools_reached(scope)
    cards = [
        {
            "key": "teachers_reached",
            "label": _("Leerkrachten bereikt"),
            "value": HIDDEN if scope.suppress and 0 < teachers < SMALL else teachers,
            "sub": (
                _("%(share)s%% van %(n)s leerkrachten")
                % {"share": _fmt(ind.share(teachers, base["teachers"])), "n": base["teachers"]}
                if base["teachers"] and not (scope.suppress and 0 < teachers < SMALL)
                else ""
            ),
        },
        {
            "key": "schools_reached",
            "label": _("Scholen bereikt"),
            "value": schools,
            "sub": _("%(share)s%% van %(n)s scholen")
            % {"share": _fmt(ind.share(schools, base["schools"])), "n": base["schools"]}
            if base["schools"]
            else "",
        },
        {"key": "participations", "label": _("Deelnames"), "value": ind.participations(scope), "sub": ""},
    ]
    return cards


def _fmt(value):
    if value is None:
        return "–"
    return str(value).replace(".", ",")


def _trend_table(key, title, indicator_key, result, value_label, extra=()):
    rows = [
        {
            "year": _year(r["school_year"]),
            "value": r["value"],
            "num": r["num"],
            "base": r["base"],
            "people": r.get("people"),
        }
        for r in result["trend"]
    ]
    columns = [
        Column("year", _("schooljaar"), "text"),
        Column("value", value_label, "share", suppress=True),
        Column("num", _("teller"), "count", suppress=True),
        Column("base", _("noemer"), "count", suppress=True),
    ]
    if rows and rows[0]["people"] is not None:
        columns.append(Column("people", _("personen"), "people"))
    return Table(
        key,
        title,
        indicator_key,
        columns,
        rows,
        people_key="people",
        chart={"label": "year", "value": "value", "percent": True},
    )


def pitfalls(scope):
    """The pitfall figures: headline values (for the cards) and one trend table each."""
    cards, tables = [], []
    spec = [
        ("upper_grade_share", ind.upper_grade_share, _("% enkel 3e graad")),
        ("active_role_share", ind.active_role_share, _("% actieve rol")),
        ("soft_participation_share", ind.soft_participation_share, _("% zachte domeinen")),
    ]
    people_per_year = {}
    for key, fn, label in spec:
        result = fn(scope)
        head = result["headline"]
        hidden = scope.suppress and 0 < (head.get("people") or 0) < SMALL
        cards.append(
            {"key": key, "label": ind.INDICATORS[key].label, "value": HIDDEN if hidden else _pct(head["value"])}
        )
        tables.append(_trend_table(key, ind.INDICATORS[key].label, key, result, label))
        if key == "active_role_share":
            people_per_year = {r["school_year"]: r["people"] for r in result["trend"]}
            people_per_year[None] = head["people"]

    conc = ind.concentration(scope)
    head = conc["headline"]
    hidden = scope.suppress and 0 < head["people"] < SMALL
    cards.append(
        {
            "key": "concentration",
            "label": _("Aandeel van de actiefste 10%"),
            "value": HIDDEN if hidden else _pct(head["top10_share"]),
        }
    )
    cards.append(
        {"key": "concentration", "label": _("Gini-coëfficiënt"), "value": HIDDEN if hidden else _fmt(head["gini"])}
    )
    tables.append(
        Table(
            "concentration",
            ind.INDICATORS["concentration"].label,
            "concentration",
            [
                Column("year", _("schooljaar"), "text"),
                Column("top10_share", _("% deelnames door de actiefste 10%"), "share", suppress=True),
                Column("gini", _("Gini-coëfficiënt"), "number", suppress=True),
                Column("total", _("deelnames"), "count", suppress=True),
                Column("people", _("personen"), "people"),
            ],
            [dict(r, year=_year(r["school_year"])) for r in conc["trend"]],
            people_key="people",
            chart={"label": "year", "value": "top10_share", "percent": True},
        )
    )

    dist = ind.median_distance(scope)
    head = dist["headline"]
    hidden = scope.suppress and 0 < (people_per_year.get(None) or 0) < SMALL
    cards.append(
        {
            "key": "median_distance",
            "label": ind.INDICATORS["median_distance"].label,
            "value": HIDDEN if hidden else _km(head["value"]),
        }
    )
    tables.append(
        Table(
            "median_distance",
            ind.INDICATORS["median_distance"].label,
            "median_distance",
            [
                Column("year", _("schooljaar"), "text"),
                Column("value", _("mediaan (km)"), "number", suppress=True),
                Column("base", _("deelnames met gekende afstand"), "count", suppress=True),
            ],
            [
                dict(r, year=_year(r["school_year"]), people=people_per_year.get(r["school_year"]))
                for r in dist["trend"]
            ],
            people_key="people",
            chart={"label": "year", "value": "value"},
        )
    )

    sizes = ind.size_reach_trend(scope)
    columns = [Column("year", _("schooljaar"), "text")] + [
        Column(f"b{i}", b, "share") for i, b in enumerate(sizes["bands"])
    ]
    rows = []
    for r in sizes["trend"]:
        row = {"year": _year(r["school_year"])}
        for i, b in enumerate(r["bands"]):
            row[f"b{i}"] = b["value"]
        rows.append(row)
    tables.append(
        Table(
            "size_reach_trend",
            ind.INDICATORS["size_reach_trend"].label,
            "size_reach_trend",
            columns,
            rows,
            note=_("% van de scholen van elke grootte die minstens één deelname hebben."),
        )
    )

    for key, fn in (
        ("soft_offer_share", ind.soft_offer_share),
        ("brand_neutral_share", ind.brand_neutral_share),
        ("soft_material_share", ind.soft_material_share),
    ):
        result = fn(scope)
        cards.append({"key": key, "label": ind.INDICATORS[key].label, "value": _pct(result["headline"]["value"])})
        tables.append(_trend_table(key, ind.INDICATORS[key].label, key, result, _("%")))
    return cards, tables


def _pct(value):
    return "–" if value is None else f"{_fmt(value)}%"


def _km(value):
    return "–" if value is None else f"{value} km"


def reach_tables(scope, dimensions=None):
    tables = []
    for dim, (label, _field) in ind.REACH_DIMENSIONS.items():
        if dimensions is not None and dim not in dimensions:
            continue
        rows = ind.reach_by(scope, dim)
        tables.append(
            Table(
                f"reach_{dim}",
                _("Bereik per %(dim)s") % {"dim": label},
                "reach_by",
                [
                    Column("group", str(label).capitalize(), "text"),
                    Column("schools", _("scholen"), "count"),
                    Column("schools_reached", _("scholen bereikt"), "count"),
                    Column("schools_share", _("% scholen"), "share"),
                    Column("teachers", _("leerkrachten"), "count"),
                    Column("teachers_reached", _("leerkrachten bereikt"), "people"),
                    Column("teachers_share", _("% leerkrachten"), "share", suppress=True),
                ],
                rows,
                people_key="teachers_reached",
                chart={"label": "group", "value": "schools_share", "percent": True},
            )
        )
    return tables


def map_table(scope):
    rows = ind.reach_by_municipality(scope)
    table = Table(
        "reach_municipality",
        _("Bereik per gemeente"),
        "reach_by_municipality",
        [
            Column("province__name", _("provincie"), "text"),
            Column("municipality", _("gemeente"), "text"),
            Column("schools", _("scholen"), "count"),
            Column("schools_reached", _("scholen bereikt"), "count"),
            Column("schools_share", _("% scholen"), "share"),
            Column("teachers_reached", _("leerkrachten bereikt"), "people"),
        ],
        rows,
        people_key="teachers_reached",
    )
    table.finish(scope.suppress)
    points = []
    for row in rows:
        label = _("%(place)s: %(r)s van %(n)s scholen bereikt") % {
            "place": row["municipality"] or row["province__name"],
            "r": row["schools_reached"],
            "n": row["schools"],
        }
        points.append(
            {
                "lat": round(row["lat"], 4),
                "lon": round(row["lon"], 4),
                "label": label,
                "radius": 4 + round(8 * (row["schools_share"] or 0) / 100),
            }
        )
    return table, points


def supply_tables(scope):
    tables = []
    rows = ind.supply_demand(scope)
    for row in rows:
        row["gap_label"] = _("ja: noden zonder aanbod") if row["gap"] else ""
    tables.append(
        Table(
            "supply_demand",
            ind.INDICATORS["supply_demand"].label,
            "supply_demand",
            [
                Column("theme", _("thema"), "text"),
                Column("offers", _("aanbod"), "count"),
                Column("needs", _("noden"), "count"),
                Column("gap_label", _("kloof"), "text"),
            ],
            rows,
            chart={"label": "theme", "value": "needs"},
        )
    )
    f = ind.funnel(scope)
    steps = [
        (_("noden"), f["needs"]),
        (_("met een introductie"), f["introduced"]),
        (_("met een akkoord"), f["agreed"]),
        (_("afgerond"), f["done"]),
    ]
    tables.append(
        Table(
            "funnel",
            ind.INDICATORS["funnel"].label,
            "funnel",
            [Column("step", _("stap"), "text"), Column("n", _("aantal"), "count")],
            [{"step": s, "n": n} for s, n in steps],
            chart={"label": "step", "value": "n"},
            note=_("Mediaan tot de eerste introductie: %(a)s dagen; tot afgerond: %(b)s dagen.")
            % {"a": _fmt(f["days_to_introduction"]), "b": _fmt(f["days_to_done"])},
        )
    )
    m = ind.materials_pipeline(scope)
    tables.append(
        Table(
            "materials",
            ind.INDICATORS["materials_pipeline"].label,
            "materials_pipeline",
            [Column("step", _("stap"), "text"), Column("n", _("aantal"), "count")],
            [
                {"step": _("gepubliceerd"), "n": m["published"]},
                {"step": _("gevalideerd"), "n": m["validated"]},
                {"step": _("gebruikt in de klas"), "n": m["used"]},
                {"step": _("gebruiksmeldingen"), "n": m["reports"]},
            ],
            chart={"label": "step", "value": "n"},
        )
    )
    for item in ind.module_figures(scope):
        module = item["indicator"]
        rows, note = [], ""
        if item["error"]:
            note = _("Dit cijfer kon niet berekend worden.")
        elif item["rows"] is None:
            note = _("Deze module kent deze selectie niet (studiedomein, school of meerdere provincies).")
        else:
            for row in item["rows"]:
                label, value, people = (tuple(row) + (module.people,))[:3]
                if scope.suppress and people and isinstance(value, int) and 0 < value < SMALL:
                    value = HIDDEN
                rows.append({"label": str(label), "n": value})
        tables.append(
            Table(
                f"module_{module.key}",
                str(module.label),
                f"module_{module.key}",
                [Column("label", _("wat"), "text"), Column("n", _("aantal"), "count")],
                rows,
                chart={"label": "label", "value": "n"},
                note=note,
            )
        )
    return tables


def build(scope, *, sections=("reach", "pitfalls", "supply")):
    """Everything a dashboard shows, suppressed as the scope demands."""
    data = {"headline": headline(scope), "tables": [], "pitfall_cards": [], "map_points": []}
    if "reach" in sections:
        data["tables"] += reach_tables(scope, dimensions=None if scope.school is None else ["grootte"])
        data["never_reached"] = ind.never_reached(scope) if scope.school is None else None
        map_tbl, data["map_points"] = map_table(scope)
        data["map_table"] = map_tbl
    if "pitfalls" in sections:
        data["pitfall_cards"], pit = pitfalls(scope)
        data["tables"] += pit
    if "supply" in sections:
        data["tables"] += supply_tables(scope)
    for table in data["tables"]:
        table.finish(scope.suppress)
    all_tables = data["tables"] + ([data["map_table"]] if data.get("map_table") else [])
    data["charts"] = {t.chart_json_id: t.chart_spec() for t in data["tables"] if t.chart}
    data["by_key"] = {t.key: t for t in all_tables}
    return data


def definition_url(key):
    return reverse("insights:definitions") + f"#{key}"


# --- exports -----------------------------------------------------------------------------------------


def export_csv(table):
    out = io.StringIO()
    out.write("\ufeff")  # Excel opens UTF-8 correctly with a BOM
    writer = csv.writer(out, delimiter=";")
    writer.writerow([str(c.label) for c in table.columns])
    for row in table.cells:
        writer.writerow(neutralise_row([_cell(v) for v in row]))
    return out.getvalue().encode("utf-8")


def export_xlsx(table):
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(table.title)[:31].replace("/", "-").replace(":", " ")
    sheet.append([str(c.label) for c in table.columns])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in table.cells:
        sheet.append(text_row(sheet, [_cell(v) for v in row]))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nee")
    if isinstance(value, (int, float)):
        return value
    return str(value)


def charts_json(data):
    return json.dumps(data["charts"])
