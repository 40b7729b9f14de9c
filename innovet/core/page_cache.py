"""What every anonymous visitor sees, rendered once and kept in the shared cache.

`@public_page` on a view stores its anonymous GET responses in Django's cache (Redis in production,
shared by every app server) under a key that contains the *content version*. Every committed write
to a model that public pages show replaces the version, so the next visitor gets a fresh page and
nobody is served stale data; old entries simply expire. Logged-in users, htmx-less POSTs, pages that
set cookies (a CSRF token in a form) or carry a flash message are never cached.
"""

import hashlib
import time
from functools import wraps

from asgiref.local import Local
from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

VERSION_KEY = "innovet:content-version"
PAGE_TTL = 600  # seconds; entries of older versions are unreachable anyway, this only bounds memory

# Writes to these apps never change what a public page shows (sessions, login attempts, the audit
# trail, notifications, survey answers), so they must not empty the cache at every request.
IGNORED_APPS = {"sessions", "axes", "admin", "contenttypes", "core", "notifications", "surveys", "huey_monitor"}
IGNORED_UPDATE_FIELDS = {frozenset({"last_login"})}


# The version as this request first read it: a page asks several times (menus, panels, lists), one cache read
# is enough. Set only between request_started and request_finished, so nothing outlives a request.
_request = Local()


def content_version():
    version = getattr(_request, "version", None)
    if version is None:
        version = cache.get(VERSION_KEY)
        if version is None:
            version = time.time()
            cache.add(VERSION_KEY, version, None)
        if getattr(_request, "active", False):
            _request.version = version
    return version


def bump_content_version():
    version = time.time()
    cache.set(VERSION_KEY, version, None)
    if getattr(_request, "active", False):
        _request.version = version


def _request_started(**kwargs):
    _request.active, _request.version = True, None


def _request_finished(**kwargs):
    _request.active, _request.version = False, None


def storable(version):
    """Behind a replica, what was read right after a write may miss rows the replica has not replayed yet:
    only what was rendered after the pin window is stored."""
    return time.time() - version >= settings.INNOVET_REPLICA_PIN_SECONDS or "replica" not in settings.DATABASES


def shared(name, compute):
    """A value every user sees the same (a choice list of reference data), computed once per content version
    and kept in the shared cache; computed at each call when the page cache is off."""
    if not settings.INNOVET_PAGE_CACHE:
        return compute()
    version = content_version()
    key = f"innovet:shared:{version}:{get_language()}:{name}"
    value = cache.get(key)
    if value is None:
        value = compute()
        if storable(version):
            cache.set(key, value, PAGE_TTL)
    return value


def shared_html(name, request, render):
    """Part of a page that everyone in the same scope sees the same (an RTC's moderation lists): rendered once
    per content version, address (its pages and filters) and day (what counts as stale depends on the date)."""
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return mark_safe(shared(f"{name}:{timezone.localdate().isoformat()}:{digest}", render))


def _on_write(sender, **kwargs):
    if sender._meta.app_label in IGNORED_APPS:
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and frozenset(update_fields) in IGNORED_UPDATE_FIELDS:
        return
    # After commit: a page rendered from the old rows must not be stored under the new version.
    _bump_after_commit(kwargs.get("using"))


def _bump_after_commit(using):
    """One bump per transaction: a bulk write saves or deletes thousands of rows, each bump is a cache write.

    The scheduled hook is remembered with its place in the connection's on-commit list; a rollback
    drops the hook (and a savepoint rollback may move it), after which the next write schedules anew.
    """
    connection = transaction.get_connection(using)
    pending = getattr(connection, "_innovet_bump", None)
    if connection.in_atomic_block and pending:
        hook, place = pending
        if place < len(connection.run_on_commit) and connection.run_on_commit[place][1] is hook:
            return

    def hook():
        connection._innovet_bump = None
        bump_content_version()

    connection._innovet_bump = (hook, len(connection.run_on_commit))
    transaction.on_commit(hook, using=using)


def connect_signals():
    request_started.connect(_request_started, dispatch_uid="page-cache-request-started")
    request_finished.connect(_request_finished, dispatch_uid="page-cache-request-finished")
    for model in apps.get_models():
        if model._meta.app_label not in IGNORED_APPS:
            post_save.connect(_on_write, sender=model, dispatch_uid=f"page-cache-save-{model._meta.label}")
            post_delete.connect(_on_write, sender=model, dispatch_uid=f"page-cache-delete-{model._meta.label}")
    m2m_changed.connect(_on_m2m, dispatch_uid="page-cache-m2m")


def _on_m2m(sender, instance, action, **kwargs):
    if action.startswith("post_"):
        _on_write(type(instance), using=kwargs.get("using"))


def _cacheable_request(request):
    return (
        request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and "messages" not in request.COOKIES
        and not request.session.get("_messages")
    )


def _key(request, version):
    variant = "|".join(
        [
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
            request.headers.get("Accept", ""),  # the API answers JSON or its browsable HTML
        ]
    )
    digest = hashlib.sha256(variant.encode()).hexdigest()
    return f"innovet:page:{version}:{getattr(request, 'LANGUAGE_CODE', '')}:{digest}"


def public_page(view):
    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not settings.INNOVET_PAGE_CACHE or not _cacheable_request(request):
            return view(request, *args, **kwargs)
        version = content_version()
        key = _key(request, version)
        hit = cache.get(key)
        if hit is not None:
            content, content_type = hit
            response = HttpResponse(content, content_type=content_type)
            response["X-Page-Cache"] = "hit"
            return response
        response = view(request, *args, **kwargs)
        if hasattr(response, "render") and callable(response.render):
            response = response.render()
        personal = (
            response.cookies
            or request.META.get("CSRF_COOKIE_NEEDS_UPDATE")  # the page holds a CSRF token for this visitor
            or request.session.modified
        )
        if response.status_code == 200 and not response.streaming and not personal and storable(version):
            cache.set(key, (response.content, response["Content-Type"]), PAGE_TTL)
        return response

    return wrapped
