from huey.contrib.djhuey import task

from .mail import deliver_now


@task(retries=3, retry_delay=60)
def deliver_mail(recipients, subject, body, html=None):
    deliver_now(recipients, subject, body, html)
