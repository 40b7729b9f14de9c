from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="40", hour="7"))
def send_placement_reminders():
    """Every morning: accepted placements that start within three days remind the teacher and the company."""
    from .services import send_due_reminders

    return send_due_reminders()
