"""notify(): the one way every module tells people something. In-app always; by e-mail according to
the recipient's preference for the category (immediately, or bundled in the daily digest)."""

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from innovet.core.mail import send_templated_mail

from .models import Notification, Preference
from .registry import DIGEST, IMMEDIATE, get_category


def delivery_for(user, category):
    if not user.email_notifications:
        return "enkel-platform"
    pref = Preference.objects.filter(user=user, category=category).values_list("delivery", flat=True).first()
    return pref or get_category(category).default


@transaction.atomic
def notify(recipients, category, title, body="", url="", actor=None, target=None):
    """Create a notification for each recipient (the actor is skipped) and e-mail those who want it now."""
    get_category(category)  # fail loudly on a typo
    target_type = ContentType.objects.get_for_model(target) if target is not None else None
    seen, created = set(), []
    for user in recipients:
        if user is None or user.pk in seen or (actor is not None and user.pk == actor.pk) or not user.is_active:
            continue
        seen.add(user.pk)
        created.append(
            Notification.objects.create(
                recipient=user,
                category=category,
                title=title[:200],
                body=body,
                url=url,
                actor=actor,
                target_type=target_type,
                target_id=str(target.pk) if target is not None else "",
            )
        )
    for notification in created:
        if delivery_for(notification.recipient, category) == IMMEDIATE:
            transaction.on_commit(lambda n=notification: _email_now(n.pk))
    return created


def _email_now(notification_id):
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    send_templated_mail(notification.recipient.email, "notifications/email/notification", {"n": notification})
    Notification.objects.filter(pk=notification_id).update(emailed_at=timezone.now())


def unread_count(user):
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def mark_read(user, ids=None):
    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    return qs.update(read_at=timezone.now())


@transaction.atomic
def save_preferences(user, choices):
    for category, delivery in choices.items():
        Preference.objects.update_or_create(user=user, category=category, defaults={"delivery": delivery})


def send_daily_digests():
    """One e-mail per user with the unread notifications of digest categories not yet e-mailed."""
    pending = (
        Notification.objects.filter(read_at__isnull=True, emailed_at__isnull=True)
        .select_related("recipient")
        .order_by("recipient_id", "created_at")
    )
    by_user = {}
    for n in pending:
        if delivery_for(n.recipient, n.category) == DIGEST:
            by_user.setdefault(n.recipient, []).append(n)
    for user, items in by_user.items():
        send_templated_mail(user.email, "notifications/email/digest", {"user": user, "items": items})
        Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=timezone.now())
    return len(by_user)


def export_for_user(user):
    return [
        {"datum": n.created_at.isoformat(), "titel": n.title, "bericht": n.body, "gelezen": n.is_read}
        for n in user.notifications.all()
    ]


def erase_for_user(user):
    user.notifications.all().delete()
    user.notification_preferences.all().delete()
