"""The worker keeps the insights summary tables current: every ten minutes it rebuilds them if the
participation ledger changed (and at least every hour). Dashboards keep reading the previous tables while a
rebuild runs (one transaction; minutes at 1M participations, see bench/insights.py)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from . import refresh


@db_periodic_task(crontab(minute="*/10"))
@lock_task("insights-refresh")
def refresh_insights():
    refresh.refresh_if_changed()
