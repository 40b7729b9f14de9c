from django.conf import settings

from .navigation import main_navigation


def platform(request):
    return {
        "SITE_URL": settings.SITE_URL,
        "main_navigation": main_navigation(request),
        "DEBUG": settings.DEBUG,
    }
