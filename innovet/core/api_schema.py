"""The API's error responses in the OpenAPI schema (the shapes ``core.api`` answers)."""

from drf_spectacular.utils import OpenApiResponse, inline_serializer
from rest_framework import serializers

ErrorSerializer = inline_serializer("Error", {"detail": serializers.CharField()})
ValidationErrorSerializer = inline_serializer(
    "ValidationError",
    {
        "detail": serializers.CharField(),
        "errors": serializers.DictField(child=serializers.ListField(child=serializers.CharField()), required=False),
    },
)


def error_responses(*statuses):
    """OpenAPI responses for the errors an operation can answer (always JSON)."""
    texts = {
        400: "Ongeldige parameter (veld → meldingen in `errors`).",
        403: "Geen toegang.",
        404: "Niet gevonden of niet gepubliceerd.",
        405: "Methode niet toegestaan.",
        429: "Te veel verzoeken: probeer later opnieuw (zie `Retry-After`).",
    }
    return {
        status: OpenApiResponse(
            ValidationErrorSerializer if status == 400 else ErrorSerializer, description=texts[status]
        )
        for status in statuses
    }
