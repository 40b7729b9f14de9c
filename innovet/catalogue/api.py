"""Read API (JSON) over published offers and initiatives, with the same filters and facets as the pages.

Documented in the OpenAPI schema (``/api/schema/``, ``/api/docs/``).
"""

from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import permissions, serializers
from rest_framework.exceptions import ValidationError as APIValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from innovet.core.api_schema import error_responses
from innovet.search.registry import get_index

from . import selectors
from .models import Initiative, InitiativePartner, Offer, OfferLocation, OfferSession


class TermSerializer(serializers.Serializer):
    code = serializers.CharField()
    label = serializers.CharField()


class OrganisationRefSerializer(serializers.Serializer):
    name = serializers.CharField()
    slug = serializers.CharField()
    url = serializers.SerializerMethodField()

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())


class LocationSerializer(serializers.ModelSerializer):
    location_type = TermSerializer()
    # A location abroad or without a postcode has no province: null.
    province = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)

    class Meta:
        model = OfferLocation
        fields = ["location_type", "name", "street", "postcode", "municipality", "province", "latitude", "longitude"]


class SessionSerializer(serializers.ModelSerializer):
    class Meta:
        model = OfferSession
        fields = ["title", "starts_at", "ends_at", "within_school_hours"]


class OfferSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    kind = TermSerializer()
    pillar = TermSerializer(allow_null=True)
    providers = OrganisationRefSerializer(many=True)
    themes = TermSerializer(many=True)
    transition_priorities = TermSerializer(many=True)
    studiedomeinen = TermSerializer(many=True)
    graden = TermSerializer(many=True)
    onderwijsvormen = TermSerializer(many=True)
    need_types = TermSerializer(many=True)
    locations = LocationSerializer(many=True)
    sessions = SessionSerializer(many=True)
    cost_band = serializers.CharField()
    fits_budget = serializers.BooleanField()
    is_stale = serializers.BooleanField()
    distance_km = serializers.SerializerMethodField()

    class Meta:
        model = Offer
        fields = [
            "id",
            "url",
            "title",
            "summary",
            "description",
            "goals",
            "kind",
            "pillar",
            "providers",
            "themes",
            "transition_priorities",
            "studiedomeinen",
            "graden",
            "onderwijsvormen",
            "need_types",
            "audience",
            "cost",
            "cost_note",
            "cost_band",
            "fits_budget",
            "duration_hours",
            "duration_note",
            "period",
            "capacity",
            "trainer_technical",
            "trainer_didactic",
            "curriculum_goals",
            "professional_qualifications",
            "brand_neutral",
            "supplier",
            "registration_url",
            "registration_info",
            "contact_name",
            "contact_email",
            "valid_from",
            "valid_until",
            "locations",
            "sessions",
            "published_at",
            "last_confirmed_at",
            "is_stale",
            "distance_km",
        ]

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())

    def get_distance_km(self, obj) -> float | None:
        value = getattr(obj, "distance_km", None)
        return round(value, 1) if value is not None else None


class PartnerSerializer(serializers.ModelSerializer):
    organisation = OrganisationRefSerializer()
    role = TermSerializer()

    class Meta:
        model = InitiativePartner
        fields = ["organisation", "role", "contribution"]


class InitiativeSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    lead = OrganisationRefSerializer()
    partners = PartnerSerializer(many=True)
    provinces = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    goals = TermSerializer(many=True)
    themes = TermSerializer(many=True)
    transition_priorities = TermSerializer(many=True)
    studiedomeinen = TermSerializer(many=True)
    offers = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    distance_km = serializers.SerializerMethodField()

    class Meta:
        model = Initiative
        fields = [
            "id",
            "url",
            "title",
            "summary",
            "description",
            "lead",
            "partners",
            "provinces",
            "goals",
            "themes",
            "transition_priorities",
            "studiedomeinen",
            "results",
            "offers",
            "website",
            "started_on",
            "ends_on",
            "published_at",
            "last_confirmed_at",
            "distance_km",
        ]

    def get_url(self, obj) -> str:
        return self.context["request"].build_absolute_uri(obj.get_absolute_url())

    def get_distance_km(self, obj) -> float | None:
        value = getattr(obj, "distance_km", None)
        return round(value, 1) if value is not None else None


def _parameters(index_name):
    params = [
        OpenApiParameter("q", OpenApiTypes.STR, description="Zoekwoorden (Nederlands, accenten genegeerd)."),
        OpenApiParameter("postcode", OpenApiTypes.STR, description="Zoek rond deze Belgische postcode."),
        OpenApiParameter(
            "km",
            {"type": "integer", "minimum": 1, "maximum": 300},
            description="Straal in km rond de postcode (1–300); vraagt een postcode.",
        ),
        OpenApiParameter(
            "sorteer",
            OpenApiTypes.STR,
            enum=list(selectors.SORTS),
            description="relevantie, eerstvolgende (sessie), afstand of nieuwste.",
        ),
        OpenApiParameter(
            "pagina", {"type": "integer", "minimum": 1}, description="Paginanummer (20 per pagina, tot 500)."
        ),
    ]
    for facet in get_index(index_name).facets:
        params.append(
            OpenApiParameter(
                facet.name,
                OpenApiTypes.STR,
                many=True,
                explode=True,
                description=f"Facet '{facet.label}': herhaal voor meerdere waarden (OF); verschillende facetten EN."
                + (" Hiërarchisch: 'hoofdthema/thema'." if facet.hierarchical else ""),
            )
        )
    return params


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()


def _list_response(name, item_serializer):
    return inline_serializer(
        name,
        {
            "count": serializers.IntegerField(),
            "page": serializers.IntegerField(),
            "pages": serializers.IntegerField(),
            "suggestion": serializers.CharField(allow_null=True),
            "facets": serializers.DictField(child=FacetValueSerializer(many=True)),
            "results": item_serializer(many=True),
        },
    )


class _SearchAPI(APIView):
    permission_classes = [permissions.AllowAny]
    index_name = ""
    serializer_class = None

    def get(self, request):
        # The pages forgive a mistyped sort or page (a link from somewhere); the API says what is wrong, as
        # its schema promises.
        errors = {}
        sort = request.query_params.get("sorteer")
        if sort is not None and sort not in selectors.SORTS:
            errors["sorteer"] = _("Kies een van: %(choices)s.") % {"choices": ", ".join(selectors.SORTS)}
        page = request.query_params.get("pagina")
        if page is not None and not (page.isascii() and page.isdigit() and int(page) >= 1):
            errors["pagina"] = _("Een paginanummer is een geheel getal vanaf 1.")
        radius = request.query_params.get("km")
        if radius is not None and not (radius.isascii() and radius.isdigit()):  # the page takes km= as 'any'
            errors["km"] = _("Kies een afstand in kilometer.")
        state = selectors.parse_search(request.query_params, request.user, self.index_name)
        errors = {**state.errors, **errors}
        if errors:
            raise APIValidationError(errors)
        result = selectors.run_search(state)
        if self.index_name == "offers":
            items = selectors.offers_for_hits(result.hits, full=True)
        else:
            items = selectors.initiatives_for_hits(result.hits, full=True)
        labels = selectors.value_labels(self.index_name)
        facets = {
            name: [
                {"value": v, "label": labels.get(name, {}).get(v.rsplit("/", 1)[-1], v), "count": c} for v, c in values
            ]
            for name, values in result.facets.items()
        }
        per_page = state.query.per_page
        return Response(
            {
                "count": result.total,
                "page": state.query.page,
                "pages": max(1, -(-result.total // per_page)),
                "suggestion": result.suggestion,
                "facets": facets,
                "results": self.serializer_class(items, many=True, context={"request": request}).data,
            }
        )


class OfferListAPI(_SearchAPI):
    index_name = "offers"
    serializer_class = OfferSerializer

    @extend_schema(
        operation_id="aanbod_zoeken",
        summary="Aanbod zoeken",
        description="Gepubliceerd aanbod met zoekwoorden, facetten (met aantallen) en afstand.",
        parameters=_parameters("offers"),
        responses={200: _list_response("OfferSearchResult", OfferSerializer), **error_responses(400, 429)},
        tags=["aanbod"],
    )
    def get(self, request):
        return super().get(request)


class OfferDetailAPI(APIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = OfferSerializer

    @extend_schema(
        operation_id="aanbod_detail",
        summary="Eén aanbod",
        responses={200: OfferSerializer, **error_responses(404, 429)},
        tags=["aanbod"],
    )
    def get(self, request, pk):
        offer = get_object_or_404(selectors.offer_detail_queryset().published(), pk=pk)
        return Response(OfferSerializer(offer, context={"request": request}).data)


class InitiativeListAPI(_SearchAPI):
    index_name = "initiatives"
    serializer_class = InitiativeSerializer

    @extend_schema(
        operation_id="initiatieven_zoeken",
        summary="Initiatieven zoeken",
        description="Gepubliceerde samenwerkingsverbanden met zoekwoorden, facetten en afstand.",
        parameters=_parameters("initiatives"),
        responses={
            200: _list_response("InitiativeSearchResult", InitiativeSerializer),
            **error_responses(400, 429),
        },
        tags=["initiatieven"],
    )
    def get(self, request):
        return super().get(request)


class InitiativeDetailAPI(APIView):
    permission_classes = [permissions.AllowAny]
    serializer_class = InitiativeSerializer

    @extend_schema(
        operation_id="initiatief_detail",
        summary="Eén initiatief",
        responses={200: InitiativeSerializer, **error_responses(404, 429)},
        tags=["initiatieven"],
    )
    def get(self, request, pk):
        initiative = get_object_or_404(selectors.initiative_detail_queryset().published(), pk=pk)
        return Response(InitiativeSerializer(initiative, context={"request": request}).data)
