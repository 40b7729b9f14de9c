"""Error pages: HTML for people, JSON for the API (``core.api.is_api_path``)."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views import defaults

from .api import is_api_path, json_error


def bad_request(request, exception=None):
    if is_api_path(request.path):
        return json_error(_("Ongeldig verzoek."), 400)
    return defaults.bad_request(request, exception)


def permission_denied(request, exception=None):
    if is_api_path(request.path):
        return json_error(_("Geen toegang."), 403)
    return render(request, "403.html", status=403)


def page_not_found(request, exception=None):
    if is_api_path(request.path):
        return json_error(_("Niet gevonden."), 404)
    return render(request, "404.html", status=404)


def server_error(request):
    if is_api_path(request.path):
        return json_error(_("Er liep iets mis op de server."), 500)
    return defaults.server_error(request)  # no request context: the database may be what failed
