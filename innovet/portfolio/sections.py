"""The section registry of portfolios and profiles.

A portfolio (a person), a school profile and a partner profile are each a list of sections. Every module
contributes its sections by name, like the dashboard's panels (``core/dashboard.py``):

    register("person", "badges", person_badges, order=30, app="innovet.badges")

``function(subject)`` returns a :class:`Section` or ``None`` (nothing to show). A section whose ``app``
is not installed is skipped, so the pages work with whichever modules this installation has; the
optional modules (badges, labs, placements) are imported only inside their section functions.
A section is plain data (key figures and tables whose cells are text or links), so the page and the PDF
export render every module's sections the same way and never need to know a module.
"""

import importlib
from dataclasses import dataclass, field

from django.apps import apps

SCOPES = ("person", "school", "partner")
_registry = {scope: {} for scope in SCOPES}


@dataclass(frozen=True)
class Link:
    """A table cell that links somewhere (an offer, a material, a badge's verify page)."""

    text: str
    url: str

    def __str__(self):
        return self.text


@dataclass
class Table:
    """A table of a section: shown on the page and written to the PDF. A cell is text or a ``Link``."""

    caption: str
    columns: list
    rows: list
    numeric: tuple = ()  # indexes of columns aligned right
    note: str = ""  # e.g. 'de 50 recentste van 73'


@dataclass
class Section:
    key: str
    title: str
    figures: list = field(default_factory=list)  # [(label, value)] shown as key figures
    tables: list = field(default_factory=list)  # [Table]
    intro: str = ""
    template: str = "portfolio/section.html"


@dataclass
class _Registered:
    name: str
    function: object
    order: int
    app: str | None


def register(scope, name, function, order=100, app=None):
    """Add (or replace) the section ``name`` of a scope. ``app``: only when that app is installed."""
    if scope not in _registry:
        raise ValueError(f"unknown scope {scope!r}")
    _registry[scope][name] = _Registered(name, function, order, app)


def registered(scope):
    return sorted(_registry[scope].values(), key=lambda r: (r.order, r.name))


def sections(scope, subject):
    result = []
    for entry in registered(scope):
        if entry.app and not apps.is_installed(entry.app):
            continue
        section = entry.function(subject)
        if section is not None:
            result.append(section)
    return result


def optional_selector(module, name):
    """A selector of an optional app, or None when the app (or that selector) is not there."""
    try:
        selectors = importlib.import_module(f"{module}.selectors")
    except ImportError:
        return None
    return getattr(selectors, name, None)


def register_builtin_sections():
    from . import builtin

    register("person", "participation", builtin.person_participation, order=10)
    register("person", "materials", builtin.person_materials, order=20, app="innovet.materials")
    register("person", "badges", builtin.person_badges, order=30, app="innovet.badges")
    register("person", "labs", builtin.person_labs, order=40, app="innovet.labs")
    register("school", "labs", builtin.school_labs, order=10, app="innovet.labs")
    register("school", "placements", builtin.school_placements, order=15, app="innovet.placements")
    register("school", "participation", builtin.school_participation, order=20)
    register("school", "materials", builtin.school_materials, order=30, app="innovet.materials")
    register("school", "partners", builtin.school_partners, order=40)
    register("school", "badges", builtin.school_badges, order=50, app="innovet.badges")
    register("partner", "offers", builtin.partner_offers, order=10, app="innovet.catalogue")
    register("partner", "events", builtin.partner_events, order=20, app="innovet.events")
    register("partner", "placements", builtin.partner_placements, order=25, app="innovet.placements")
    register("partner", "contributed", builtin.partner_contributed, order=30)
