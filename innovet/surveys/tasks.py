"""Background work: sending invitation and reminder rounds, and the daily reminder job."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services


@db_task(retries=2, retry_delay=60)
def process_batch(batch_id):
    services.run_batch(batch_id)


@db_periodic_task(crontab(hour="9", minute="15"))
def daily_reminders():
    """Every morning: remind invitees who did not finish (per survey: after N days, at most M times)."""
    return services.send_due_reminders()
