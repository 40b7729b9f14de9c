"""Modules add panels to 'Mijn InnoVET' here: register(template_name, context_function, order).

Every module's panel costs queries of its own, a dozen modules together most of the page. A rendered panel is
kept in the shared cache under the content version (``page_cache``: every committed write to what a page can
show replaces it), the visitor's session and the day: the next visit costs one cache read, and nobody sees a
stale panel, because any write makes new keys.
"""

from django.conf import settings
from django.core.cache import cache
from django.template.loader import get_template
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .page_cache import PAGE_TTL, content_version, storable

_panels = []


def register(template_name, context_function, order=100):
    _panels.append((order, template_name, context_function))
    _panels.sort(key=lambda p: p[0])


def _render(template_name, context_function, request):
    context = context_function(request)
    return "" if context is None else get_template(template_name).render({"panel": context})


def panels(request):
    """The rendered panels (HTML) in their order; a module that has nothing for this user adds none."""
    session = request.session.session_key
    if not settings.INNOVET_PAGE_CACHE or session is None:
        html = [_render(name, fn, request) for _order, name, fn in _panels]
        return [mark_safe(h) for h in html if h]
    version = content_version()
    base = f"innovet:panel:{version}:{session}:{timezone.localdate().isoformat()}:{get_language()}"
    keys = [f"{base}:{name}" for _order, name, _fn in _panels]
    cached = cache.get_many(keys)
    out, missed = [], {}
    for key, (_order, name, fn) in zip(keys, _panels, strict=True):
        html = cached.get(key)
        if html is None:
            html = missed[key] = _render(name, fn, request)
        if html:
            out.append(mark_safe(html))
    if missed and storable(version):
        cache.set_many(missed, PAGE_TTL)
    return out
