"""Settings for the test suite: the normal settings with INNOVET_TESTING on (huey immediate, locmem e-mail)."""

import os

os.environ["INNOVET_TESTING"] = "1"

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; real hashing is Django's job
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
