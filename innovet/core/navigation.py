"""The main navigation: one list, so that every module appears in the same place."""

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

# (url name, label, icon). A module whose URL is not (yet) routed is left out.
MAIN_ITEMS = [
    ("catalogue:search", _("Aanbod"), "search"),
    ("catalogue:initiative_list", _("Initiatieven"), "diagram-3"),
    ("materials:search", _("Lesmateriaal"), "journal-richtext"),
    ("matching:need_list", _("Noden"), "signpost-split"),
    ("surveys:survey_list", _("Bevragingen"), "ui-checks"),
    ("events:event_list", _("Netwerkmomenten"), "calendar-event"),
    ("organisations:directory", _("Organisaties"), "buildings"),
]


def main_navigation(request):
    items = []
    path = request.path if request else ""
    for name, label, icon in MAIN_ITEMS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        items.append({"url": url, "label": label, "icon": icon, "active": path.startswith(url)})
    return items


# The user menu's own pages, each shown only to who can open it: (url name, label, check(user)).
# Modules append theirs in AppConfig.ready() with register_user_item.
USER_ITEMS = []


def register_user_item(url_name, label, check):
    USER_ITEMS.append((url_name, label, check))


def user_menu(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = []
    for name, label, check in USER_ITEMS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if check(user):
            items.append({"url": url, "label": label})
    return items
