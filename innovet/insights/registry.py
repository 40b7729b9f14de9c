"""Two registries, so that modules contribute to insights without insights importing them.

1. Activity sources: for each kind of activity the participation ledger can point to (an event session, an
   offer, a placement...), a function that tells the grades, studiedomeinen and place of a batch of those
   activities. ``refresh`` calls it for the activities that appear in the ledger.

       register_activity_source("events.session", fn)   # fn(ids) -> iterable of ActivityInfo

2. Module indicators: a module (labs, placements, substitution, tiendagen, equipment, badges...) contributes
   figures to the 'Aanbod en vraag' part of every dashboard.

       register_indicator(ModuleIndicator(key, label, definition, fn))   # fn(scope) -> list of (label, value)

   ``fn`` gets the dashboard's ``Scope`` (provinces, school year, domain, school) and returns rows of
   (label, number). ``contributions.py`` wires the modules that are installed, each behind an import check.
"""

from dataclasses import dataclass, field


@dataclass
class ActivityInfo:
    id: object
    grades: set = field(default_factory=set)  # graad codes: "1", "2", "3", "7"
    domain_ids: set = field(default_factory=set)  # studiedomein Term ids
    latitude: float | None = None
    longitude: float | None = None


ACTIVITY_SOURCES = {}  # "app_label.model" -> fn(ids) -> iterable of ActivityInfo


def register_activity_source(model_label, fn):
    ACTIVITY_SOURCES[model_label.lower()] = fn


@dataclass
class ModuleIndicator:
    key: str
    label: str
    definition: str  # what it counts and over which base (shown on the definitions page)
    fn: object  # fn(scope) -> list of (label, value); value an int, or None when the module can't tell
    people: bool = False  # the values count people: small numbers are suppressed outside the school
    order: int = 100


MODULE_INDICATORS = {}


def register_indicator(indicator):
    MODULE_INDICATORS[indicator.key] = indicator


def module_indicators():
    return sorted(MODULE_INDICATORS.values(), key=lambda i: (i.order, i.key))
