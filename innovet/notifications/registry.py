"""Notification categories. Each app registers its own in AppConfig.ready(); users choose per category
how they want to hear about it (immediately by e-mail, in a daily digest, or only in the app)."""

from dataclasses import dataclass

IMMEDIATE, DIGEST, IN_APP = "direct", "dagelijks", "enkel-platform"


@dataclass(frozen=True)
class Category:
    code: str
    label: str
    default: str = IMMEDIATE


_categories: dict[str, Category] = {}


def register_category(code, label, default=IMMEDIATE):
    _categories[code] = Category(code, label, default)


def get_category(code):
    try:
        return _categories[code]
    except KeyError:
        raise LookupError(f"Unknown notification category {code!r}: register it in AppConfig.ready()") from None


def categories():
    return sorted(_categories.values(), key=lambda c: str(c.label))
