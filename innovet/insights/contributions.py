"""Figures of modules that may or may not be installed (innovatielabs, bedrijfsstages, 10-dagenregeling,
vervanging...), wired into the indicator registry only when the app is installed and exposes the selector.
Nothing here imports a module unconditionally: insights works the same without any of them.

Each selector is called with only the arguments it takes (``province``: a Province or None for all;
``school_year``: '2026-2027'; ``domain``; ``school``). A dashboard whose scope a selector cannot follow (a
studiedomein, one school) shows the figure as 'not available for this selection' rather than a number
that answers another question."""

import importlib
import inspect

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from .registry import ActivityInfo, ModuleIndicator, register_activity_source, register_indicator
from .scope import school_year_label

# Labels of selectors that answer a plain dict; keys that count people (suppressed under 5 outside the school).
TIENDAGEN_LABELS = {
    "requests": _("Aanvragen"),
    "open_requests": _("Lopende aanvragen"),
    "confirmed_requests": _("Bevestigde aanvragen"),
    "confirmed_days": _("Bevestigde dagen"),
    "teachers": _("Leerkrachten met een bevestigde boeking"),
    "schools": _("Scholen met een bevestigde boeking"),
}
PEOPLE_KEYS = {"teachers"}


def _selector(app, name):
    if not apps.is_installed(f"innovet.{app}"):
        return None
    try:
        module = importlib.import_module(f"innovet.{app}.selectors")
    except ImportError:
        return None
    return getattr(module, name, None)


def rows_of(result, labels=None):
    """A selector's counts as (label, number, counts people) rows: it may answer an object with
    ``labelled_rows()``, a dict (labelled through ``labels``), (label, n) pairs or dicts."""
    if result is None:
        return []
    labels = labels or {}
    if hasattr(result, "labelled_rows"):
        keys = {str(label): key for key, label in getattr(result, "LABELS", {}).items()}
        return [(label, n, keys.get(label) in PEOPLE_KEYS) for label, n in result.labelled_rows()]
    if isinstance(result, dict):
        return [(str(labels.get(k, k)), v, k in PEOPLE_KEYS) for k, v in result.items() if not labels or k in labels]
    rows = []
    for item in result:
        if isinstance(item, dict):
            label = item.get("label") or item.get("phase") or item.get("status") or item.get("name") or ""
            value = next((item[k] for k in ("n", "count", "total", "value") if k in item), None)
            rows.append((str(label), value, False))
        else:
            rows.append((str(item[0]), item[1], False))
    return rows


def _adapter(fn, labels=None):
    params = inspect.signature(fn).parameters

    def call(scope):
        if scope.domain is not None and "domain" not in params:
            return None
        if scope.school is not None and "school" not in params:
            return None
        kwargs = {}
        if "province" in params:
            if scope.province_ids is not None and len(scope.province_ids) > 1:
                return None
            kwargs["province"] = scope.province_ids[0] if scope.province_ids else None
        elif scope.province_ids is not None:
            return None
        if "school_year" in params:
            kwargs["school_year"] = school_year_label(scope.school_year) if scope.school_year else None
        elif scope.school_year:
            return None
        if "domain" in params:
            kwargs["domain"] = scope.domain
        if "school" in params:
            kwargs["school"] = scope.school
        return rows_of(fn(**kwargs), labels)

    return call


def _placement_applications(ids):
    """Activity source: a company placement (the ledger records the application) takes place at the host's
    place, in the place's studiedomein; it names no graad."""
    from innovet.placements.models import Application

    rows = Application.objects.filter(pk__in=ids).values_list(
        "pk", "place__studiedomein_id", "place__latitude", "place__longitude"
    )
    for pk, domain_id, lat, lon in rows:
        yield ActivityInfo(pk, set(), {domain_id} if domain_id else set(), lat, lon)


def _rotation_counts(rotation_summary):
    def counts():
        sets = rotation_summary()  # a few queries, one row per set (tens of sets, not people)
        return [
            (_("Gedeelde sets"), len(sets), False),
            (_("Nu bij een school"), sum(1 for s in sets if s["holder"]), False),
            (_("Scholen op een wachtlijst"), sum(s["waiting"] or 0 for s in sets), False),
        ]

    return counts


def register_installed():
    if apps.is_installed("innovet.placements"):
        register_activity_source("placements.application", _placement_applications)
    specs = [
        (
            "labs",
            "phase_counts",
            _("Innovatielabs per fase"),
            _("Innovatielabs (school–bedrijf trajecten) per fase"),
            None,
        ),
        (
            "placements",
            "counts",
            _("Bedrijfsstages"),
            _("Stageplaatsen en aanvragen voor bedrijfsstages van leerkrachten per status"),
            None,
        ),
        (
            "tiendagen",
            "booking_counts",
            _("10-dagenregeling"),
            _("Aanvragen en bevestigde dagen van de VDAB 10-dagenregeling (provincie van de school)"),
            TIENDAGEN_LABELS,
        ),
        (
            "substitution",
            "request_counts",
            _("Vervanging"),
            _("Vervangingsaanvragen van scholen: ingevuld (bevestigd), lopend, geannuleerd (provincie van de school)"),
            None,
        ),
    ]
    rotation = _selector("equipment", "rotation_summary")
    if rotation is not None:
        register_indicator(
            ModuleIndicator(
                "equipment",
                _("Gedeeld materiaal dat roteert"),
                _(
                    "Sets materiaal die tussen scholen roteren (zoals de wagens van Diagnose Car): hoeveel, hoeveel "
                    "er nu bij een school staan en hoeveel scholen op een wachtlijst staan; voor heel Vlaanderen."
                ),
                _adapter(_rotation_counts(rotation)),
            )
        )
    badges = _selector("badges", "award_counts_for_school")
    if badges is not None:

        def school_badges(scope):
            # Only per school: the selector counts the badges held by one school's current members.
            if scope.school is None or scope.school_year or scope.domain is not None:
                return None
            return rows_of(badges(scope.school))

        register_indicator(
            ModuleIndicator(
                "badges",
                _("Open Badges van het team"),
                _(
                    "Geldige badges die leden van de school nu hebben, per badge "
                    "(alleen op het overzicht van een school)."
                ),
                school_badges,
                people=True,
            )
        )
    where = _("in de provincie en het schooljaar van het overzicht, waar de module die filters kent")
    for app, name, label, what, labels in specs:
        fn = _selector(app, name)
        if fn is None:
            continue
        register_indicator(ModuleIndicator(app, label, f"{what}, {where}.", _adapter(fn, labels)))
