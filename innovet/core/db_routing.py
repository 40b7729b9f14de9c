"""Reads on a PostgreSQL streaming replica, writes on the primary.

Only active when `DATABASE_REPLICA_URL` is set (settings add the `replica` alias). Safe by default:
outside a request (the worker, management commands, tests) everything reads from the primary. A
request may read from the replica only when it is a safe method (GET/HEAD/OPTIONS), it is not inside
a transaction, and its user did not write in the last few seconds — so nobody misses their own change
while the replica catches up. A request that writes sets a short-lived cookie that pins the user's
next requests to the primary (a cookie, not process memory: any app server honours it).
"""

import time
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections

REPLICA_ALIAS = "replica"
PIN_COOKIE = "innovet_primary"

# Per request (contextvars are per thread and per async task): may this request read the replica,
# and did it write?
_replica_allowed: ContextVar[bool] = ContextVar("replica_allowed", default=False)
_wrote: ContextVar[bool] = ContextVar("wrote", default=False)


def replica_configured():
    return REPLICA_ALIAS in settings.DATABASES


class PrimaryReplicaRouter:
    def db_for_read(self, model, **hints):
        if not _replica_allowed.get() or _wrote.get() or connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA_ALIAS

    def db_for_write(self, model, **hints):
        _wrote.set(True)
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica holds the same rows as the primary

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == DEFAULT_DB_ALIAS


def read_alias():
    """The alias raw SQL of a read should use (the ORM asks the router itself)."""
    return PrimaryReplicaRouter().db_for_read(None) if replica_configured() else DEFAULT_DB_ALIAS


class ReplicaRoutingMiddleware:
    """Lets safe, unpinned requests read from the replica; pins writers to the primary for a while."""

    safe_methods = frozenset({"GET", "HEAD", "OPTIONS"})

    def __init__(self, get_response):
        self.get_response = get_response
        self.pin_seconds = settings.INNOVET_REPLICA_PIN_SECONDS

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        pinned_until = request.get_signed_cookie(PIN_COOKIE, default=0, salt=PIN_COOKIE)
        allowed = request.method in self.safe_methods and float(pinned_until or 0) < time.time()
        allowed_token = _replica_allowed.set(allowed)
        wrote_token = _wrote.set(False)
        try:
            response = self.get_response(request)
            if _wrote.get() or request.method not in self.safe_methods:
                response.set_signed_cookie(
                    PIN_COOKIE,
                    str(time.time() + self.pin_seconds),
                    salt=PIN_COOKIE,
                    max_age=self.pin_seconds,
                    httponly=True,
                    secure=request.is_secure(),
                    samesite="Lax",
                )
            return response
        finally:
            _replica_allowed.reset(allowed_token)
            _wrote.reset(wrote_token)
