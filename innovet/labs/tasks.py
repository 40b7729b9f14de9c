from huey import crontab
from huey.contrib.djhuey import db_periodic_task


@db_periodic_task(crontab(minute="15", hour="7"))
def signal_overdue_milestones():
    """Every morning: overdue milestones to their coordinators."""
    from .services import signal_overdue

    return signal_overdue()


@db_periodic_task(crontab(minute="20", hour="7", day_of_week="1"))
def signal_inactive_labs():
    """Every Monday: labs without activity for a set time to their RTC."""
    from .services import signal_inactive

    return signal_inactive()
