"""Background work: imports (checking, running, ending those whose worker stopped), reminders, alerts."""

import logging

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import alerts, services

logger = logging.getLogger(__name__)


@db_task()
def check_import_task(job_id):
    services.check_import(job_id)


@db_task()
def run_import_task(job_id):
    services.run_import(job_id)


@db_periodic_task(crontab(minute="*"))
def fail_stale_imports():
    """Every minute: an import whose worker stopped (no heartbeat for 10 minutes) ends as failed."""
    return services.fail_stale_imports()


@db_periodic_task(crontab(hour="6", minute="15"))
def remind_stale_entries():
    """Daily: flag entries past their end date or unconfirmed for 12 months to their owners."""
    return alerts.remind_stale_entries()


@db_periodic_task(crontab(hour="7", minute="0"))
def send_saved_search_alerts():
    """Daily: tell users about newly published entries that match their saved searches."""
    return alerts.send_saved_search_alerts(timezone.now())


@db_periodic_task(crontab(hour="3", minute="30"))
def purge_old_imports():
    """Nightly: remove uploaded import files older than 30 days."""
    return services.purge_old_imports()
