from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="45", hour="7"))
def send_tiendagen_reminders():
    """Every morning: reminders of wegwijssessies and first lesdagen at most three days away."""
    from .services import send_due_reminders

    return send_due_reminders()
