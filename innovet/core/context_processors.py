from django.conf import settings

from .navigation import main_navigation, user_menu


def platform(request):
    return {
        "SITE_URL": settings.SITE_URL,
        "main_navigation": main_navigation(request),
        "user_menu": user_menu(request),
        "DEBUG": settings.DEBUG,
    }
