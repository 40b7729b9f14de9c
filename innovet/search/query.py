"""The query and result objects every backend speaks."""

from dataclasses import dataclass, field

SORTS = ("relevance", "date", "distance", "newest")
MAX_PER_PAGE = 200


@dataclass
class SearchQuery:
    text: str = ""
    filters: dict[str, list[str]] = field(default_factory=dict)  # OR within a facet, AND across facets
    near: tuple[float, float] | None = None
    radius_km: float | None = None
    sort: str = "relevance"  # "relevance" | "date" | "distance" | "newest"
    page: int = 1
    per_page: int = 20
    with_facets: bool = True
    prefix_last: bool = True  # the last word matches as a prefix (search as you type)
    with_suggestion: bool = True

    def clean(self, index):
        """Normalise in place and drop what cannot apply (unknown facets, empty values)."""
        known = {f.name for f in index.facets}
        self.filters = {
            name: sorted({str(v) for v in values if str(v).strip()})
            for name, values in (self.filters or {}).items()
            if name in known and values
        }
        self.filters = {k: v for k, v in self.filters.items() if v}
        if self.sort not in SORTS:
            self.sort = "relevance"
        if self.sort == "distance" and self.near is None:
            self.sort = "relevance"
        if self.radius_km is not None and (self.near is None or self.radius_km <= 0):
            self.radius_km = None
        self.page = max(1, int(self.page or 1))
        self.per_page = min(max(1, int(self.per_page or 20)), MAX_PER_PAGE)
        return self

    @property
    def offset(self):
        return (self.page - 1) * self.per_page


@dataclass
class Hit:
    pk: int
    score: float
    distance_km: float | None = None
    index: str = ""  # the stored index the document is in (a combined search mixes several)


@dataclass
class SearchResult:
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]]  # counts per facet given the other filters; zero counts omitted
    suggestion: str | None = None  # 'bedoelde je …' for a typo, else None

    @property
    def pks(self):
        return [h.pk for h in self.hits]


def sort_facet_counts(counts):
    """Most frequent first, then alphabetical: the order every backend returns."""
    return sorted(((v, c) for v, c in counts.items() if c > 0), key=lambda vc: (-vc[1], vc[0]))
