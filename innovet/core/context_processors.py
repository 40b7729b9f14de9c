from django.conf import settings

from .navigation import menus


def platform(request):
    main_navigation, user_menu = menus(request)
    return {
        "SITE_URL": settings.SITE_URL,
        "main_navigation": main_navigation,
        "user_menu": user_menu,
        "DEBUG": settings.DEBUG,
        "MAP_TILES": {
            "url": settings.MAP_TILE_URL,
            "attribution": settings.MAP_TILE_ATTRIBUTION,
            "max_zoom": settings.MAP_TILE_MAX_ZOOM,
        },
    }
