"""The material index of the generic search engine (innovet.search). Registered from AppConfig.ready().

Facet names and values are the catalogue's where they apply (provincie, thema as 'parent/child' codes,
studiedomein, graad, onderwijsvorm, nood, merkneutraal), so links and saved filters mean the same in both.
"""

from django.db.models import Prefetch
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _

from innovet.search.registry import Document, Facet, SearchIndex, register

from .models import Author, Material, Version

FACETS = [
    Facet("thema", _("Thema"), hierarchical=True),
    Facet("studiedomein", _("Studiedomein")),
    Facet("graad", _("Graad")),
    Facet("onderwijsvorm", _("Onderwijsvorm")),
    Facet("nood", _("Type nood")),
    Facet("merkneutraal", _("Merkneutraal")),
    Facet("provincie", _("Provincie van de makers")),
    Facet("licentie", _("Licentie")),
    Facet("status", _("Status")),
    Facet("werkvorm", _("Werkvorm")),
]


def theme_paths(terms):
    """'parent/child' code paths, as the catalogue indexes themes (the engine adds the ancestors)."""
    return sorted(f"{t.parent.code}/{t.code}" if t.parent_id else t.code for t in terms)


class MaterialIndex(SearchIndex):
    name = "materials"
    facets = FACETS

    def get_queryset(self):
        return (
            Material.objects.published()
            .select_related("licence")
            .prefetch_related(
                Prefetch("authors", queryset=Author.objects.select_related("user", "organisation__province")),
                "organisations__province",
                "themes__parent",
                "studiedomeinen",
                "graden",
                "onderwijsvormen",
                "noodtypes",
                "alignments",
                "work_forms__kind",
                Prefetch("versions", queryset=Version.objects.only("id", "material_id", "number", "snapshot")),
            )
        )

    def should_index(self, obj):
        return obj.published_at is not None

    def to_document(self, obj):
        versions = sorted(obj.versions.all(), key=lambda v: v.number)
        obj.show_published(versions[-1] if versions else None)  # the published text, not the working copy
        orgs = list(obj.organisations.all()) + [a.organisation for a in obj.authors.all() if a.organisation]
        provinces = sorted({o.province.slug for o in orgs if o.province_id})
        points = sorted({(o.latitude, o.longitude) for o in orgs if o.has_location})
        alignments = " ".join(f"{a.code} {a.text}" for a in obj.alignments.all())
        body = " ".join(
            [
                obj.summary,
                strip_tags(obj.body),
                alignments,
                obj.equipment,
                obj.brand_name,
                " ".join(a.user.get_full_name() for a in obj.authors.all()),
                " ".join(o.name for o in orgs),
                " ".join(f"{w.title} {w.description}" for w in obj.work_forms.all()),
            ]
        )
        return Document(
            pk=obj.pk,
            title=obj.title,
            body=body,
            facets={
                "thema": theme_paths(obj.themes.all()),
                "studiedomein": [t.code for t in obj.studiedomeinen.all()],
                "graad": [t.code for t in obj.graden.all()],
                "onderwijsvorm": [t.code for t in obj.onderwijsvormen.all()],
                "nood": [t.code for t in obj.noodtypes.all()],
                "merkneutraal": ["ja" if obj.brand_neutral else "nee"],
                "provincie": provinces,
                "licentie": [obj.licence.code] if obj.licence_id else [],
                "status": [obj.status],
                "werkvorm": sorted({w.kind.code for w in obj.work_forms.all()}),
            },
            points=points,
            dates=[],
            published_at=obj.published_at,
            boost=1.5 if obj.status == "gevalideerd" else 1.0,
        )


def register_index():
    register(MaterialIndex())
