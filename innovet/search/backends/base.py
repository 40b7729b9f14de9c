"""The interface of the search backend; see ``tests/test_contract.py`` for its contract."""

from django.utils import timezone

from ..analysis import parse_query
from ..query import SearchQuery, SearchResult


class SearchBackend:
    name = ""

    def search(self, index, query: SearchQuery, totals=None) -> SearchResult:
        """``totals``: (documents, facet counts) of the whole index, when the caller has them cached."""
        query.clean(index)
        parsed = parse_query(query.text, query.prefix_last)
        result = self._search(index, query, parsed, timezone.localdate(), totals=totals)
        # All words must match, so a query with hits has no unknown word: only an empty result can hide a typo.
        if query.with_suggestion and query.text.strip() and result.total == 0:
            from ..suggest import suggest

            result.suggestion = suggest(index, query.text, prefix_last=query.prefix_last)
        return result

    def _search(self, index, query, parsed, today, totals=None) -> SearchResult:  # pragma: no cover - interface
        raise NotImplementedError

    def rebuild(self, index, documents, progress=None):
        """Replace the stored copy of an index by these Documents; returns the count."""
        raise NotImplementedError

    def count(self, index):
        raise NotImplementedError
