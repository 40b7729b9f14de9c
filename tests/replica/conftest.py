# The catalogue's offer fixtures, for the replica tests.
from innovet.catalogue.tests.conftest import make_offer, offer_input, provider, provider_user  # noqa: F401
