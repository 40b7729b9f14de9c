from django.http import HttpResponse
from django.urls import include, path


def minimal(request):
    """The yardstick: a Django view that does nothing, behind the same middleware."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("_bench/minimal/", minimal), path("", include("innovet.urls"))]
