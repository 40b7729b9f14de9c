"""The portfolio as a PDF (A4, Dutch), drawn with ReportLab's Platypus from the same sections as the page.

Links (activities, materials, the badges' verify pages) stay clickable in the PDF and are also printed,
so a paper copy can be checked too. Only ReportLab's standard fonts are used (WinAnsi: é, ë, € print).
"""

from io import BytesIO

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .sections import Link

BRAND = colors.HexColor("#0b5563")
GRID = colors.HexColor("#c7d3d6")


def _styles():
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle(
            "title",
            parent=base["Title"],
            fontName="Helvetica-Bold",
            fontSize=20,
            textColor=BRAND,
            alignment=0,
            spaceAfter=4,
        ),
        "sub": ParagraphStyle(
            "sub", parent=base["Normal"], fontSize=10, textColor=colors.HexColor("#444444"), spaceAfter=10
        ),
        "h2": ParagraphStyle(
            "h2",
            parent=base["Heading2"],
            fontName="Helvetica-Bold",
            fontSize=14,
            textColor=BRAND,
            spaceBefore=10,
            spaceAfter=4,
        ),
        "h3": ParagraphStyle(
            "h3", parent=base["Heading3"], fontName="Helvetica-Bold", fontSize=11, spaceBefore=6, spaceAfter=3
        ),
        "body": ParagraphStyle("body", parent=base["Normal"], fontSize=9.5, leading=12),
        "cell": ParagraphStyle("cell", parent=base["Normal"], fontSize=8.5, leading=10.5),
        "num": ParagraphStyle("num", parent=base["Normal"], fontSize=8.5, leading=10.5, alignment=TA_RIGHT),
        "head": ParagraphStyle("head", parent=base["Normal"], fontName="Helvetica-Bold", fontSize=8.5, leading=10.5),
        "note": ParagraphStyle("note", parent=base["Normal"], fontSize=8, textColor=colors.HexColor("#555555")),
    }


def _absolute(url):
    if url.startswith("/"):
        return settings.SITE_URL.rstrip("/") + url if getattr(settings, "SITE_URL", "") else url
    return url


def _cell(value, style):
    if isinstance(value, Link):
        url = _absolute(value.url)
        if url.startswith("http"):
            return Paragraph(
                f'<link href="{escape(url)}" color="#0b5563"><u>{escape(value.text)}</u></link>'
                f'<br/><font size="7" color="#555555">{escape(url)}</font>',
                style,
            )
        return Paragraph(escape(value.text), style)
    return Paragraph(escape(str(value)), style)


def _table(block, styles, width):
    numeric = set(block.numeric)
    data = [[Paragraph(escape(str(c)), styles["head"]) for c in block.columns]]
    for row in block.rows:
        data.append([_cell(v, styles["num"] if i in numeric else styles["cell"]) for i, v in enumerate(row)])
    # Text columns share what the numeric columns (narrow, 22 mm) leave.
    n = len(block.columns)
    narrow = 22 * mm
    wide_count = max(1, n - len(numeric))
    wide = (width - narrow * len(numeric)) / wide_count
    widths = [narrow if i in numeric else wide for i in range(n)]
    table = Table(data, colWidths=widths, repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e6eff1")),
                ("LINEBELOW", (0, 0), (-1, 0), 0.8, BRAND),
                ("LINEBELOW", (0, 1), (-1, -1), 0.3, GRID),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("TOPPADDING", (0, 0), (-1, -1), 2.5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 2.5),
            ]
        )
    )
    return table


def _figures(figures, styles, width):
    cells = [
        Paragraph(
            f'<font size="7.5" color="#555555">{escape(str(label))}</font><br/><b>{escape(str(value))}</b>',
            styles["body"],
        )
        for label, value in figures
    ]
    if not cells:
        return None
    table = Table([cells], colWidths=[width / len(cells)] * len(cells))
    table.setStyle(
        TableStyle(
            [
                ("BOX", (0, 0), (-1, -1), 0.5, GRID),
                ("INNERGRID", (0, 0), (-1, -1), 0.5, GRID),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def render_portfolio(data, shared_url=""):
    """``data`` = selectors.portfolio(person). Returns the PDF's bytes."""
    person = data["person"]
    name = person.get_full_name() or str(person)
    buffer = BytesIO()
    made = timezone.localtime()
    footer = _("InnoVET – portfolio van %(name)s – opgemaakt op %(date)s") % {
        "name": name,
        "date": date_format(made, "j F Y"),
    }

    def on_page(canvas, doc):
        canvas.saveState()
        canvas.setFont("Helvetica", 7.5)
        canvas.setFillColor(colors.HexColor("#555555"))
        canvas.drawString(18 * mm, 10 * mm, footer)
        canvas.drawRightString(A4[0] - 18 * mm, 10 * mm, _("pagina %(n)s") % {"n": doc.page})
        canvas.restoreState()

    doc = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=18 * mm,
        rightMargin=18 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Portfolio van %(name)s") % {"name": name},
        author="InnoVET",
        subject=_("Professionele ontwikkeling"),
        lang="nl-BE",
    )
    width = doc.width
    styles = _styles()
    story = [
        Paragraph(escape(_("Portfolio professionele ontwikkeling")), styles["title"]),
        Paragraph(
            escape(name)
            + (" – " + escape(", ".join(s.name for s in data["schools"])) if data["schools"] else "")
            + "<br/>"
            + escape(_("Opgemaakt op %(date)s via InnoVET.") % {"date": date_format(made, "j F Y")})
            + (("<br/>" + escape(_("Online: %(url)s") % {"url": shared_url})) if shared_url else ""),
            styles["sub"],
        ),
    ]
    if not data["sections"]:
        story.append(
            Paragraph(
                escape(_("Nog niets om te tonen: deelnames, lesmateriaal en badges verschijnen hier vanzelf.")),
                styles["body"],
            )
        )
    for section in data["sections"]:
        story.append(Paragraph(escape(section.title), styles["h2"]))
        if section.intro:
            story.append(Paragraph(escape(section.intro), styles["body"]))
            story.append(Spacer(1, 3))
        figures = _figures(section.figures, styles, width)
        if figures is not None:
            story += [figures, Spacer(1, 4)]
        for block in section.tables:
            if not block.rows:
                continue
            parts = [Paragraph(escape(block.caption), styles["h3"]), _table(block, styles, width)]
            if block.note:
                parts.append(Paragraph(escape(block.note), styles["note"]))
            story.append(KeepTogether(parts) if len(block.rows) < 12 else parts[0])
            if len(block.rows) >= 12:
                story += parts[1:]
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue()
