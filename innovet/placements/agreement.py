"""The placement agreement (stageovereenkomst) as a PDF, drawn with ReportLab's platypus.

Dutch layout: parties (company, school, teacher), dates and duration, the tasks agreed (the active
role), the return day and follow-up, the insurance note, and the contact persons, with room to sign.
Built on request from the current data (nothing stored), so a corrected contact shows at once.
"""

import io
from xml.sax.saxutils import escape

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.enums import TA_LEFT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

INK = colors.HexColor("#1f2a44")


def _styles():
    base = getSampleStyleSheet()
    return {
        "title": ParagraphStyle(
            "title", parent=base["Title"], fontSize=18, leading=22, textColor=INK, alignment=TA_LEFT
        ),
        "h2": ParagraphStyle("h2", parent=base["Heading2"], fontSize=12.5, leading=16, textColor=INK, spaceBefore=8),
        "body": ParagraphStyle("body", parent=base["BodyText"], fontSize=10, leading=14),
        "small": ParagraphStyle("small", parent=base["BodyText"], fontSize=8.5, leading=11, textColor=colors.grey),
    }


def _p(text, style):
    # Paragraph takes a small markup language: escape user text, keep line breaks.
    return Paragraph(escape(str(text or "")).replace("\n", "<br/>"), style)


def _d(value):
    return date_format(value, "j F Y") if value else "–"


def _table(rows, s):
    table = Table([[_p(k, s["body"]), _p(v, s["body"])] for k, v in rows], colWidths=[45 * mm, 120 * mm])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -1), 0.25, colors.lightgrey),
                ("FONTNAME", (0, 0), (0, -1), "Helvetica-Bold"),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def render_agreement(application):
    """The PDF bytes of the agreement for an accepted (or completed) application."""
    place = application.place
    company = place.company
    school = application.school
    teacher = application.teacher
    s = _styles()
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out,
        pagesize=A4,
        leftMargin=20 * mm,
        rightMargin=20 * mm,
        topMargin=18 * mm,
        bottomMargin=18 * mm,
        title=_("Stageovereenkomst %(place)s") % {"place": place.title},
        author="InnoVET",
        lang="nl-BE",
    )
    teacher_name = teacher.get_full_name() if teacher else _("(verwijderde gebruiker)")
    story = [
        _p(_("Overeenkomst %(kind)s voor een leerkracht") % {"kind": place.get_kind_display().lower()}, s["title"]),
        _p(place.title, s["h2"]),
        _p(
            _("Opgemaakt via InnoVET op %(date)s. Referentie: aanvraag %(ref)s.")
            % {"date": _d(timezone.localdate()), "ref": application.pk},
            s["small"],
        ),
        Spacer(1, 4 * mm),
        _p(_("1. Partijen"), s["h2"]),
        _table(
            [
                (_("Bedrijf"), f"{company.name}\n{company.street}\n{company.postcode} {company.municipality}".strip()),
                (
                    _("School"),
                    f"{school.name}\n{school.street}\n{school.postcode} {school.municipality}".strip()
                    if school
                    else "–",
                ),
                (_("Leerkracht"), f"{teacher_name}\n{teacher.email if teacher else ''}".strip()),
            ],
            s,
        ),
        _p(_("2. Datums en duur"), s["h2"]),
        _table(
            [
                (_("Eerste dag"), _d(application.starts_on)),
                (_("Laatste dag"), _d(application.ends_on)),
                (
                    _("Duur"),
                    _("%(n)s dag(en), %(spread)s")
                    % {
                        "n": application.days,
                        "spread": _("gespreid over meerdere weken") if place.spread else _("aaneensluitend"),
                    },
                ),
                (_("Locatie"), place.address),
                (_("Terugkomdag"), _("ja, op school, met collega's") if place.return_day else _("nee")),
                (_("Opvolging"), _("ja, het bedrijf volgt op na de stage") if place.follow_up else _("nee")),
            ],
            s,
        ),
        _p(_("3. Taken van de leerkracht (actieve rol)"), s["h2"]),
        _p(application.tasks or place.active_role, s["body"]),
        _p(_("4. Verzekering"), s["h2"]),
        _p(place.insurance_text, s["body"]),
        _p(_("5. Contactpersonen"), s["h2"]),
        _table(
            [
                (
                    _("Bedrijf"),
                    ", ".join(x for x in (place.contact_name, place.contact_email, place.contact_phone) if x),
                ),
                (
                    _("School (vrijgave)"),
                    ", ".join(
                        x
                        for x in (
                            application.released_by.get_full_name() if application.released_by else "",
                            application.released_by.email if application.released_by else "",
                        )
                        if x
                    )
                    or "–",
                ),
            ],
            s,
        ),
        _p(_("6. Afspraken"), s["h2"]),
        _p(
            _(
                "De leerkracht volgt de veiligheids- en huisregels van het bedrijf en behandelt vertrouwelijke "
                "informatie als vertrouwelijk. De school regelt de vervanging van de leerkracht. Na de stage "
                "schrijft de leerkracht een korte reflectie op InnoVET en bevestigt het bedrijf de afronding; "
                "de stage komt dan in het deelnameoverzicht van de leerkracht als actieve rol."
            ),
            s["body"],
        ),
        Spacer(1, 10 * mm),
    ]
    sign = Table(
        [
            [
                _p(_("Voor het bedrijf"), s["body"]),
                _p(_("Voor de school"), s["body"]),
                _p(_("De leerkracht"), s["body"]),
            ],
            [_p("\n\n\n", s["body"])] * 3,
            [
                _p(place.contact_name, s["small"]),
                _p(application.released_by.get_full_name() if application.released_by else "", s["small"]),
                _p(teacher_name, s["small"]),
            ],
        ],
        colWidths=[55 * mm] * 3,
    )
    sign.setStyle(TableStyle([("LINEBELOW", (0, 1), (-1, 1), 0.5, colors.black), ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    story.append(sign)
    doc.build(story)
    return out.getvalue()
