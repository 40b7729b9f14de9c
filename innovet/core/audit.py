"""The audit trail. Every service that changes something calls ``log_action``."""

from django.contrib.contenttypes.models import ContentType
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


register_action_labels(
    {
        "core.gdpr.exported": _("persoonsgegevens gedownload"),
    }
)
