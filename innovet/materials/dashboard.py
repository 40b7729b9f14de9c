"""The 'Mijn lesmateriaal' panel on Mijn InnoVET."""

from innovet.organisations.permissions import is_pedagogical_adviser

from . import selectors


def panel_context(request):
    user = request.user
    if not user.is_authenticated:
        return None
    mine = list(selectors.mine(user)[:5])
    queue = list(selectors.review_queue(user)[:5]) if is_pedagogical_adviser(user) else []
    return {"materials": mine, "review_queue": queue, "credit": selectors.usage_totals(user) if mine else None}
