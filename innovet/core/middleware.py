"""Request hygiene that every view relies on."""

from django.shortcuts import render
from django.utils.translation import gettext as _

from .api import is_api_path, json_error

NUL = "\x00"


def _nul_field(request):
    """The name of the first query/form parameter (or the path or a cookie) that holds a NUL byte."""
    if NUL in request.path:
        return _("het adres")
    sources = [request.GET]
    if request.method == "POST" and request.content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        sources.append(request.POST)
    for source in sources:
        for key, values in source.lists():
            if NUL in key or any(NUL in value for value in values):
                return key.replace(NUL, "")
    for key, value in request.COOKIES.items():
        if NUL in key or NUL in value:
            return _("een cookie")
    return None


class RejectNulBytesMiddleware:
    """A NUL byte can't be stored in or compared with a PostgreSQL text value (the driver raises, the
    page would answer 500); no real input holds one, so the request is refused with a 400 up front."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        field = _nul_field(request)
        if field is None:
            return self.get_response(request)
        message = _("Ongeldig teken (NUL-byte) in ‘%(field)s’. Verwijder het en probeer opnieuw.") % {"field": field}
        if is_api_path(request.path):
            return json_error(message, 400)
        return render(request, "400.html", {"message": message}, status=400)
