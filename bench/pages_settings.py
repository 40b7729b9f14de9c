"""Settings of the pages benchmark's app server: production settings plus a minimal view to compare with."""

from innovet.settings import *  # noqa: F403

ROOT_URLCONF = "bench.pages_urls"
STATIC_ROOT = BASE_DIR / "var" / "bench" / "staticfiles"  # noqa: F405
