from decimal import Decimal, InvalidOperation

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def euro(value, decimals=2):
    """nl-BE currency: € 1.234,50. Empty for None."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        return value
    if amount == amount.to_integral_value() and decimals == 2:
        return f"€ {number_format(amount, 0, use_l10n=True, force_grouping=True)}"
    return f"€ {number_format(amount, int(decimals), use_l10n=True, force_grouping=True)}"


@register.filter
def hours(value):
    """Hours as people write them in nl-BE: 3 / 2,5 / 2,25 — at most two decimals (quarter hours), no trailing
    zeros, so that a row and its total read alike. Empty for None."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except InvalidOperation:
        return value
    places = max(0, -amount.normalize().as_tuple().exponent)  # 2.50 -> 1, 3.00 -> 0
    return number_format(amount, places, use_l10n=True, force_grouping=True)


@register.filter
def km(value):
    if value is None:
        return ""
    return f"{number_format(round(value, 1), 1, use_l10n=True)} km"


@register.simple_tag(takes_context=True)
def query_replace(context, **kwargs):
    """The current query string with some parameters replaced (for facet links and pagination)."""
    query = context["request"].GET.copy()
    for key, value in kwargs.items():
        if value in (None, ""):
            query.pop(key, None)
        else:
            query[key] = value
    query.pop("pagina", None) if "pagina" not in kwargs else None
    return query.urlencode()


@register.simple_tag(takes_context=True)
def page_query(context, param, number):
    """The current query string with one list's page parameter set, every other list keeping its page
    (a page with several paginated lists: ?pagina=2&initiatieven=3)."""
    query = context["request"].GET.copy()
    query[param] = number
    return query.urlencode()
