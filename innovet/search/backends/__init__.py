"""Search backends behind one interface. ``settings.INNOVET_SEARCH_BACKEND`` picks the one in use
(environment variable ``INNOVET_SEARCH_BACKEND``: "database", the default, or "tantivy")."""

from django.conf import settings

BACKEND_NAMES = ("database", "tantivy")
_instances = {}


def configured_backend_name():
    name = getattr(settings, "INNOVET_SEARCH_BACKEND", "database") or "database"
    return name if name in BACKEND_NAMES else "database"


def get_backend(name=None):
    name = name or configured_backend_name()
    if name not in BACKEND_NAMES:
        raise LookupError(f"Onbekende zoekmotor: {name!r} (kies uit {', '.join(BACKEND_NAMES)})")
    if name not in _instances:
        if name == "database":
            from .database import DatabaseBackend

            _instances[name] = DatabaseBackend()
        else:
            from .tantivy_backend import TantivyBackend

            _instances[name] = TantivyBackend()
    return _instances[name]


def reset_backends():
    """Forget cached backend instances (tests that change VAR_DIR or settings)."""
    for backend in _instances.values():
        close = getattr(backend, "close", None)
        if close:
            close()
    _instances.clear()
