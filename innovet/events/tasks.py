from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, task


@task(retries=3, retry_delay=60)
def deliver_mail_with_ics(recipients, subject, body, html=None, ics=None):
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, recipients)
    if html:
        message.attach_alternative(html, "text/html")
    if ics:
        message.attach("netwerkmoment.ics", ics, "text/calendar; charset=utf-8; method=PUBLISH")
    message.send()


@db_periodic_task(crontab(minute="30", hour="7"))
def send_event_reminders():
    from .services import send_due_reminders

    return send_due_reminders()
