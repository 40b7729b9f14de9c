"""The search backend: the database's own full-text engine (PostgreSQL tsvector/GIN or SQLite FTS5)."""

BACKEND_NAMES = ("database",)
_instance = None


def configured_backend_name():
    return "database"


def get_backend(name=None):
    global _instance
    if name not in (None, "database"):
        raise LookupError(f"Onbekende zoekmotor: {name!r} (enkel 'database')")
    if _instance is None:
        from .database import DatabaseBackend

        _instance = DatabaseBackend()
    return _instance


def reset_backends():
    """Kept for tests written when backends held state; the database backend holds none."""
