"""The sections this platform ships: participation and materials for everyone; badges, labs and placements
when those apps are installed (their selectors are looked up at call time, never imported at module level)."""

from decimal import Decimal

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from innovet.participation import selectors as participation
from innovet.participation.models import ActivityKind

from .sections import Link, Section, Table, optional_selector

LIST_CAP = 50  # rows per table on a page and in the PDF: a profile is a showcase, not an archive


def hours(value):
    value = Decimal(value or 0)
    places = 0 if value == value.to_integral_value() else 1
    return number_format(value, places, use_l10n=True, force_grouping=True)


def day(value):
    return date_format(value, "SHORT_DATE_FORMAT") if value else ""


def _url(obj, *names):
    """A link target of an object from another module: the first of ``names`` it has (attribute or method)."""
    for name in names:
        value = getattr(obj, name, None)
        if callable(value):
            value = value()
        if value:
            return str(value)
    return ""


def _cell(text, url=""):
    return Link(str(text), url) if url else str(text)


def _capped_note(shown, total):
    if total > shown:
        return _("De %(shown)s recentste van %(total)s.") % {"shown": shown, "total": total}
    return ""


# --- a person's portfolio ---------------------------------------------------------------------------


def person_participation(person):
    qs = participation.participations(person=person)
    totals = participation.summary(qs)
    if not totals["records"]:
        return None
    years = participation.by_school_year(qs)
    roles = participation.by_role(qs)
    recent = list(qs[:LIST_CAP])
    return Section(
        key="participation",
        title=_("Deelnames en nascholing"),
        figures=[
            (_("Activiteiten"), str(totals["records"])),
            (_("Uren"), hours(totals["hours"])),
            (_("Met een actieve rol"), f"{totals['active_share']} %"),
        ],
        tables=[
            Table(
                _("Uren per schooljaar"),
                [_("Schooljaar"), _("Activiteiten"), _("Met een actieve rol"), _("Uren")],
                [[r["school_year"], str(r["n"]), str(r["active"]), hours(r["hours"])] for r in years],
                numeric=(1, 2, 3),
            ),
            Table(
                _("Rollen"),
                [_("Rol"), _("Activiteiten"), _("Uren")],
                [[str(r["label"]), str(r["n"]), hours(r["hours"])] for r in roles],
                numeric=(1, 2),
            ),
            Table(
                _("Activiteiten"),
                [_("Datum"), _("Activiteit"), _("Organisator"), _("Rol"), _("Uren")],
                [
                    [
                        day(p.date),
                        _cell(p.title, p.url),
                        p.organiser.name if p.organiser_id else "",
                        p.get_role_display(),
                        hours(p.hours),
                    ]
                    for p in recent
                ],
                numeric=(4,),
                note=_capped_note(len(recent), totals["records"]),
            ),
        ],
    )


def person_materials(person):
    from innovet.materials import selectors as materials

    credit = materials.author_credit(person)
    items = credit["materials"]
    if not items:
        return None
    return Section(
        key="materials",
        title=_("Lesmateriaal (auteur)"),
        intro=_(
            "Gepubliceerd lesmateriaal met deze leerkracht als (co-)auteur, "
            "en hoe vaak scholen het in de klas gebruikten."
        ),
        figures=[
            (_("Gepubliceerd"), str(len(items))),
            (_("Gebruikt in de klas"), str(credit["uses"] or 0)),
            (_("Scholen"), str(credit["schools"] or 0)),
            (_("Gevalideerd"), str(credit["validated"])),
        ],
        tables=[
            Table(
                _("Lesmateriaal"),
                [_("Titel"), _("Status"), _("Keren gebruikt")],
                [
                    [_cell(m.title, m.get_absolute_url()), m.get_status_display(), str(m.use_count)]
                    for m in items[:LIST_CAP]
                ],
                numeric=(2,),
                note=_capped_note(min(len(items), LIST_CAP), len(items)),
            )
        ],
    )


def person_badges(person):
    awards_for_person = optional_selector("innovet.badges", "awards_for_person")
    if awards_for_person is None:
        return None
    awards = list(awards_for_person(person)[:LIST_CAP])
    if not awards:
        return None
    rows = []
    for award in awards:
        verify = _url(award, "verify_link", "verify_url")
        issuer = getattr(award, "issuer", None) or getattr(getattr(award, "achievement", None), "issuer", None)
        issued = getattr(award, "issued_at", None) or getattr(award, "awarded_at", None)
        rows.append(
            [
                str(getattr(award, "achievement", None) or award),
                str(issuer or ""),
                day(issued.date() if hasattr(issued, "date") else issued),
                _cell(_("Controleren"), verify) if verify else "",
            ]
        )
    return Section(
        key="badges",
        title=_("Badges"),
        intro=_("Open Badges 3.0: elke badge is digitaal ondertekend; de link controleert de echtheid."),
        figures=[(_("Badges"), str(len(awards)))],
        tables=[Table(_("Badges"), [_("Badge"), _("Uitgereikt door"), _("Datum"), _("Controleren")], rows)],
    )


def _lab_rows(labs):
    return [[_cell(lab, _url(lab, "get_absolute_url"))] for lab in labs]


def person_labs(person):
    labs_for_person = optional_selector("innovet.labs", "labs_for_person")
    if labs_for_person is None:
        return None
    labs = list(labs_for_person(person)[:LIST_CAP])
    if not labs:
        return None
    return Section(
        key="labs",
        title=_("Innovatielabs"),
        figures=[(_("Innovatielabs"), str(len(labs)))],
        tables=[Table(_("Innovatielabs"), [_("Innovatielab")], _lab_rows(labs))],
    )


# --- a school's profile ------------------------------------------------------------------------------


def school_labs(school):
    labs_for_school = optional_selector("innovet.labs", "labs_for_school")
    if labs_for_school is None:
        return None
    labs = list(labs_for_school(school)[:LIST_CAP])
    if not labs:
        return None
    return Section(
        key="labs",
        title=_("Innovatielabs"),
        figures=[(_("Innovatielabs"), str(len(labs)))],
        tables=[Table(_("Innovatielabs"), [_("Innovatielab")], _lab_rows(labs))],
    )


def school_placements(school):
    completed_for_school = optional_selector("innovet.placements", "completed_for_school")
    if completed_for_school is None:
        return None
    placements = list(completed_for_school(school)[:LIST_CAP])
    if not placements:
        return None
    # The place and its host company only: a public page names no teacher (their own portfolio does).
    rows = []
    for placement in placements:
        place = getattr(placement, "place", None)
        host = getattr(placement, "company", None) or getattr(place, "company", None)
        rows.append(
            [
                day(getattr(placement, "starts_on", None)),
                _cell(place, _url(place, "get_absolute_url")) if place is not None else str(placement),
                _cell(host.name, reverse("profiles:organisation", args=[host.slug])) if host is not None else "",
            ]
        )
    return Section(
        key="placements",
        title=_("Bedrijfsstages"),
        intro=_("Afgeronde bedrijfsstages en werkplekleren van leerkrachten van de school (zonder namen)."),
        figures=[(_("Afgeronde bedrijfsstages"), str(len(placements)))],
        tables=[Table(_("Bedrijfsstages"), [_("Vanaf"), _("Stage"), _("Bedrijf")], rows)],
    )


def partner_placements(org):
    """Placements a company offers (published places), when the placements app is installed."""
    place_queryset = optional_selector("innovet.placements", "place_queryset")
    if place_queryset is None:
        return None
    places = list(place_queryset().filter(company=org, status="gepubliceerd").order_by("-id")[:LIST_CAP])
    if not places:
        return None
    return Section(
        key="placements",
        title=_("Bedrijfsstages"),
        figures=[(_("Stageplaatsen"), str(len(places)))],
        tables=[
            Table(
                _("Stageplaatsen voor leerkrachten"),
                [_("Stage")],
                [[_cell(p, _url(p, "get_absolute_url"))] for p in places],
            )
        ],
    )


def school_participation(school):
    qs = participation.participations(school=school)
    totals = participation.summary(qs)
    if not totals["records"]:
        return None
    kinds = participation.by_kind(qs)
    events = participation.by_activity(qs.filter(kind=ActivityKind.EVENT_SESSION), limit=LIST_CAP)
    return Section(
        key="participation",
        title=_("Netwerkmomenten en nascholing"),
        intro=_("Waaraan de leerkrachten van de school deelnamen, zonder namen."),
        figures=[
            (_("Deelnames"), str(totals["records"])),
            (_("Leerkrachten"), str(totals["people"])),
            (_("Uren"), hours(totals["hours"])),
            (_("Met een actieve rol"), f"{totals['active_share']} %"),
        ],
        tables=[
            Table(
                _("Per soort activiteit"),
                [_("Soort"), _("Deelnames"), _("Uren")],
                [[str(r["label"]), str(r["n"]), hours(r["hours"])] for r in kinds],
                numeric=(1, 2),
            ),
            Table(
                _("Netwerkmomenten"),
                [_("Datum"), _("Sessie"), _("Organisator"), _("Leerkrachten")],
                [
                    [day(r["last"]), _cell(r["title"], r["url"]), r["organiser__name"] or "", str(r["people"])]
                    for r in events
                ],
                numeric=(3,),
            ),
        ],
    )


def school_materials(school):
    from innovet.materials.models import Material

    published = Material.objects.published()
    made = list(published.filter(organisations=school).order_by("-published_at")[:LIST_CAP])
    used = list(
        published.filter(usage_reports__school=school)
        .annotate(uses=Count("usage_reports", filter=Q(usage_reports__school=school)))
        .order_by("-uses", "title")[:LIST_CAP]
    )
    if not made and not used:
        return None
    tables = []
    if made:
        tables.append(
            Table(
                _("Gemaakt door leerkrachten van de school"),
                [_("Titel")],
                [[_cell(m.title, m.get_absolute_url())] for m in made],
            )
        )
    if used:
        tables.append(
            Table(
                _("Gebruikt in de klas"),
                [_("Titel"), _("Keren gebruikt")],
                [[_cell(m.title, m.get_absolute_url()), str(m.uses)] for m in used],
                numeric=(1,),
            )
        )
    return Section(
        key="materials",
        title=_("Lesmateriaal"),
        figures=[(_("Gemaakt"), str(len(made))), (_("Gebruikt"), str(len(used)))],
        tables=tables,
    )


def school_partners(school):
    """Partners: the organisers of what its teachers took part in, and the co-makers of its material."""
    partners = {}
    for row in participation.by_organiser(participation.participations(school=school)):
        if row["organiser"] == school.pk:
            continue
        entry = partners.setdefault(
            row["organiser__slug"], {"name": row["organiser__name"], "activities": 0, "materials": 0}
        )
        entry["activities"] += row["n"]
    try:
        from innovet.materials.models import Material
    except ImportError:  # pragma: no cover - materials is part of the platform
        Material = None
    if Material is not None:
        rows = (
            Material.organisations.through.objects.filter(
                material__in=Material.objects.published().filter(organisations=school)
            )
            .exclude(organisation=school)
            .values("organisation__slug", "organisation__name")
            .annotate(n=Count("material", distinct=True))
        )
        for row in rows[:LIST_CAP]:
            entry = partners.setdefault(
                row["organisation__slug"], {"name": row["organisation__name"], "activities": 0, "materials": 0}
            )
            entry["materials"] += row["n"]
    if not partners:
        return None
    ordered = sorted(partners.items(), key=lambda kv: (-(kv[1]["activities"] + kv[1]["materials"]), kv[1]["name"]))
    return Section(
        key="partners",
        title=_("Partners"),
        intro=_(
            "Organisaties waarmee de school samenwerkt: organisatoren van activiteiten en mede-makers van lesmateriaal."
        ),
        figures=[(_("Partners"), str(len(partners)))],
        tables=[
            Table(
                _("Partners"),
                [_("Organisatie"), _("Deelnames"), _("Lesmateriaal")],
                [
                    [
                        _cell(p["name"], reverse("profiles:organisation", args=[slug])),
                        str(p["activities"]),
                        str(p["materials"]),
                    ]
                    for slug, p in ordered[:LIST_CAP]
                ],
                numeric=(1, 2),
            )
        ],
    )


def school_badges(school):
    award_counts_for_school = optional_selector("innovet.badges", "award_counts_for_school")
    if award_counts_for_school is None:
        return None
    counts = award_counts_for_school(school)
    rows = []
    items = (
        counts.items()
        if hasattr(counts, "items")
        else ((getattr(c, "achievement", c), getattr(c, "n", None)) for c in counts)
    )
    for achievement, n in items:
        if isinstance(n, dict):  # {"name": ..., "count": ...}
            n = n.get("count")
        rows.append([str(achievement), str(n or 0)])
    if not rows:
        return None
    from .selectors import opted_in_badge_holders

    names = opted_in_badge_holders(school)
    tables = [Table(_("Badges van het team"), [_("Badge"), _("Aantal")], rows, numeric=(1,))]
    if names:
        tables.append(Table(_("Met naam (op eigen vraag)"), [_("Leerkracht"), _("Badge")], names))
    total = sum(int(r[1]) for r in rows)
    return Section(
        key="badges",
        title=_("Badges van het team"),
        intro=ngettext(
            "Het team behaalde %(n)s badge. Leerkrachten staan er alleen met naam bij als ze dat zelf kiezen.",
            "Het team behaalde %(n)s badges. Leerkrachten staan er alleen met naam bij als ze dat zelf kiezen.",
            total,
        )
        % {"n": total},
        figures=[(_("Badges"), str(total))],
        tables=tables,
    )


# --- a partner's profile (companies, sectors, and every other non-school organisation) ----------------


def partner_offers(org):
    from innovet.catalogue.models import Offer

    qs = Offer.objects.published().filter(providers=org)
    total = qs.count()
    if not total:
        return None
    offers = list(qs.select_related("kind").order_by("-published_at")[:LIST_CAP])
    return Section(
        key="offers",
        title=_("Aanbod"),
        figures=[(_("Gepubliceerd aanbod"), str(total))],
        tables=[
            Table(
                _("Aanbod"),
                [_("Titel"), _("Soort")],
                [[_cell(o.title, o.get_absolute_url()), str(o.kind)] for o in offers],
                note=_capped_note(len(offers), total),
            )
        ],
    )


def partner_events(org):
    from innovet.events.models import Event

    qs = Event.objects.published().filter(Q(organiser=org) | Q(days__slots__sessions__partners=org)).distinct()
    events = list(qs.select_related("organiser").prefetch_related("days").order_by("-published_at")[:LIST_CAP])
    if not events:
        return None
    rows = []
    for event in events:
        days = sorted(d.date for d in event.days.all())
        rows.append(
            [
                day(days[0]) if days else "",
                _cell(event.title, event.get_absolute_url()),
                _("organisator") if event.organiser_id == org.pk else _("partner van een sessie"),
            ]
        )
    return Section(
        key="events",
        title=_("Netwerkmomenten"),
        figures=[(_("Netwerkmomenten"), str(len(events)))],
        tables=[Table(_("Georganiseerd of mee ingevuld"), [_("Datum"), _("Netwerkmoment"), _("Rol")], rows)],
    )


def partner_contributed(org):
    totals = participation.summary(participation.participations(organiser=org))
    materials = []
    try:
        from innovet.materials.models import Material
    except ImportError:  # pragma: no cover
        Material = None
    if Material is not None:
        materials = list(Material.objects.published().filter(organisations=org).order_by("-published_at")[:LIST_CAP])
    if not totals["records"] and not materials:
        return None
    figures = []
    if totals["records"]:
        figures += [
            (_("Leerkrachten bereikt"), str(totals["people"])),
            (_("Scholen"), str(totals["schools"])),
            (_("Uren nascholing"), hours(totals["hours"])),
        ]
    tables = []
    if materials:
        figures.append((_("Lesmateriaal mee ontwikkeld"), str(len(materials))))
        tables.append(
            Table(
                _("Lesmateriaal mee ontwikkeld"),
                [_("Titel")],
                [[_cell(m.title, m.get_absolute_url())] for m in materials],
            )
        )
    return Section(key="contributed", title=_("Bijdrage"), figures=figures, tables=tables)
