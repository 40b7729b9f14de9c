"""What a dashboard looks at: which provinces, school year, studiedomein or school, and whether small
counts must be hidden. Built by the views from the user's rights and the filters (``access``)."""

from dataclasses import dataclass, field

from django.db.models import Q


@dataclass
class Scope:
    school_year: int | None = None  # first calendar year (2025 = 2025-2026); None: all school years
    province_ids: list | None = None  # None: all of Flanders and Brussels
    domain: object = None  # a studiedomein Term, or None
    school: object = None  # an Organisation (the school dashboard), or None
    suppress: bool = True  # hide counts of fewer than SMALL people (every view shared outside the school)
    label: str = ""
    extra: dict = field(default_factory=dict)

    def facts(self, qs, *, year=True, school=True):
        """A fact table (PersonFact, SchoolFact, DistanceFact) narrowed to this scope. ``year=False`` keeps
        every school year (for trends): the rows of single school years, not the 'all years' rows."""
        if year:
            qs = qs.filter(school_year=self.school_year) if self.school_year else qs.filter(school_year__isnull=True)
        else:
            qs = qs.filter(school_year__isnull=False)
        qs = qs.filter(domain=self.domain) if self.domain is not None else qs.filter(domain__isnull=True)
        if self.province_ids is not None:
            qs = qs.filter(province_id__in=self.province_ids)
        if school and self.school is not None:
            qs = qs.filter(school=self.school)
        return qs

    @property
    def summarised(self):
        """Whether the per-province summaries answer this scope (not a single school)."""
        return self.school is None

    def schools_q(self, prefix=""):
        """The base: active schools of the organisations directory in this scope."""
        q = Q(**{f"{prefix}kind": "school", f"{prefix}is_active": True})
        if self.province_ids is not None:
            q &= Q(**{f"{prefix}province_id__in": self.province_ids})
        if self.domain is not None:
            q &= Q(**{f"{prefix}studiedomeinen": self.domain})
        if self.school is not None:
            q &= Q(**{f"{prefix}pk": self.school.pk})
        return q

    def key(self):
        return (
            self.school_year,
            tuple(self.province_ids) if self.province_ids is not None else None,
            self.domain.pk if self.domain is not None else None,
            self.school.pk if self.school is not None else None,
            self.suppress,
        )


def school_year_label(year):
    return f"{year}-{year + 1}" if year else ""
