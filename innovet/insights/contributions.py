"""Figures of modules that may or may not be installed (innovatielabs, bedrijfsstages, 10-dagenregeling,
vervanging...), wired into the indicator registry only when the app is installed and exposes the selector.
Nothing here imports a module unconditionally: insights works the same without any of them."""

import importlib

from django.apps import apps
from django.utils.translation import gettext_lazy as _

from .registry import ModuleIndicator, register_indicator


def _selector(app, name):
    if not apps.is_installed(f"innovet.{app}"):
        return None
    try:
        module = importlib.import_module(f"innovet.{app}.selectors")
    except ImportError:
        return None
    return getattr(module, name, None)


def rows_of(result):
    """A selector's counts as (label, number) rows: it may answer a dict, (label, n) pairs or dicts."""
    if result is None:
        return []
    labelled = getattr(result, "labelled_rows", None)
    if callable(labelled):  # a selector's own Dutch labels for its keys (placements, substitution)
        return labelled()
    if isinstance(result, dict):
        return [(str(k), v) for k, v in result.items()]
    rows = []
    for item in result:
        if isinstance(item, dict):
            label = item.get("label") or item.get("phase") or item.get("status") or item.get("name") or ""
            value = next((item[k] for k in ("n", "count", "total", "value") if k in item), None)
            rows.append((str(label), value))
        else:
            rows.append((str(item[0]), item[1]))
    return rows


def _province_arg(scope):
    """The single province a module selector can filter on (None: all, or several)."""
    if scope.school is not None:
        return scope.school.province
    if scope.province_ids and len(scope.province_ids) == 1:
        from innovet.geo.models import Province

        return Province.objects.get(pk=scope.province_ids[0])
    return None


def register_installed():
    where = _("in de provincie en het schooljaar van het dashboard")
    specs = [
        ("labs", "phase_counts", _("Innovatielabs per fase"), _("Innovatielabs (school–bedrijf trajecten) per fase")),
        ("placements", "counts", _("Bedrijfsstages"), _("Bedrijfsstages en werkplekleren van leerkrachten per status")),
        ("tiendagen", "booking_counts", _("Boekingen 10-dagenregeling"), _("Boekingen van de VDAB 10-dagenregeling")),
        ("substitution", "request_counts", _("Vervangingsaanvragen"), _("Vervangingsaanvragen en hoeveel ingevuld")),
    ]
    for app, name, label, what in specs:
        fn = _selector(app, name)
        if fn is None:
            continue
        register_indicator(ModuleIndicator(app, label, f"{what}, {where}.", _adapter(fn)))


def _adapter(fn):
    import inspect

    params = inspect.signature(fn).parameters

    def call(scope):
        kwargs = {}
        if "province" in params:
            kwargs["province"] = _province_arg(scope)
        if "school_year" in params:
            kwargs["school_year"] = scope.school_year
        if "domain" in params:
            kwargs["domain"] = scope.domain
        if "school" in params:
            kwargs["school"] = scope.school
        return rows_of(fn(**kwargs))

    return call
