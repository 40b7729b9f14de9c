"""Published placement places in the search (Dutch full text, facets, distance from one's school)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovet.catalogue.search_indexes import theme_paths
from innovet.search.registry import Document, Facet, SearchIndex

from .models import PlacementPlace, PlaceStatus


class PlacementIndex(SearchIndex):
    name = "placements"
    facets = [
        Facet("provincie", _("Provincie")),
        Facet("soort", _("Soort")),
        Facet("thema", _("Thema"), hierarchical=True),
        Facet("studiedomein", _("Studiedomein")),
        Facet("duur", _("Duur")),
        Facet("vorm", _("Verloop")),
        Facet("extra", _("Inbegrepen")),
        Facet("maand", _("Maand")),
    ]

    def get_queryset(self):
        return (
            PlacementPlace.objects.published()
            .select_related("company", "province", "studiedomein")
            .prefetch_related("themes__parent", "periods")
            .order_by("pk")
        )

    def should_index(self, obj):
        return obj.status == PlaceStatus.PUBLISHED

    def to_document(self, obj):
        themes = list(obj.themes.all())
        today = timezone.localdate()
        periods = [p for p in obj.periods.all() if p.ends_on >= today]
        months = set()
        for p in periods:
            y, m = p.starts_on.year, p.starts_on.month
            while (y, m) <= (p.ends_on.year, p.ends_on.month) and len(months) < 36:
                months.add(f"{y:04d}-{m:02d}")
                y, m = (y + 1, 1) if m == 12 else (y, m + 1)
        extra = [code for code, flag in (("terugkomdag", obj.return_day), ("opvolging", obj.follow_up)) if flag]
        days = obj.duration_days
        duration = "1-dag" if days <= 1 else "2-5-dagen" if days <= 5 else "6-10-dagen" if days <= 10 else "meer-dan-10"
        body = "\n".join(
            part
            for part in [
                obj.active_role,
                obj.description,
                obj.company.name,
                " ".join(t.label for t in themes),
                obj.studiedomein.label if obj.studiedomein_id else "",
                f"{obj.location_name} {obj.municipality}",
            ]
            if part
        )
        return Document(
            pk=obj.pk,
            title=obj.title,
            body=body,
            facets={
                "provincie": [obj.province.slug] if obj.province_id else [],
                "soort": [obj.kind],
                "thema": sorted(set(theme_paths(themes))),
                "studiedomein": [obj.studiedomein.code] if obj.studiedomein_id else [],
                "duur": [duration],
                "vorm": ["gespreid" if obj.spread else "aaneensluitend"],
                "extra": extra,
                "maand": sorted(months),
            },
            points=[(obj.latitude, obj.longitude)] if obj.has_point else [],
            dates=sorted(p.starts_on if p.starts_on >= today else today for p in periods),
            published_at=obj.published_at,
        )
