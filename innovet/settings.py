"""InnoVET settings, read from environment variables.

Safe defaults for production: DEBUG is off unless INNOVET_DEBUG=1, and without DEBUG a secret key
must be given. The embedded default database is SQLite under var/; DATABASE_URL switches to PostgreSQL.
"""

import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("INNOVET_VAR_DIR", BASE_DIR / "var"))
VAR_DIR.mkdir(parents=True, exist_ok=True)


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("INNOVET_DEBUG")
TESTING = env_bool("INNOVET_TESTING")

SECRET_KEY = os.environ.get("INNOVET_SECRET_KEY", "")
if not SECRET_KEY:
    if DEBUG or TESTING:
        SECRET_KEY = "insecure-development-key-never-use-in-production"
    else:
        raise ImproperlyConfigured("INNOVET_SECRET_KEY is verplicht wanneer INNOVET_DEBUG niet aan staat.")

ALLOWED_HOSTS = env_list("INNOVET_ALLOWED_HOSTS", "127.0.0.1,localhost" if (DEBUG or TESTING) else "")
CSRF_TRUSTED_ORIGINS = env_list("INNOVET_CSRF_TRUSTED_ORIGINS")
SITE_URL = os.environ.get("INNOVET_SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Encrypts the badge issuers' private keys at rest (badges/keys.py); defaults to SECRET_KEY. Set it on its
# own in production so that rotating SECRET_KEY does not make the signing keys unreadable.
INNOVET_BADGE_KEY_SECRET = os.environ.get("INNOVET_BADGE_KEY_SECRET", "")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rules.apps.AutodiscoverRulesConfig",
    "innovet.accounts.axes_app.AxesConfig",  # django-axes, with a Dutch name
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "huey.contrib.djhuey",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    # InnoVET's own apps, in dependency order (the demo loader follows this order).
    "innovet.core",
    "innovet.geo",
    "innovet.taxonomy",
    "innovet.accounts",
    "innovet.organisations",
    "innovet.notifications",
    "innovet.search",
    "innovet.catalogue",
    "innovet.materials",
    "innovet.matching",
    "innovet.surveys",
    "innovet.participation",
    "innovet.events",
    "innovet.labs",
    "innovet.portfolio",
    "innovet.budget",
    "innovet.tiendagen",
    "innovet.placements",
    "innovet.substitution",
    "innovet.equipment",
    "innovet.badges",
    "innovet.insights",  # last: its demo summarises what every other module recorded
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "innovet.core.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "innovet.core.db_routing.ReplicaRoutingMiddleware",  # before anything that reads the database
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "innovet.urls"
WSGI_APPLICATION = "innovet.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "innovet" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "innovet.core.context_processors.platform",
                "innovet.notifications.context_processors.notifications",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60, conn_health_checks=True)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("INNOVET_SQLITE_PATH", str(VAR_DIR / "innovet.sqlite3")),
            "OPTIONS": {
                # IMMEDIATE takes the write lock at BEGIN, so concurrent writers wait (timeout)
                # instead of failing with "database is locked" halfway through a transaction.
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;",
            },
        }
    }
if os.environ.get("INNOVET_TEST_DB_NAME"):
    # Lets parallel test runs on one PostgreSQL server use separate test databases.
    DATABASES["default"]["TEST"] = {"NAME": os.environ["INNOVET_TEST_DB_NAME"]}
# A PostgreSQL streaming replica for reads (see docs/deployment.md and innovet/core/db_routing.py).
DATABASE_REPLICA_URL = os.environ.get("DATABASE_REPLICA_URL", "")
if DATABASE_REPLICA_URL:
    DATABASES["replica"] = dj_database_url.parse(DATABASE_REPLICA_URL, conn_max_age=60, conn_health_checks=True)
    # Tests read the replica's copy of the primary's test database (physical replication copies it).
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["innovet.core.db_routing.PrimaryReplicaRouter"]
# How long a user who wrote reads from the primary: longer than the replica's usual lag.
INNOVET_REPLICA_PIN_SECONDS = int(os.environ.get("INNOVET_REPLICA_PIN_SECONDS", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Processes that write one large catalogue import together (each every other chunk): two use both cores of a
# small server. 1 writes in the worker's own process only.
INNOVET_IMPORT_WRITERS = int(os.environ.get("INNOVET_IMPORT_WRITERS", "2"))
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
if IS_POSTGRES:
    # No JIT compilation: our queries are short, and a badly estimated plan (correlated subqueries on small
    # tables) made PostgreSQL spend 1.7 s compiling a 5 ms dashboard query. Set per connection, so it holds
    # whatever the server's postgresql.conf says.
    for _alias in DATABASES.values():
        _alias.setdefault("OPTIONS", {})["options"] = "-c jit=off"

# --- Cache and background work -------------------------------------------------------------------
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    # Shared by every process on this host (web workers, huey): a file cache, so the embedded default needs
    # no cache table and its cache writes never wait for SQLite's single writer. Never per process.
    # Parallel test workers (pytest-xdist) each get their own, or one's writes would bump the other's version.
    _WORKER = os.environ.get("PYTEST_XDIST_WORKER", "") if TESTING else ""
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(VAR_DIR / (f"cache-{_WORKER}" if _WORKER else "cache")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Anonymous pages in the shared cache under a content version (innovet/core/page_cache.py). Off in
# the test suite, whose rolled-back transactions never bump the version; its own tests switch it on.
INNOVET_PAGE_CACHE = env_bool("INNOVET_PAGE_CACHE", not TESTING)

# Huey: a real worker with a schedule. SQLite storage needs no extra server; Redis in production.
if REDIS_URL:
    HUEY = {
        "huey_class": "huey.RedisHuey",
        "name": "innovet",
        "url": REDIS_URL,
        "immediate": TESTING,
    }
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "innovet",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": TESTING,
    }
HUEY["consumer"] = {"workers": 2, "worker_type": "thread"}

# --- Auth ---------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "rules.permissions.ObjectPermissionBackend",
    "innovet.accounts.backends.StaffModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:dashboard"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
# Login throttling (innovet/accounts/throttling.py): 5 failures per e-mail address and IP, and 30 per IP
# over all addresses (password spraying; a school's staff share one IP), each locked for 15 minutes.
AXES_FAILURE_LIMIT = int(os.environ.get("INNOVET_LOGIN_FAILURE_LIMIT", 5))
INNOVET_LOGIN_IP_FAILURE_LIMIT = int(os.environ.get("INNOVET_LOGIN_IP_FAILURE_LIMIT", 30))
AXES_COOLOFF_TIME = 0.25
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_HANDLER = "innovet.accounts.throttling.LoginThrottleHandler"
# Password-reset e-mails: at most 3 per address and 10 per IP address an hour (shared cache).
INNOVET_PASSWORD_RESET_PER_ADDRESS = int(os.environ.get("INNOVET_PASSWORD_RESET_PER_ADDRESS", 3))
INNOVET_PASSWORD_RESET_PER_IP = int(os.environ.get("INNOVET_PASSWORD_RESET_PER_IP", 10))
INNOVET_PASSWORD_RESET_WINDOW = 60 * 60
AXES_USERNAME_FORM_FIELD = "username"
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_ENABLED = env_bool("INNOVET_AXES_ENABLED", True)

# --- Internationalisation ------------------------------------------------------------------------
LANGUAGE_CODE = "nl-be"
LANGUAGES = [("nl-be", _("Nederlands"))]
LOCALE_PATHS = [BASE_DIR / "innovet" / "locale"]
TIME_ZONE = "Europe/Brussels"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
FORMAT_MODULE_PATH = ["innovet.formats"]

# --- Static and media ----------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
NODE_MODULES = BASE_DIR / "node_modules"
STATICFILES_DIRS = [
    BASE_DIR / "innovet" / "static",
    # Front-end libraries come from the npm registry (package.json) and are served by us: no CDN.
    ("vendor/bootstrap", NODE_MODULES / "bootstrap" / "dist"),
    ("vendor/bootstrap-icons", NODE_MODULES / "bootstrap-icons" / "font"),
    ("vendor/htmx", NODE_MODULES / "htmx.org" / "dist"),
    ("vendor/chartjs", NODE_MODULES / "chart.js" / "dist"),
    ("vendor/leaflet", NODE_MODULES / "leaflet" / "dist"),
    ("vendor/jsqr", NODE_MODULES / "jsqr" / "dist"),
]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if (DEBUG or TESTING)
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG or TESTING
MEDIA_ROOT = Path(os.environ.get("INNOVET_MEDIA_ROOT", VAR_DIR / "media"))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
INNOVET_MAX_UPLOAD_MB = int(os.environ.get("INNOVET_MAX_UPLOAD_MB", 25))

# --- E-mail -------------------------------------------------------------------------------------
EMAIL_HOST = os.environ.get("INNOVET_EMAIL_HOST", "")
if TESTING:
    EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
elif EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = int(os.environ.get("INNOVET_EMAIL_PORT", 587))
    EMAIL_HOST_USER = os.environ.get("INNOVET_EMAIL_USER", "")
    EMAIL_HOST_PASSWORD = os.environ.get("INNOVET_EMAIL_PASSWORD", "")
    EMAIL_USE_TLS = env_bool("INNOVET_EMAIL_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
DEFAULT_FROM_EMAIL = os.environ.get("INNOVET_FROM_EMAIL", "InnoVET <noreply@innovet.vlaanderen>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Sessions are read at every logged-in request: from the shared cache, written through to the database (which
# keeps them across a cache restart), instead of a database query each.
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

# --- Security ------------------------------------------------------------------------------------
SESSION_COOKIE_SECURE = not (DEBUG or TESTING) and env_bool("INNOVET_SECURE_COOKIES", True)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if not (DEBUG or TESTING):
    SECURE_HSTS_SECONDS = int(os.environ.get("INNOVET_HSTS_SECONDS", 31536000))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = env_bool("INNOVET_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")

# --- Netwerkmomenten ------------------------------------------------------------------------------
# How many days before an event's first session the reminder mail goes out, for events whose organiser
# did not choose another lead time (each event has its own, prefilled with this default).
EVENT_REMINDER_DAYS = int(os.environ.get("INNOVET_EVENT_REMINDER_DAYS", 2))

# --- Map tiles ----------------------------------------------------------------------------------
# The background of the small maps. The public OpenStreetMap server is fine for a demo but may not be
# used at scale (its tile usage policy): in production point this at your own tile server or a provider
# you have an agreement with. An empty URL shows the maps' text fallback only. See README, "Maps".
MAP_TILE_URL = os.environ.get("INNOVET_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = os.environ.get("INNOVET_MAP_TILE_ATTRIBUTION", "© OpenStreetMap-bijdragers")
MAP_TILE_MAX_ZOOM = int(os.environ.get("INNOVET_MAP_TILE_MAX_ZOOM", 18))


def tile_origin(url):
    """The origin the CSP must allow images from for a tile URL template ({s} subdomains become *)."""
    from urllib.parse import urlsplit

    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # Map tiles come from the configured tile server; everything else is ours.
        "img-src": [SELF, "data:", *filter(None, [tile_origin(MAP_TILE_URL)])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Forms, API ---------------------------------------------------------------------------------
CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"
REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 20,
    # The read API is public; signed-in people use their session (the site's cookie). No Basic auth: it
    # would invite scripts to send passwords with every request, past the login throttle.
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    # Counted in the shared cache (Redis or the host's file cache), so every worker sees the same count.
    "DEFAULT_THROTTLE_CLASSES": ["innovet.core.api.SharedAnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("INNOVET_API_ANON_RATE", "600/hour")},
    # Errors as JSON in one shape ({"detail": ..., "errors": {...}}), described in the OpenAPI schema.
    "EXCEPTION_HANDLER": "innovet.core.api.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "InnoVET API",
    "DESCRIPTION": "Leesinterface van het InnoVET-platform (aanbod, initiatieven, lesmateriaal).",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    # Served from our own static files (drf-spectacular-sidecar), never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("INNOVET_LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}},
}
