"""What other modules add to the catalogue, registered from their ``AppConfig.ready()``; the catalogue never
imports those modules.

* ``register_results``: a search index whose documents are results of the catalogue search itself (the
  netwerkmomenten): ranked, paged and counted with the offers, narrowed with the facet 'Soort resultaat'.
* ``register``: a box beside the results, ``fn(state, request) -> dict | None`` with a ``template``.
* ``register_offer``: a card on the offer page (e.g. 'Inschrijven via InnoVET').
"""

from dataclasses import dataclass


@dataclass
class ResultSource:
    index_name: str
    value: str  # value of the facet 'resultaat' (URL: ?resultaat=netwerkmoment)
    label: str  # its label in the facet
    loader: object  # fn(hits) -> objects in the hits' order (those still there)
    template: str  # the result card; the object is in the context as ``item``


_sources: dict[str, ResultSource] = {}


def register_results(index_name, value, label, loader, template, upcoming_only=False):
    """Make a search index's documents results of the catalogue search (``upcoming_only``: only while they
    have a date today or later)."""
    from innovet.search.registry import get_index

    from .search_indexes import CATALOGUE_INDEX

    _sources[index_name] = ResultSource(index_name, value, label, loader, template)
    get_index(CATALOGUE_INDEX).add_member(index_name, value, upcoming_only=upcoming_only)


def result_sources():
    return dict(_sources)


_providers = []


def register(provider):
    if provider not in _providers:
        _providers.append(provider)


def related(state, request):
    return [box for box in (provider(state, request) for provider in _providers) if box]


_offer_providers = []


def register_offer(provider):
    """``fn(offer, request) -> dict | None`` for the offer page's registration card (e.g. InnoVET events)."""
    if provider not in _offer_providers:
        _offer_providers.append(provider)


def for_offer(offer, request):
    return [box for box in (provider(offer, request) for provider in _offer_providers) if box]
