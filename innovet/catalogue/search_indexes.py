"""What the search engine knows about offers and initiatives: text, facet values (codes), points and dates.

Facet names double as URL parameters of the search pages (``?soort=workshop&provincie=limburg``), so they
are short Dutch words. Values are codes or slugs; the pages turn them into labels (``selectors``).
"""

import math
from dataclasses import dataclass

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovet.search.registry import CombinedIndex, Document, Facet, SearchIndex

from .models import (
    Audience,
    Initiative,
    InitiativePartner,
    Offer,
    OfferLocation,
    OfferSession,
    Status,
    cost_band_code,
)

STALE_BOOST = 0.5


def theme_path(term):
    """A hierarchical facet value: 'industrie-4-0/robotica-automatisering' (main theme / theme)."""
    parent = term.parent
    return f"{parent.code}/{term.code}" if parent else term.code


def theme_paths(themes):
    return [theme_path(term) for term in themes]


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
        province = obj.province.slug if obj.province_id else None
        return offer_document(
            OfferFacts(
                pk=obj.pk,
                text={name: getattr(obj, name) for name in OFFER_TEXT},
                kind=(obj.kind.code, obj.kind.label),
                pillar=obj.pillar.code if obj.pillar_id else None,
                province=province,
                providers=[p.name for p in obj.providers.all()],
                themes=[(theme_path(t), t.label) for t in obj.themes.all()],
                studiedomeinen=[(t.code, t.label) for t in obj.studiedomeinen.all()],
                transition_priorities=[t.code for t in obj.transition_priorities.all()],
                graden=[t.code for t in obj.graden.all()],
                onderwijsvormen=[t.code for t in obj.onderwijsvormen.all()],
                need_types=[t.code for t in obj.need_types.all()],
                audience=obj.audience,
                cost=obj.cost,
                brand_neutral=obj.brand_neutral,
                locations=[
                    (
                        loc.name,
                        loc.municipality,
                        loc.province.slug if loc.province_id else None,
                        loc.location_type.code,
                        loc.latitude,
                        loc.longitude,
                    )
                    for loc in locations
                ],
                sessions=[(timezone.localtime(s.starts_at), s.within_school_hours) for s in obj.sessions.all()],
                published_at=obj.published_at,
                stale=obj.is_stale,
            )
        )


# The offer's own text fields that its search document reads.
OFFER_TEXT = (
    "title",
    "summary",
    "description",
    "goals",
    "curriculum_goals",
    "professional_qualifications",
    "trainer_technical",
    "supplier",
)


@dataclass(slots=True)
class OfferFacts:
    """What an offer's search document is made of, as plain values: read from a saved offer
    (``OfferIndex.to_document``) or from an import's checked rows (``bulk.OfferWriter``) without model instances.

    Terms come as codes (and labels where the text uses them), in the order the database lists them (position,
    label); a theme as its path ('parent/code'). A location is (name, municipality, province slug, location type
    code, latitude, longitude); a session (local start, within school hours).
    """

    pk: int
    text: dict
    kind: tuple
    pillar: str | None
    province: str | None
    providers: list
    themes: list
    studiedomeinen: list
    transition_priorities: list
    graden: list
    onderwijsvormen: list
    need_types: list
    audience: str
    cost: object
    brand_neutral: bool
    locations: list
    sessions: list
    published_at: object
    stale: bool


def offer_document(facts):
    """The search document of an offer: the one rule for the index, whatever the facts were read from."""
    text, locations, sessions = facts.text, facts.locations, facts.sessions
    provinces = {loc[2] for loc in locations if loc[2]}
    if not provinces and facts.province:
        provinces = {facts.province}
    audience = {Audience.INDIVIDUAL: ["individueel"], Audience.TEAM: ["team"]}.get(
        facts.audience, ["individueel", "team"]
    )
    body = "\n".join(
        part
        for part in [
            text["summary"],
            text["description"],
            text["goals"],
            facts.kind[1],
            " ".join(facts.providers),
            " ".join(label for _path, label in facts.themes),
            " ".join(label for _code, label in facts.studiedomeinen),
            " ".join(f"{loc[0]} {loc[1]}" for loc in locations),
            text["curriculum_goals"],
            text["professional_qualifications"],
            text["trainer_technical"],
            text["supplier"],
        ]
        if part
    )
    cost = facts.cost
    return Document(
        pk=facts.pk,
        title=text["title"],
        body=body,
        facets={
            "provincie": sorted(provinces),
            "soort": [facts.kind[0]],
            "pijler": [facts.pillar] if facts.pillar else [],
            "thema": [path for path, _label in facts.themes],
            "transitie": list(facts.transition_priorities),
            "studiedomein": [code for code, _label in facts.studiedomeinen],
            "graad": list(facts.graden),
            "onderwijsvorm": list(facts.onderwijsvormen),
            "nood": list(facts.need_types),
            "voorwie": audience,
            "kost": [band] if (band := cost_band_code(cost)) else [],
            "maand": sorted({f"{start:%Y-%m}" for start, _within in sessions}),
            "moment": sorted({"binnen" if within else "buiten" for _start, within in sessions}),
            "locatietype": sorted({loc[3] for loc in locations}),
            "merkneutraal": ["ja" if facts.brand_neutral else "nee"],
            "prijs": [str(math.ceil(cost))] if cost is not None else [],
        },
        points=[(loc[4], loc[5]) for loc in locations if loc[4] is not None and loc[5] is not None],
        dates=sorted({start.date() for start, _within in sessions}),
        published_at=facts.published_at,
        boost=STALE_BOOST if facts.stale else 1.0,
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
