"""What consumer apps call: search, keep the index in step with their writes, rebuild.

``index_object``/``remove_object`` must be called inside the consumer's write transaction: the
database copy of the index changes in that same transaction, and when the fast engine is in use an
:class:`OutboxEntry` is written too, so a rolled-back change leaves no trace and a committed change
is never lost (the outbox is drained on commit and by a periodic task, see ``tasks.py``).
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..core.audit import log_action
from . import store
from .analysis import STEMMER_ALGORITHM
from .backends import configured_backend_name, get_backend
from .models import IndexState, OutboxEntry
from .query import SearchQuery, SearchResult
from .registry import all_indexes, get_index

logger = logging.getLogger(__name__)

# Bump when analysis.py changes the tokens it produces: `rebuild_indexes --if-needed` then rebuilds.
ANALYSIS_VERSION = f"{STEMMER_ALGORITHM}+undouble-vz/1"


def search(index_name, query: SearchQuery, backend=None) -> SearchResult:
    index = get_index(index_name)
    return get_backend(backend).search(index, query)


def outbox_enabled():
    """True when changes must reach the fast engine (it is the configured backend, or sync is forced)."""
    return configured_backend_name() == "tantivy" or getattr(settings, "INNOVET_SEARCH_OUTBOX", False)


def _enqueue(index_name, pks, op):
    if not outbox_enabled():
        return
    OutboxEntry.objects.bulk_create([OutboxEntry(index_name=index_name, object_pk=int(pk), op=op) for pk in pks])
    from .tasks import drain_outbox_task

    transaction.on_commit(lambda: drain_outbox_task())


def index_object(index_name, obj):
    """Put (or keep) one object in the index; removes it when the index says it is no longer findable."""
    index = get_index(index_name)
    if not index.should_index(obj):
        remove_object(index_name, index.get_pk(obj))
        return
    with transaction.atomic():
        doc = index.to_document(obj)
        store.upsert_documents(index, [doc])
        _enqueue(index.name, [doc.pk], OutboxEntry.Op.UPSERT)


def index_objects(index_name, objs):
    """Bulk variant of :func:`index_object` (imports)."""
    index = get_index(index_name)
    keep, drop = [], []
    for obj in objs:
        (keep if index.should_index(obj) else drop).append(obj)
    with transaction.atomic():
        docs = [index.to_document(obj) for obj in keep]
        store.upsert_documents(index, docs)
        _enqueue(index.name, [d.pk for d in docs], OutboxEntry.Op.UPSERT)
        if drop:
            pks = [index.get_pk(o) for o in drop]
            store.delete_documents(index, pks)
            _enqueue(index.name, pks, OutboxEntry.Op.DELETE)


def remove_object(index_name, pk):
    index = get_index(index_name)
    with transaction.atomic():
        store.delete_documents(index, [pk])
        _enqueue(index.name, [pk], OutboxEntry.Op.DELETE)


def rebuild(index_name=None, backend=None, user=None, progress=None):
    """Rebuild indexes from the consumers' querysets.

    The database copy is always rebuilt from ``get_queryset()`` (it is the source of truth); with
    ``backend="tantivy"`` the fast engine is then rebuilt from that copy. Returns {index: count}.
    """
    names = [index_name] if index_name else [i.name for i in all_indexes()]
    backend = backend or "database"
    counts = {}
    for name in names:
        index = get_index(name)
        with transaction.atomic():
            # Entries older than this rebuild are covered by it.
            OutboxEntry.objects.filter(index_name=name).delete()
            count = store.replace_all(index, index.iter_documents(), progress=progress)
            _mark_rebuilt(name, "database", count)
            log_action(None, "search.index.rebuilt", user, {"index": name, "backend": "database", "documents": count})
        if backend != "database":
            count = rebuild_engine(name, backend, user=user, progress=progress)
        counts[name] = count
    return counts


def rebuild_engine(index_name, backend, user=None, progress=None):
    """Rebuild one engine's copy of an index from the database copy (no consumer queries)."""
    index = get_index(index_name)
    engine = get_backend(backend)
    count = engine.rebuild(index, store.iter_stored_documents(index), progress=progress)
    with transaction.atomic():
        _mark_rebuilt(index_name, backend, count)
        log_action(None, "search.index.rebuilt", user, {"index": index_name, "backend": backend, "documents": count})
    return count


def _mark_rebuilt(index_name, backend, count):
    IndexState.objects.update_or_create(
        index_name=index_name,
        backend=backend,
        defaults={"analysis_version": ANALYSIS_VERSION, "rebuilt_at": timezone.now(), "documents": count},
    )


def needs_rebuild(index_name, backend):
    state = IndexState.objects.filter(index_name=index_name, backend=backend).first()
    if state is None or state.analysis_version != ANALYSIS_VERSION:
        return True
    if backend != "database":
        engine, index = get_backend(backend), get_index(index_name)
        # An engine that opened an index of an older schema has emptied it (and a lost file loses
        # documents): it must hold what the database copy holds.
        return engine.count(index) != get_backend("database").count(index)
    return False
