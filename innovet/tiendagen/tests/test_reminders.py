"""The daily reminders of the 10-dagenregeling: a teacher hears about the wegwijssessie and the first lesdag
three days ahead, once, and is told when the wegwijssessie that the centre requires is still missing."""

from datetime import timedelta

import pytest
from django.utils.formats import date_format

from innovet.notifications.models import Notification
from innovet.tiendagen import services, tasks
from innovet.tiendagen.models import WegwijsRegistration

pytestmark = pytest.mark.django_db


def reminders(user):
    return list(Notification.objects.filter(recipient=user, category="tiendagen.reminder").order_by("id"))


def test_the_wegwijssessie_is_recalled_once_three_days_ahead(ready_teacher, wegwijs):
    assert services.send_due_reminders(today=wegwijs.day - timedelta(days=5)) == 0
    assert services.send_due_reminders(today=wegwijs.day - timedelta(days=2)) == 1
    assert services.send_due_reminders(today=wegwijs.day - timedelta(days=1)) == 0  # already reminded
    (note,) = reminders(ready_teacher)
    day = date_format(wegwijs.day, "SHORT_DATE_FORMAT")
    assert note.title == f"Herinnering: wegwijssessie bij VDAB competentiecentrum Gent op {day}"
    assert "Van 14:00 tot 16:00" in note.body


def test_the_first_confirmed_lesdag_is_recalled_with_the_class(submit, rtc_staff, centre_staff, ready_teacher):
    request = submit()
    services.forward_request(rtc_staff, request)
    services.confirm_request(centre_staff, request)
    first = request.days.order_by("day").first().day
    assert services.send_due_reminders(today=first - timedelta(days=1)) == 1
    (note,) = reminders(ready_teacher)
    assert note.title.startswith("Herinnering: je eerste lesdag bij VDAB competentiecentrum Gent is op")
    assert note.body == "Klas 6 EM, 3 lesdag(en) in VDAB competentiecentrum Gent."
    assert note.url == request.get_absolute_url()
    assert services.send_due_reminders(today=first) == 0


def test_a_missed_wegwijssessie_is_named_in_the_lesdag_reminder(submit, rtc_staff, centre_staff, ready_teacher):
    request = submit()
    services.forward_request(rtc_staff, request)
    services.confirm_request(centre_staff, request)
    WegwijsRegistration.objects.filter(teacher=ready_teacher).update(attended=False)
    first = request.days.order_by("day").first().day
    tasks.send_tiendagen_reminders.call_local()  # the daily job: nothing is due today
    assert not reminders(ready_teacher)
    services.send_due_reminders(today=first - timedelta(days=2))
    (note,) = reminders(ready_teacher)
    assert "Je volgde de wegwijssessie van dit centrum nog niet" in note.body


def test_requests_that_are_not_confirmed_get_no_reminder(submit, rtc_staff, ready_teacher):
    request = submit()
    services.forward_request(rtc_staff, request)  # the centre has not confirmed yet
    first = request.days.order_by("day").first().day
    assert services.send_due_reminders(today=first - timedelta(days=1)) == 0
    assert not reminders(ready_teacher)
