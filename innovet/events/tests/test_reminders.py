"""The reminder's lead time is a setting per event (prefilled from INNOVET_EVENT_REMINDER_DAYS), and the
worker's daily task sends each event's reminder that many days before its first session."""

from datetime import timedelta

import pytest
from django.core import mail
from django.test import override_settings
from django.utils import timezone

from innovet.events import services, tasks
from innovet.events.forms import EventForm
from innovet.events.models import Event

from .conftest import session_named

pytestmark = pytest.mark.django_db


def _registered(make_event, teacher, days_ahead, **fields):
    event = make_event(day=timezone.localdate() + timedelta(days=days_ahead), **fields)
    services.register(teacher, event, teacher, [session_named(event, "Warmtepompen").pk])
    mail.outbox.clear()
    return event


@override_settings(EVENT_REMINDER_DAYS=6)
def test_new_events_take_the_default_from_the_settings(make_event):
    assert make_event().reminder_days == 6
    assert EventForm(organisers=[])["reminder_days"].value() == 6


def test_the_worker_task_uses_each_events_own_lead_time(make_event, teacher, django_capture_on_commit_callbacks):
    early = _registered(make_event, teacher, 5, title="Vroeg verwittigd", reminder_days=7)
    default = _registered(make_event, teacher, 5, title="Standaard")  # 2 days: not yet
    none = _registered(make_event, teacher, 1, title="Zonder herinnering", reminder_days=0)
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_event_reminders.call_local() == 1
    assert [m.subject for m in mail.outbox] == ["Herinnering: Vroeg verwittigd"]
    assert Event.objects.get(pk=early.pk).reminder_sent_at is not None
    assert Event.objects.get(pk=default.pk).reminder_sent_at is None
    assert Event.objects.get(pk=none.pk).reminder_sent_at is None
    # A day before it starts the default event gets its reminder; the one without never does.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.send_due_reminders(now=services.first_start(default) - timedelta(days=1)) == 1
    assert [m.subject for m in mail.outbox] == ["Herinnering: Standaard"]


def test_the_lead_time_is_validated(make_event, organiser):
    from django.core.exceptions import ValidationError

    event = make_event()
    with pytest.raises(ValidationError) as exc:
        services.update_event(organiser, event, {"reminder_days": 45})
    assert "ten vroegste 30 dagen" in str(exc.value)
