"""The main navigation: one list, so that every module appears in the same place.

The header shows a few entries and two groups (dropdowns) so that it fits on one line at 1280 px however
many modules there are; the home page lists every module with its description. Modules add their entry
in ``AppConfig.ready()`` with ``register_main_item`` (into a group) and their own pages in the user menu
with ``register_user_item``.
"""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from .page_cache import shared


@dataclass
class Item:
    url_name: str
    label: str
    icon: str
    description: str = ""
    check: object = None  # callable(user) -> bool; None: everyone


@dataclass
class Group:
    key: str
    label: str
    icon: str
    items: list = field(default_factory=list)


COLLABORATE, EXPERIENCE = "samenwerken", "beleven"

MAIN = [
    Item(
        "catalogue:search",
        _("Aanbod"),
        "search",
        _(
            "Nascholing, workshops, bedrijfsstages en vervangingsaanbod, doorzoekbaar op regio, thema, "
            "studiedomein en afstand."
        ),
    ),
    Item(
        "materials:search",
        _("Lesmateriaal"),
        "journal-richtext",
        _("Lesmateriaal gekoppeld aan leerplandoelen, met bronvermelding van wie het maakte."),
    ),
    Group(
        COLLABORATE,
        _("Samenwerken"),
        "people",
        [
            Item(
                "catalogue:initiative_list",
                _("Initiatieven"),
                "diagram-3",
                _("Samenwerkingsverbanden tussen scholen, bedrijven, sectoren en RTC's, zoals VINTO en Diagnose Car."),
            ),
            Item(
                "matching:need_list",
                _("Noden"),
                "signpost-split",
                _("Scholen geven hun noden op; het RTC van de provincie brengt hen samen met partners."),
            ),
            Item(
                "surveys:survey_list",
                _("Bevragingen"),
                "ui-checks",
                _("Behoeftepeilingen en bevragingen, met rapporten zoals in de InnoVET-studie."),
            ),
        ],
    ),
    Group(
        EXPERIENCE,
        _("Innovatie beleven"),
        "building-gear",
        [
            Item(
                "events:event_list",
                _("Netwerkmomenten"),
                "calendar-event",
                _("Kick-offs, netwerkmomenten en toonmomenten per regio, met inschrijving per sessie."),
            ),
        ],
    ),
    Item(
        "organisations:directory",
        _("Organisaties"),
        "buildings",
        _("Scholen, RTC's, sectoren, bedrijven en partners in Vlaanderen en Brussel."),
    ),
]


def register_main_item(group_key, url_name, label, icon, description="", check=None):
    """Add a module's entry to a group of the header (COLLABORATE or EXPERIENCE); None: a top-level entry."""
    item = Item(url_name, label, icon, description, check)
    if group_key is None:
        if all(getattr(entry, "url_name", None) != url_name for entry in MAIN):
            MAIN.insert(len(MAIN) - 1, item)  # before 'Organisaties', which closes the bar
        return
    group = next(entry for entry in MAIN if isinstance(entry, Group) and entry.key == group_key)
    if all(entry.url_name != url_name for entry in group.items):
        group.items.append(item)


def _resolve(item, user):
    if item.check is not None and not (user is not None and user.is_authenticated and item.check(user)):
        return None
    try:
        url = reverse(item.url_name)
    except NoReverseMatch:  # a module that is not installed
        return None
    return {"url": url, "label": str(item.label), "icon": item.icon, "description": str(item.description)}


def _main_entries(user):
    entries = []
    for entry in MAIN:
        if isinstance(entry, Group):
            children = [c for c in (_resolve(item, user) for item in entry.items) if c]
            if children:
                entries.append({"key": entry.key, "label": str(entry.label), "icon": entry.icon, "children": children})
        else:
            resolved = _resolve(entry, user)
            if resolved:
                entries.append(resolved)
    return entries


def _user_items(user):
    items = []
    for name, label, check in USER_ITEMS:
        try:
            url = reverse(name)
        except NoReverseMatch:
            continue
        if check(user):
            items.append({"url": url, "label": str(label)})
    return items


def _menus(request):
    """The header's entries and the user menu of this person. Every check asks the permission layer, and
    every entry is a URL reverse: kept per person in the shared cache under the content version, which every
    write to what the checks read (memberships, organisations, offers, ...) replaces."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return shared("menus:anonymous", lambda: (_main_entries(user), []))
    return shared(f"menus:{user.pk}", lambda: (_main_entries(user), _user_items(user)))


def menus(request):
    """The header's entries (a group is a dict with ``children``, shown as a dropdown) and the user menu."""
    main, user_items = _menus(request)
    return _with_active(main, request.path if request else ""), user_items


def main_navigation(request):
    return menus(request)[0]


def _with_active(entries, path):
    for entry in entries:
        for child in entry.get("children", ()):
            child["active"] = path.startswith(child["url"])
        entry["active"] = (
            any(c["active"] for c in entry["children"]) if "children" in entry else path.startswith(entry["url"])
        )
    return entries


def modules(navigation):
    """Every module of the header, groups opened up: the home page's overview."""
    flat = []
    for entry in navigation:
        flat.extend(entry.get("children") or [entry])
    return flat


# The user menu's own pages, each shown only to who can open it: (url name, label, check(user)).
# Modules append theirs in AppConfig.ready() with register_user_item.
USER_ITEMS = []


def register_user_item(url_name, label, check):
    USER_ITEMS.append((url_name, label, check))
