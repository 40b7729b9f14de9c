"""Results of other modules shown beside the catalogue search (e.g. netwerkmomenten).

A module registers ``fn(state, request) -> dict | None`` in its ``AppConfig.ready()``; the dict has a
``template`` and whatever that template needs. The catalogue never imports those modules.
"""

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
