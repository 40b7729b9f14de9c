"""Periodic jobs: reminders for stale entries and e-mails for saved searches (called by tasks.py)."""

import logging

from django.http import QueryDict

from innovet.core.mail import send_templated_mail

from . import selectors, services
from .models import Initiative, Offer, SavedSearch

logger = logging.getLogger(__name__)
MAX_ALERT_ITEMS = 20


def remind_stale_entries():
    """Each stale published entry: its owners get one e-mail (at most monthly) and it sinks in the ranking."""
    count = 0
    for model in (Offer, Initiative):
        for entry in selectors.stale_entries(model).select_related("created_by").iterator(chunk_size=500):
            services.remind_stale_owner(entry)
            count += 1
    return count


def send_saved_search_alerts(now):
    sent = 0
    searches = SavedSearch.objects.filter(alerts=True, user__is_active=True, user__email_notifications=True)
    for saved in searches.select_related("user").iterator(chunk_size=200):
        try:
            sent += _alert(saved, now)
        except Exception:  # one broken saved search must not stop the others
            logger.exception("Bewaarde zoekopdracht %s kon niet uitgevoerd worden", saved.pk)
    return sent


def new_matches(saved, since):
    """Entries matching a saved search that were published after ``since`` (newest first)."""
    params = QueryDict(saved.querystring)
    state = selectors.parse_search(params, saved.user, saved.index, per_page=50)
    state.query.sort = "newest"
    state.query.page = 1
    state.query.with_facets = False
    state.query.with_suggestion = False
    result = selectors.run_search(state)
    if saved.index == SavedSearch.Index.OFFERS:
        items = selectors.offers_for_hits(result.hits)
    else:
        items = selectors.initiatives_for_hits(result.hits)
    return [i for i in items if i.published_at and i.published_at > since]


def _alert(saved, now):
    items = new_matches(saved, saved.last_checked_at)
    services.mark_saved_search_checked(saved, now)
    if not items:
        return 0
    send_templated_mail(
        saved.user.email,
        "catalogue/email/saved_search",
        {
            "name": saved.name,
            "items": [{"title": i.title, "path": i.get_absolute_url()} for i in items[:MAX_ALERT_ITEMS]],
            "more": max(0, len(items) - MAX_ALERT_ITEMS),
            "search_path": saved.get_search_url(),
            "manage_path": _manage_path(),
        },
    )
    return 1


def _manage_path():
    from django.urls import reverse

    return reverse("catalogue:saved_searches")
