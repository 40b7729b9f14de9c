"""Search indexes are declared by the consumer apps and registered here.

A consumer app (catalogue, materials) subclasses :class:`SearchIndex` and calls :func:`register`
from its ``AppConfig.ready()``. The engine never imports consumer models.
"""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import ImproperlyConfigured


@dataclass
class Facet:
    """A facet field. Values are short strings (slugs/codes); a document may have several."""

    name: str
    label: str  # Dutch label for the UI
    hierarchical: bool = False  # values like "industrie-4-0/robotica": a parent's count includes its children
    # A hidden facet filters like any other but is never shown as a panel (the price behind 'past in mijn budget').
    hidden: bool = False

    def expand(self, values):
        """The stored values: for a hierarchical facet every ancestor path too."""
        if not self.hierarchical:
            flat = {str(value).strip().strip("/") for value in values}
            flat.discard("")
            return sorted(flat)
        out = set()
        for value in values:
            parts = str(value).strip().strip("/").split("/")
            if parts[0]:
                out.update("/".join(parts[:i]) for i in range(1, len(parts) + 1))
        return sorted(out)


@dataclass
class Document:
    pk: int
    title: str
    body: str = ""  # other text (description, provider names, theme labels...)
    facets: dict[str, list[str]] = field(default_factory=dict)
    points: list[tuple[float, float]] = field(default_factory=list)  # (lat, lon); distance = nearest point
    dates: list[date] = field(default_factory=list)  # e.g. session dates; sort "date" = next date >= today
    published_at: datetime | None = None  # sort "newest"
    boost: float = 1.0  # e.g. < 1 for stale entries (they sink)


MIN_BOOST = 0.25
MAX_BOOST = 4.0


class SearchIndex:
    """Describe what is findable. Subclass and set ``name`` and ``facets``."""

    name: str = ""
    facets: list[Facet] = []

    def get_queryset(self):
        """Everything that should be findable (e.g. published offers). Any iterable works."""
        raise NotImplementedError

    def to_document(self, obj) -> Document:
        raise NotImplementedError

    def should_index(self, obj) -> bool:
        """False removes the object from the index on ``index_object`` (e.g. an archived offer)."""
        return True

    def get_pk(self, obj):
        return obj.pk

    @property
    def index_names(self):
        """The stored indexes this index searches: itself (a :class:`CombinedIndex` searches several)."""
        return [self.name]

    @property
    def is_combined(self):
        return False

    def facet(self, name):
        for f in self.facets:
            if f.name == name:
                return f
        return None

    def iter_documents(self, chunk_size=2000):
        qs = self.get_queryset()
        iterator = qs.iterator(chunk_size=chunk_size) if hasattr(qs, "iterator") else iter(qs)
        for obj in iterator:
            if self.should_index(obj):
                yield self.to_document(obj)


class CombinedIndex(SearchIndex):
    """Several stored indexes searched as one: one ranking (the engine's score over the shared full-text table,
    or the next date, distance, newest), one total, and facet counts over the documents of all of them.

    It stores nothing under its own name and is never rebuilt; its members are. ``source_facet`` is a facet
    that no document stores: its value is the member a document comes from (``source_values``), so that a
    page can count and filter 'which kind of result' without re-indexing anything. Members named in
    ``upcoming_only`` take part only with documents that have a date today or later (events that are over
    drop out of the combined search; their own index keeps them)."""

    source_facet: Facet | None = None

    def __init__(self):
        self.members: list[str] = []
        self.source_values: dict[str, str] = {}
        self.upcoming_only: set[str] = set()

    def add_member(self, index_name, source_value, upcoming_only=False):
        if index_name not in self.members:
            self.members.append(index_name)
        self.source_values[index_name] = source_value
        if upcoming_only:
            self.upcoming_only.add(index_name)

    @property
    def index_names(self):
        return list(self.members)

    @property
    def is_combined(self):
        return True

    def members_with_source(self, values):
        """The member indexes whose documents carry one of these values of the source facet."""
        return [name for name in self.members if self.source_values.get(name) in set(values)]

    def get_queryset(self):  # pragma: no cover - a combined index is never rebuilt itself
        return []

    def to_document(self, obj):  # pragma: no cover
        raise NotImplementedError


_registry: dict[str, SearchIndex] = {}


def register(index: SearchIndex) -> None:
    if not index.name or not index.name.replace("_", "").isalnum() or len(index.name) > 40:
        raise ImproperlyConfigured(f"Zoekindex heeft een ongeldige naam: {index.name!r}")
    names = [f.name for f in index.facets]
    if len(names) != len(set(names)) or not all(n.replace("_", "").isalnum() for n in names):
        raise ImproperlyConfigured(f"Zoekindex {index.name}: facetnamen moeten uniek zijn en alleen letters/cijfers/_")
    _registry[index.name] = index


def unregister(name) -> None:
    _registry.pop(name, None)


def get_index(name) -> SearchIndex:
    try:
        return _registry[name]
    except KeyError:
        raise LookupError(f"Onbekende zoekindex: {name!r}") from None


def all_indexes() -> list[SearchIndex]:
    """The stored indexes (those that are written and rebuilt); combined indexes only search them."""
    return [i for i in _registry.values() if not i.is_combined]
