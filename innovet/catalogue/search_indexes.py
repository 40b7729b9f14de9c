"""What the search engine knows about offers and initiatives: text, facet values (codes), points and dates.

Facet names double as URL parameters of the search pages (``?soort=workshop&provincie=limburg``), so they
are short Dutch words. Values are codes or slugs; the pages turn them into labels (``selectors``).
"""

import math

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovet.search.registry import CombinedIndex, Document, Facet, SearchIndex

from .models import Audience, Initiative, InitiativePartner, Offer, OfferLocation, OfferSession, Status

STALE_BOOST = 0.5


def theme_paths(themes):
    """Hierarchical facet values: 'industrie-4-0/robotica-automatisering' (main theme / theme)."""
    paths = []
    for term in themes:
        parent = term.parent
        paths.append(f"{parent.code}/{term.code}" if parent else term.code)
    return paths


class OfferIndex(SearchIndex):
    name = "offers"
    facets = [
        Facet("provincie", _("Provincie")),
        Facet("soort", _("Soort aanbod")),
        Facet("pijler", _("Pijler")),
        Facet("thema", _("Thema"), hierarchical=True),
        Facet("transitie", _("Transitieprioriteit")),
        Facet("studiedomein", _("Studiedomein")),
        Facet("graad", _("Graad")),
        Facet("onderwijsvorm", _("Onderwijsvorm")),
        Facet("nood", _("Type nood")),
        Facet("voorwie", _("Voor wie")),
        Facet("kost", _("Kostprijs")),
        Facet("maand", _("Maand")),
        Facet("moment", _("Moment")),
        Facet("locatietype", _("Soort locatie")),
        Facet("merkneutraal", _("Merkneutraal")),
        # The cost in whole euros (rounded up): 'past in mijn resterende budget' selects the prices up to it.
        Facet("prijs", _("Kostprijs in euro"), hidden=True),
    ]

    def get_queryset(self):
        return (
            Offer.objects.published()
            .select_related("kind", "pillar", "province")
            .prefetch_related(
                "providers",
                "themes__parent",
                "transition_priorities",
                "studiedomeinen",
                "graden",
                "onderwijsvormen",
                "need_types",
                Prefetch("locations", queryset=OfferLocation.objects.select_related("location_type", "province")),
                Prefetch("sessions", queryset=OfferSession.objects.order_by("starts_at")),
            )
            .order_by("pk")
        )

    def should_index(self, obj):
        return obj.status == Status.PUBLISHED

    def to_document(self, obj):
        locations = list(obj.locations.all())
        sessions = list(obj.sessions.all())
        providers = list(obj.providers.all())
        themes = list(obj.themes.all())
        provinces = {loc.province.slug for loc in locations if loc.province_id}
        if not provinces and obj.province_id:
            provinces = {obj.province.slug}
        starts = [timezone.localtime(s.starts_at) for s in sessions]
        audience = {Audience.INDIVIDUAL: ["individueel"], Audience.TEAM: ["team"]}.get(
            obj.audience, ["individueel", "team"]
        )
        body = "\n".join(
            part
            for part in [
                obj.summary,
                obj.description,
                obj.goals,
                str(obj.kind),
                " ".join(p.name for p in providers),
                " ".join(t.label for t in themes),
                " ".join(t.label for t in obj.studiedomeinen.all()),
                " ".join(f"{loc.name} {loc.municipality}" for loc in locations),
                obj.curriculum_goals,
                obj.professional_qualifications,
                obj.trainer_technical,
                obj.supplier,
            ]
            if part
        )
        return Document(
            pk=obj.pk,
            title=obj.title,
            body=body,
            facets={
                "provincie": sorted(provinces),
                "soort": [obj.kind.code],
                "pijler": [obj.pillar.code] if obj.pillar_id else [],
                "thema": theme_paths(themes),
                "transitie": [t.code for t in obj.transition_priorities.all()],
                "studiedomein": [t.code for t in obj.studiedomeinen.all()],
                "graad": [t.code for t in obj.graden.all()],
                "onderwijsvorm": [t.code for t in obj.onderwijsvormen.all()],
                "nood": [t.code for t in obj.need_types.all()],
                "voorwie": audience,
                "kost": [obj.cost_band] if obj.cost_band else [],
                "maand": sorted({f"{d:%Y-%m}" for d in starts}),
                "moment": sorted({"binnen" if s.within_school_hours else "buiten" for s in sessions}),
                "locatietype": sorted({loc.location_type.code for loc in locations}),
                "merkneutraal": ["ja" if obj.brand_neutral else "nee"],
                "prijs": [str(math.ceil(obj.cost))] if obj.cost is not None else [],
            },
            points=[(loc.latitude, loc.longitude) for loc in locations if loc.has_point],
            dates=sorted({d.date() for d in starts}),
            published_at=obj.published_at,
            boost=STALE_BOOST if obj.is_stale else 1.0,
        )


class InitiativeIndex(SearchIndex):
    name = "initiatives"
    facets = [
        Facet("provincie", _("Provincie")),
        Facet("doel", _("Doel")),
        Facet("thema", _("Thema"), hierarchical=True),
        Facet("transitie", _("Transitieprioriteit")),
        Facet("studiedomein", _("Studiedomein")),
        Facet("partner", _("Soort partner")),
    ]

    def get_queryset(self):
        return (
            Initiative.objects.published()
            .select_related("lead", "province")
            .prefetch_related(
                "provinces",
                "goals",
                "themes__parent",
                "transition_priorities",
                "studiedomeinen",
                Prefetch("partners", queryset=InitiativePartner.objects.select_related("organisation", "role")),
            )
            .order_by("pk")
        )

    def should_index(self, obj):
        return obj.status == Status.PUBLISHED

    def to_document(self, obj):
        partners = list(obj.partners.all())
        organisations = [obj.lead] + [p.organisation for p in partners if p.organisation_id != obj.lead_id]
        themes = list(obj.themes.all())
        body = "\n".join(
            part
            for part in [
                obj.summary,
                obj.description,
                obj.results,
                " ".join(o.name for o in organisations),
                " ".join(f"{p.contribution}" for p in partners),
                " ".join(t.label for t in themes),
            ]
            if part
        )
        return Document(
            pk=obj.pk,
            title=obj.title,
            body=body,
            facets={
                "provincie": sorted({p.slug for p in obj.provinces.all()}),
                "doel": [t.code for t in obj.goals.all()],
                "thema": theme_paths(themes),
                "transitie": [t.code for t in obj.transition_priorities.all()],
                "studiedomein": [t.code for t in obj.studiedomeinen.all()],
                "partner": sorted({o.kind for o in organisations}),
            },
            points=[(o.latitude, o.longitude) for o in organisations if o.has_location],
            dates=[],
            published_at=obj.published_at,
            boost=STALE_BOOST if obj.is_stale else 1.0,
        )


CATALOGUE_INDEX = "catalogus"
OFFERS_SOURCE = "aanbod"


class CatalogueIndex(CombinedIndex):
    """What the catalogue page searches: the offers plus every index another module adds as results of its own
    (``related.register_results``: the netwerkmomenten), ranked and counted together. The facet 'resultaat'
    says which kind of result a document is (offer or netwerkmoment) without being stored."""

    name = CATALOGUE_INDEX
    source_facet = Facet("resultaat", _("Soort resultaat"))
    facets = [source_facet, *OfferIndex.facets]

    def __init__(self):
        super().__init__()
        self.add_member(OfferIndex.name, OFFERS_SOURCE)
