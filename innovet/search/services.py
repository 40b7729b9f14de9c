"""What consumer apps call: search, keep the index in step with their writes, rebuild.

``index_object``/``remove_object``/``index_objects`` must be called inside the consumer's write
transaction: the index tables change in that same transaction, so a rolled-back change leaves no trace
and a committed change is visible to every process at commit. Every write also replaces the index's
version token (``IndexVersion``), the key under which results and facet totals are cached in Django's
shared cache — no process keeps a copy of its own.
"""

import hashlib
import logging
import uuid

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from ..core.audit import log_action
from . import store
from .analysis import STEMMER_ALGORITHM
from .backends import get_backend
from .compounds import COMPOUNDS_VERSION
from .models import IndexState, IndexVersion
from .query import SearchQuery, SearchResult
from .registry import all_indexes, get_index

logger = logging.getLogger(__name__)

# Bump when analysis.py changes the tokens it produces, or an index gains a facet (the suffix):
# `rebuild_indexes --if-needed` then rebuilds.
ANALYSIS_VERSION = f"{STEMMER_ALGORITHM}+undouble-vz+{COMPOUNDS_VERSION}+prijs"
CACHE_SECONDS = 600


def version(index_name):
    """The index's current version token ("0" before its first write). A combined index's token joins its
    members' tokens (one query) and the day, since members that show upcoming documents only change daily."""
    try:
        index = get_index(index_name)
    except LookupError:
        index = None
    if index is not None and index.is_combined:
        tokens = dict(IndexVersion.objects.filter(index_name__in=index.index_names).values_list("index_name", "token"))
        return "+".join(tokens.get(n, "0") for n in index.index_names) + f"@{timezone.localdate()}"
    token = IndexVersion.objects.filter(index_name=index_name).values_list("token", flat=True).first()
    return token or "0"


def touch(index_name):
    """Give the index a new version token (inside the writer's transaction): every cached result goes stale."""
    token = uuid.uuid4().hex
    if not IndexVersion.objects.filter(index_name=index_name).update(token=token):
        IndexVersion.objects.update_or_create(index_name=index_name, defaults={"token": token})


def _cache_key(kind, index_name, token, *parts):
    digest = hashlib.sha1(repr(parts).encode()).hexdigest()
    return f"search:{kind}:{index_name}:{token}:{digest}"


def _query_key(query):
    return (
        query.text,
        sorted((k, tuple(v)) for k, v in query.filters.items()),
        query.near,
        query.radius_km,
        query.sort,
        query.page,
        query.per_page,
        query.with_facets,
        query.prefix_last,
        query.with_suggestion,
    )


def search(index_name, query: SearchQuery, backend=None, use_cache=True) -> SearchResult:
    """Search an index. Results are cached in the shared cache under the index's version token (and the
    day, for the 'next date' sort); ``use_cache=False`` always asks the database (the bench does)."""
    index = get_index(index_name)
    engine = get_backend(backend)
    query.clean(index)
    token = version(index_name)
    key = None
    if use_cache:
        key = _cache_key("result", index_name, token, _query_key(query), str(timezone.localdate()))
        cached = cache.get(key)
        if cached is not None:
            return cached
    totals = None
    if query.with_facets:
        whole = not query.text.strip() and not query.filters and (query.near is None or query.radius_km is None)
        # Only a search of the whole index needs the totals. The others use them when cached, but never recount
        # the whole index for them: every write replaces the version, so that would stall each search after one.
        totals = facet_totals(index_name, token, compute=whole)
    result = engine.search(index, query, totals=totals)
    if key is not None:
        cache.set(key, result, CACHE_SECONDS)
    return result


def facet_totals(index_name, token=None, compute=True):
    """(documents, {facet: {value: count}}) of the whole index, from the shared cache per version token; when
    missing, counted and cached, or None with ``compute=False``."""
    token = token or version(index_name)
    key = _cache_key("totals", index_name, token)
    totals = cache.get(key)
    if totals is None and compute:
        totals = get_backend().totals(get_index(index_name))
        cache.set(key, totals, CACHE_SECONDS)
    return totals


def index_object(index_name, obj):
    """Put (or keep) one object in the index; removes it when the index says it is no longer findable."""
    index = get_index(index_name)
    if not index.should_index(obj):
        remove_object(index_name, index.get_pk(obj))
        return
    with transaction.atomic():
        store.upsert_documents(index, [index.to_document(obj)])
        touch(index.name)


def index_objects(index_name, objs):
    """Bulk variant of :func:`index_object` (imports)."""
    index = get_index(index_name)
    keep, drop = [], []
    for obj in objs:
        (keep if index.should_index(obj) else drop).append(obj)
    with transaction.atomic():
        store.upsert_documents(index, [index.to_document(obj) for obj in keep])
        if drop:
            store.delete_documents(index, [index.get_pk(o) for o in drop])
        touch(index.name)


def analyse_document(index_name, doc):
    """The text analysis of a document a bulk writer built itself (an import, from its checked rows), done
    before its write transaction; ``new_document_rows`` then gives the rows that store it."""
    return store.analyse(get_index(index_name), doc)


def new_document_rows(index_name, items, ids):
    """The rows that add documents analysed beforehand (``analyse_document``) for new objects, under reserved
    document ids: ([(table, columns, rows)], words). A bulk writer inserts them, then calls
    ``new_documents_stored`` with the words; the two may run in different processes."""
    return store.document_rows(get_index(index_name), items, ids)


def new_documents_stored(index_name, words):
    with transaction.atomic():
        store.apply_vocabulary(index_name, words)
        touch(index_name)


def remove_object(index_name, pk):
    index = get_index(index_name)
    with transaction.atomic():
        store.delete_documents(index, [pk])
        touch(index.name)


def rebuild(index_name=None, backend=None, user=None, progress=None):
    """Rebuild indexes from the consumers' querysets; returns {index: count}. ``backend`` is accepted for
    callers of the time there were two engines: only "database" exists."""
    get_backend(backend)
    names = [index_name] if index_name else [i.name for i in all_indexes()]
    counts = {}
    for name in names:
        index = get_index(name)
        with transaction.atomic():
            count = store.replace_all(index, index.iter_documents(), progress=progress)
            touch(name)
            IndexState.objects.update_or_create(
                index_name=name,
                backend="database",
                defaults={"analysis_version": ANALYSIS_VERSION, "rebuilt_at": timezone.now(), "documents": count},
            )
            log_action(None, "search.index.rebuilt", user, {"index": name, "backend": "database", "documents": count})
        counts[name] = count
    return counts


def needs_rebuild(index_name, backend=None):
    state = IndexState.objects.filter(index_name=index_name, backend="database").first()
    return state is None or state.analysis_version != ANALYSIS_VERSION
