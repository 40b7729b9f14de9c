from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="40", hour="7"))
def send_placement_reminders():
    """Every morning: accepted placements that start within three days remind the teacher and the company;
    those that ended ask for the reflection and the confirmation of completion."""
    from .services import send_due_followups, send_due_reminders

    return send_due_reminders() + send_due_followups()
