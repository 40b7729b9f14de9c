"""Apply the transactional outbox to the fast engine: idempotent, in order, nothing lost.

An entry only names a document; the applier reads that document's current state from the database
copy (present → upsert, absent → delete), so applying twice, or out of order, gives the same index.
Entries are deleted only after the engine committed; a failure keeps them with the error and an
attempt count, and the next drain (on the next commit, or the periodic task) retries them.
"""

import logging
from collections import defaultdict

from django.db.models import F
from django.utils import timezone

from . import store
from .backends import get_backend
from .models import OutboxEntry
from .registry import get_index

logger = logging.getLogger(__name__)
BATCH = 5000


def drain(backend="tantivy", max_batches=100):
    """Apply pending entries; returns (applied, failed) entry counts."""
    applied = failed = 0
    engine = get_backend(backend)
    for _ in range(max_batches):
        entries = list(OutboxEntry.objects.order_by("id").values_list("id", "index_name", "object_pk")[:BATCH])
        if not entries:
            break
        by_index = defaultdict(list)
        for entry_id, index_name, pk in entries:
            by_index[index_name].append((entry_id, pk))
        progressed = False
        for index_name, items in by_index.items():
            ids = [i for i, _ in items]
            pks = {pk for _, pk in items}
            try:
                index = get_index(index_name)
                with engine.writing(index):
                    upserts = store.load_documents(index, pks)
                    deletes = pks - {d.pk for d in upserts}
                    engine.apply(index, upserts, deletes)
            except Exception as exc:  # noqa: BLE001 - any failure keeps the entries for a retry
                logger.warning("Zoekindex %s: wijzigingen niet toegepast (%s); later opnieuw.", index_name, exc)
                OutboxEntry.objects.filter(id__in=ids).update(
                    attempts=F("attempts") + 1, last_error=str(exc)[:2000], last_attempt_at=timezone.now()
                )
                failed += len(ids)
                continue
            OutboxEntry.objects.filter(id__in=ids).delete()
            applied += len(ids)
            progressed = True
        if not progressed or len(entries) < BATCH:
            break
    return applied, failed


def pending(index_name=None):
    qs = OutboxEntry.objects.all()
    if index_name:
        qs = qs.filter(index_name=index_name)
    return qs.count()
