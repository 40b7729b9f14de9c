"""The interface every search backend implements; see ``tests/test_contract.py`` for its contract."""

from django.utils import timezone

from ..analysis import parse_query
from ..query import SearchQuery, SearchResult


class SearchBackend:
    name = ""

    def search(self, index, query: SearchQuery) -> SearchResult:
        query.clean(index)
        parsed = parse_query(query.text, query.prefix_last)
        result = self._search(index, query, parsed, timezone.localdate())
        # All words must match, so a query with hits has no unknown word: only an empty result can hide a typo.
        if query.with_suggestion and query.text.strip() and result.total == 0:
            from ..suggest import suggest

            result.suggestion = suggest(index, query.text, prefix_last=query.prefix_last)
        return result

    def _search(self, index, query, parsed, today) -> SearchResult:  # pragma: no cover - interface
        raise NotImplementedError

    # Maintenance: the database backend's copy is written by ``store``; other engines apply changes.
    def apply(self, index, upserts, deletes):
        """Make the engine reflect these stored Documents (upserts) and removed pks (deletes)."""

    def rebuild(self, index, documents, progress=None):
        """Replace the engine's copy of an index by these Documents; returns the count."""
        raise NotImplementedError

    def count(self, index):
        raise NotImplementedError
