"""What every part of the read API shares: JSON errors, the shared-cache throttle, the error schema.

The API answers JSON whatever goes wrong (an unknown address, a bad parameter, a wrong method, too many
requests), never an HTML page: its clients are programs. Its throttle counts in the shared Django cache
(Redis with ``REDIS_URL``, otherwise the host's file cache), so every worker process sees the same count.
"""

from django.conf import settings
from django.core.cache import caches
from django.http import JsonResponse
from django.utils.translation import gettext as _
from rest_framework.throttling import AnonRateThrottle

API_PREFIXES = ("/api/",)


def is_api_path(path):
    """The JSON API: ``/api/...`` and every module's ``/<module>/api/...``."""
    return path.startswith(API_PREFIXES) or "/api/" in path


def json_error(detail, status, errors=None):
    body = {"detail": str(detail)}
    if errors:
        body["errors"] = errors
    return JsonResponse(body, status=status, json_dumps_params={"ensure_ascii": False})


def _flatten(detail):
    """DRF's validation detail as {field: [message, ...]}."""
    if isinstance(detail, dict):
        return {str(k): [str(m) for m in (v if isinstance(v, list) else [v])] for k, v in detail.items()}
    if isinstance(detail, list):
        return {"non_field_errors": [str(m) for m in detail]}
    return {"non_field_errors": [str(detail)]}


def exception_handler(exc, context):
    """DRF's errors in one shape: ``{"detail": text}`` plus ``errors`` (field -> messages) for a 400."""
    # Imported here: rest_framework.views reads the settings, which name this module's throttle.
    from rest_framework.exceptions import ValidationError
    from rest_framework.views import exception_handler as drf_exception_handler

    response = drf_exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        response.data = {"detail": _("Ongeldige parameters."), "errors": _flatten(exc.detail)}
    return response


class SharedAnonRateThrottle(AnonRateThrottle):
    """Anonymous API requests per IP address, counted in the shared cache (not per process).

    The rate is read from the settings at each request (DRF reads it once, at import), so an operator's
    change and a test's ``override_settings`` take effect."""

    cache = caches["default"]

    def get_rate(self):
        return settings.REST_FRAMEWORK.get("DEFAULT_THROTTLE_RATES", {}).get(self.scope)
