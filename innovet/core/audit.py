"""The audit trail. Every service that changes something calls ``log_action``."""

from dataclasses import dataclass
from datetime import date, datetime

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Min
from django.db.models.functions import TruncDate
from django.utils.translation import gettext_lazy as _

from .models import AuditLog

# Readable Dutch sentence per action; apps add theirs with ``register_action_labels``.
ACTION_LABELS = {}


def register_action_labels(labels):
    ACTION_LABELS.update(labels)


def action_label(action):
    return ACTION_LABELS.get(action, action)


def log_action(obj, action, user=None, data=None):
    actor = user if (user is not None and getattr(user, "is_authenticated", False)) else None
    return AuditLog.objects.create(
        actor=actor,
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False) if obj else None,
        object_id=str(obj.pk) if obj else "",
        object_repr=str(obj)[:300] if obj else "",
        data=data or {},
    )


@dataclass
class HistoryGroup:
    """The same action by the same person on one day, told once with how often it happened."""

    action: str
    actor: object
    day: date
    n: int
    first: datetime
    last: datetime

    @property
    def label(self):
        return action_label(self.action)


HISTORY_PER_PAGE = 20


def history_page(obj, request, per_page=HISTORY_PER_PAGE):
    """An object's history for its detail page, newest first, paged with ``?historiek=`` (the whole trail
    stays reachable instead of being cut off at the last N entries)."""
    from django.core.paginator import Paginator

    from .models import AuditLog

    entries = AuditLog.objects.for_object(obj).select_related("actor")
    return Paginator(entries, per_page).get_page(request.GET.get("historiek"))


def grouped_history(queryset, limit=20):
    """An object's history for people, newest first: repeats of one action by one person on one day are
    counted by the database into one line instead of being listed dozens of times."""
    rows = list(
        queryset.annotate(day=TruncDate("created_at"))
        .values("day", "action", "actor_id")
        .annotate(n=Count("id"), first=Min("created_at"), last=Max("created_at"))
        .order_by("-last", "action")[:limit]
    )
    actors = get_user_model().objects.in_bulk({r["actor_id"] for r in rows if r["actor_id"]})
    return [HistoryGroup(r["action"], actors.get(r["actor_id"]), r["day"], r["n"], r["first"], r["last"]) for r in rows]


register_action_labels(
    {
        "core.gdpr.exported": _("persoonsgegevens gedownload"),
    }
)
