"""Background work of the matcher: apply changes (outbox), expire unanswered introductions, and a nightly
full recompute as a safety net."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task

from . import services


@db_task()
def process_outbox():
    with lock_task("matching-outbox"):
        return services.process_outbox()


@db_periodic_task(crontab(minute="*/5"))
def process_outbox_periodically():
    with lock_task("matching-outbox"):
        return services.process_outbox()


@db_periodic_task(crontab(hour="6", minute="15"))
def expire_introductions():
    return services.expire_introductions()


@db_periodic_task(crontab(hour="3", minute="30"))
def recompute_all_needs():
    return services.recompute_all()
