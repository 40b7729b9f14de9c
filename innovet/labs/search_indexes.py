"""The 'labs' index of the generic search engine: every lab except stopped ones, so the lab list is a search.

Facet names and values follow the catalogue and materials (provincie, thema as 'parent/child', studiedomein,
graad) so a link or saved filter means the same across the platform; 'fase', 'presenteerbaar' and
'natraject' are the lab's own."""

from django.db.models import Exists
from django.utils.translation import gettext_lazy as _

from innovet.search.registry import Document, Facet, SearchIndex, register

from .models import Lab, Phase

FACETS = [
    Facet("provincie", _("Provincie")),
    Facet("thema", _("Thema"), hierarchical=True),
    Facet("studiedomein", _("Studiedomein")),
    Facet("graad", _("Graad")),
    Facet("fase", _("Fase")),
    Facet("presenteerbaar", _("Presenteerbaar")),
    Facet("natraject", _("Natraject")),
]


def theme_paths(terms):
    return sorted(f"{t.parent.code}/{t.code}" if t.parent_id else t.code for t in terms)


class LabIndex(SearchIndex):
    name = "labs"
    facets = FACETS

    def get_queryset(self):
        from .selectors import presentable_material_q

        return (
            Lab.objects.exclude(phase=Phase.STOPPED)
            .select_related("province", "coordinator_organisation", "studiedomein")
            .prefetch_related(
                "themes__parent",
                "graden",
                "provinces",
                "partners__organisation",
                "schools__school",
                "lab_materials__material",
            )
            .annotate(presentable=Exists(presentable_material_q()))
            .order_by("pk")
        )

    def should_index(self, obj):
        return obj.phase != Phase.STOPPED

    def to_document(self, obj):
        if not hasattr(obj, "presentable"):
            from .selectors import is_presentable

            obj.presentable = is_presentable(obj)
        themes = list(obj.themes.all())
        partners = [p.organisation.name for p in obj.partners.all() if p.left_on is None]
        schools = [s.school.name for s in obj.schools.all() if s.left_on is None]
        materials = [link.material.title for link in obj.lab_materials.all()]
        body = "\n".join(
            part
            for part in [
                obj.summary,
                obj.description,
                obj.coordinator_organisation.name,
                " ".join(partners),
                " ".join(schools),
                " ".join(materials),
                " ".join(t.label for t in themes),
            ]
            if part
        )
        provinces = {p.slug for p in obj.provinces.all()} | {obj.province.slug}
        return Document(
            pk=obj.pk,
            title=obj.title,
            body=body,
            facets={
                "provincie": sorted(provinces),
                "thema": theme_paths(themes),
                "studiedomein": [obj.studiedomein.code] if obj.studiedomein_id else [],
                "graad": [t.code for t in obj.graden.all()],
                "fase": [obj.phase],
                "presenteerbaar": ["ja" if obj.presentable else "nee"],
                "natraject": ["open"] if obj.follow_up_open else [],
            },
            published_at=obj.created_at,
        )


def register_index():
    register(LabIndex())
