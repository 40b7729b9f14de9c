"""Settings for the test suite: the normal settings with INNOVET_TESTING on (huey immediate, locmem e-mail)."""

import os

os.environ["INNOVET_TESTING"] = "1"

from .settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast; real hashing is Django's job
MEDIA_ROOT = VAR_DIR / "test-media"  # noqa: F405
# The test database is rolled back, the file cache under var/test is not: the API's anonymous throttle would
# count every API request of every run for an hour. The throttle's own test sets a small rate.
REST_FRAMEWORK["DEFAULT_THROTTLE_RATES"] = {"anon": "1000000/hour"}  # noqa: F405
# Likewise the password-reset counts (per address, per IP: every test's client is 127.0.0.1); the
# throttle's own tests set small limits and addresses of their own.
INNOVET_PASSWORD_RESET_PER_ADDRESS = INNOVET_PASSWORD_RESET_PER_IP = 1_000_000
# SQLite's test database is a file, not Django's in-memory default: a large import's helper process
# (catalogue.import_helper) opens the same database from another interpreter, which it cannot do in memory.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    _name = os.environ.get("INNOVET_TEST_DB_NAME", "test")
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"{_name}.sqlite3")}  # noqa: F405
