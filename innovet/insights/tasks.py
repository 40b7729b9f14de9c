"""The worker keeps the insights summary tables current: a full rebuild every ten minutes (a few seconds
at 1M participations on PostgreSQL; dashboards keep reading the previous tables meanwhile)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import refresh


@db_periodic_task(crontab(minute="*/10"))
@lock_task("insights-refresh")
def refresh_insights():
    refresh.rebuild()
