from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .services import send_daily_digests


@db_periodic_task(crontab(hour="7", minute="0"))
def daily_digest():
    send_daily_digests()
