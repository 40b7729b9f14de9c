"""Background work of the search engine (huey)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, lock_task


@db_task()
def drain_outbox_task():
    """Queued on commit of every indexed change when the fast engine is in use."""
    from .outbox import drain
    from .services import outbox_enabled

    if outbox_enabled():
        drain()


@db_periodic_task(crontab(minute="*"))
@lock_task("search-outbox-periodic")
def drain_outbox_periodic():
    """Safety net: retries failed applies and picks up anything a lost on-commit task left behind."""
    from .outbox import drain
    from .services import outbox_enabled

    if outbox_enabled():
        drain()


@db_periodic_task(crontab(hour="0", minute="15"))
def refresh_next_dates():
    """The fast engine stores each document's next session date; after midnight some have passed."""
    from .backends import configured_backend_name, get_backend
    from .registry import all_indexes

    if configured_backend_name() != "tantivy":
        return
    engine = get_backend("tantivy")
    for index in all_indexes():
        engine.refresh_next_dates(index)
