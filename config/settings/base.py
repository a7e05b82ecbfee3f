"""Settings shared by every runtime mode.

Services are chosen by environment variables, each with an embedded default so that a fresh clone runs
with nothing else installed: SQLite, the in-memory channel layer, the database search backend, console
email, tasks run immediately.
"""

from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.csp import tile_source

from .environment import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(env.str("ESSAIM_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env.str("SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
# Pages that may open a WebSocket (config.origins), compared as scheme, host and port: these origins, and the
# origin a connection is made to when its host is one of ALLOWED_HOSTS (so `make run` and test servers on any
# port need nothing here).
WEBSOCKET_ALLOWED_ORIGINS = list(CSRF_TRUSTED_ORIGINS)

INSTALLED_APPS = [
    # daphne first: its runserver serves HTTP and WebSockets over ASGI in development.
    "daphne",
    # modeltranslation before every app whose models or admin use translated fields: its ready() registers
    # ecosystem/translation.py, patching Theme, Resource and Marker before anything reads them.
    "modeltranslation",
    "config",
    "cms",
    "directory",
    "spaces",
    "ecosystem",
    "search",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    # Page translations: the locales' admin, the « Translate » action on pages, the XML sitemap.
    "wagtail.locales",
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.sitemaps",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "channels",
    "django_tasks",
    "django_tasks_db",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    # The TemplatesSetting form renderer (config.forms) finds Django's widget templates through this app.
    "django.forms",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # The Content-Security-Policy header (config.csp); early, so even redirects and errors carry it.
    "config.csp.EssaimCSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "config.mfa.StaffMFARequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
                "spaces.context_processors.header_counts",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------------------
# SQLite in WAL mode by default (readers do not block the writer; IMMEDIATE avoids "database is locked"
# upgrades under concurrent ASGI requests); PostgreSQL when DATABASE_URL says so.
VAR_DIR.mkdir(parents=True, exist_ok=True)
SQLITE_OPTIONS = {
    "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;",
    "transaction_mode": "IMMEDIATE",
}


def pooled(database: dict) -> dict:
    """``database`` (PostgreSQL) with a connection pool per process (psycopg_pool, through Django).

    Not Django's persistent connections: they are kept per thread, and under ASGI every request runs in a
    thread of its own, so each request left its connection open until the thread's end was collected (100
    room pages loaded 52 connections; the next hundred hit PostgreSQL's limit of 100 and failed with 500).
    A pool hands a request a connection and takes it back at the request's end. Size it so that the
    server's workers × ``DATABASE_POOL_MAX`` stay under PostgreSQL's ``max_connections``."""
    pool = {
        "min_size": env.int("DATABASE_POOL_MIN", default=2),
        "max_size": env.int("DATABASE_POOL_MAX", default=12),
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),  # then the request fails, not hangs
    }
    return {**database, "CONN_MAX_AGE": 0, "OPTIONS": {**database.get("OPTIONS", {}), "pool": pool}}


DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'essaim.sqlite3'}")}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {}).update(SQLITE_OPTIONS)
else:
    DATABASES["default"] = pooled(DATABASES["default"])
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Threads of one server process that run the room connections' database work (spaces.consumers.db). Above 1,
# a pool of its own, each thread with its own connection, off the process's single thread for sync work;
# 1: that single thread. SQLite's writers take turns anyway, so 1 there; PostgreSQL works in parallel.
ROOM_DATABASE_THREADS = env.int(
    "ROOM_DATABASE_THREADS",
    default=4 if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" else 1,
)

# --- Redis: cache and channel layer ---------------------------------------------------------------------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            # Several deployments (or test runs) may share one Redis: keep their keys apart.
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="essaim"),
        }
    }
    CHANNEL_LAYERS = {
        "default": {
            "BACKEND": "channels_redis.core.RedisChannelLayer",
            "CONFIG": {
                # socket_timeout None: redis-py 8 reads with a 5 s timeout by default, and the layer's receive
                # blocks in BZPOPMIN for 5 s, so idle WebSocket consumers crashed (redis/redis-py#4091).
                # max_connections: redis-py 8 caps a pool at 100 and raises beyond (MaxConnectionsError),
                # which a burst of joins or posts reached: a publish that fails so is a message dropped live.
                "hosts": [
                    {
                        "address": REDIS_URL,
                        "socket_timeout": None,
                        "max_connections": env.int("CHANNEL_LAYER_MAX_CONNECTIONS", default=1000),
                    }
                ],
                "prefix": env.str("CHANNEL_LAYER_PREFIX", default="essaim"),
                # A process killed without leaving its groups stays in them this long (seconds): the hubs
                # (spaces.consumers.hub) join their groups again every quarter of it, so it can be short.
                "group_expiry": env.int("CHANNEL_LAYER_GROUP_EXPIRY", default=30),
                # Every channel of a process shares one Redis list: messages it may hold before sends to
                # that process are dropped ("over capacity"); 100 by default, too few for a burst.
                "capacity": env.int("CHANNEL_LAYER_CAPACITY", default=1000),
            },
        }
    }
else:
    # A real, shared cache even on the embedded default: allauth's rate limits need one (not locmem).
    CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "essaim_cache"}
    }
    CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

# --- Search ---------------------------------------------------------------------------------------------
# SEARCH_BACKEND is a dotted path to a module of search/backends, or one of its short names.
SEARCH_BACKEND = env.str("SEARCH_BACKEND", default="database")
ELASTICSEARCH_URL = env.str("ELASTICSEARCH_URL", default="")
ELASTICSEARCH_INDEX_PREFIX = env.str("ELASTICSEARCH_INDEX_PREFIX", default="essaim")

WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Page search folds accents like the directory does ("conformite" finds "conformité"): the unaccented
    # French configuration created by search's migrations. SQLite's FTS5 folds them by default.
    WAGTAILSEARCH_BACKENDS["default"]["SEARCH_CONFIG"] = "essaim_french"

# --- Map ------------------------------------------------------------------------------------------------
# The directory map's background tiles (a Leaflet URL template) and their attribution (HTML, shown on the
# map). Markers and the list never depend on them: the map stays useful when the tile server cannot answer.
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env.str(
    "MAP_TILE_ATTRIBUTION",
    default='© <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a> contributors',
)

# --- Background tasks -----------------------------------------------------------------------------------
# "immediate" runs tasks in-process (embedded default); "database" queues them for `manage.py db_worker`.
TASK_BACKENDS = {
    "immediate": "django_tasks.backends.immediate.ImmediateBackend",
    "database": "django_tasks_db.DatabaseBackend",
}
TASKS = {"default": {"BACKEND": TASK_BACKENDS[env.str("TASKS_BACKEND", default="immediate")]}}

# --- Email ----------------------------------------------------------------------------------------------
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Essaim <ne-pas-repondre@essaim.localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Accounts (django-allauth) --------------------------------------------------------------------------
AUTH_USER_MODEL = "ecosystem.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"
# A newcomer lands on « Mon espace » and its getting-started guide once their email is confirmed.
ACCOUNT_SIGNUP_REDIRECT_URL = "ecosystem:dashboard"
ACCOUNT_SIGNUP_FORM_CLASS = "ecosystem.forms.account.SignupForm"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Essaim] "
ACCOUNT_RATE_LIMITS = {
    # allauth's defaults, stated so they are visible and tunable; they rely on CACHES["default"].
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reset_password": "20/m/ip,5/m/key",
    "reauthenticate": "10/m/user",
    "reset_password_from_key": "20/m/ip",
    "signup": "20/m/ip",
    "login": "30/m/ip",
    "login_failed": "10/m/ip,5/5m/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Essaim"
# Staff (Région staff, jury, administrators) must enrol a TOTP device before using the site; the production
# settings turn this on, the local demo leaves it off so its administrator can log in at once.
ESSAIM_REQUIRE_MFA_FOR_STAFF = env.bool("ESSAIM_REQUIRE_MFA_FOR_STAFF", default=False)

# --- Internationalisation -------------------------------------------------------------------------------
LANGUAGE_CODE = "fr"
LANGUAGES = [("fr", _("French")), ("en", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAILADMIN_PERMITTED_LANGUAGES = LANGUAGES

# Translated taxonomies (ecosystem/translation.py): name_fr / name_en … columns; French is the reference,
# and an empty English name falls back to it.
MODELTRANSLATION_DEFAULT_LANGUAGE = "fr"
MODELTRANSLATION_LANGUAGES = tuple(code for code, _name in LANGUAGES)
MODELTRANSLATION_FALLBACK_LANGUAGES = ("fr",)
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Paris"
USE_I18N = True
USE_TZ = True

# --- Static and media -----------------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Files only some people may read (application documents): outside MEDIA_ROOT, with no URL of their own;
# a view checks access before streaming them (ecosystem.views.calls).
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
PRIVATE_STORAGE = {
    "BACKEND": "ecosystem.private_files.PrivateFileSystemStorage",
    "OPTIONS": {"location": str(PRIVATE_MEDIA_ROOT)},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "private": PRIVATE_STORAGE,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The limits (request sizes, rates, rooms, creations): config/settings/limits.py.
from .limits import *  # noqa: E402, F403

# --- Partnerships and events ----------------------------------------------------------------------------
# Video service of the partner meetings of online events: each meeting gets a room of its own under it.
MEETING_VIDEO_BASE_URL = env.str("MEETING_VIDEO_BASE_URL", default="https://meet.jit.si/")
# Days a partner invitation or expression of interest waits for an answer before it expires.
PARTNER_INVITATION_DAYS = env.int("PARTNER_INVITATION_DAYS", default=30)

# --- Wagtail --------------------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = "Essaim"
# Editorial pages exist once per language (WAGTAIL_CONTENT_LANGUAGES): a French tree served at /, its English
# translation at /en/ (config/urls.py); editors translate a page with its « Translate » action.
WAGTAIL_I18N_ENABLED = True
WAGTAILADMIN_BASE_URL = env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
# The Wagtail admin logs in through allauth, so staff get the same verification, rate limits and MFA.
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# Passwords are set, reset and changed through allauth only (rate limits, notification emails); config.urls
# sends Wagtail's own login and reset pages there.
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
# No third-party avatar service: it would send a hash of staff emails to Gravatar.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx"]
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 5 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000

# --- Security common to every mode ----------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# --- Content-Security-Policy (django-csp, config.csp) -----------------------------------------------------
# Enforced in every mode, so development and the browser tests see what production sends. Scripts and
# styles come only from the site (vendored htmx and Leaflet included): no inline code, no eval; a script
# element that must stay inline (JSON-LD) carries the per-response nonce (`request.csp_nonce`). Images: the
# site, data: URLs (Leaflet's and the CSS's small icons) and the map's tile server, derived from MAP_TILE_URL.
# config.csp adds the site's own WebSocket origin (ws:/wss:) to connect-src, per request.
_TILE_SOURCE = tile_source(MAP_TILE_URL)
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *([_TILE_SOURCE] if _TILE_SOURCE else [])],
        "font-src": [SELF],
        "connect-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}
# The Wagtail admin (and the Django admin) are third-party interfaces built on inline scripts and styles,
# with editors that preview embeds and images from anywhere: the strict policy would break them, and
# loosening it for them would loosen it for the public site. They get this relaxed policy instead, which
# still stops framing by other sites (Wagtail's preview frames its own pages), plugins, a foreign <base> and
# form posts elsewhere. The staff who use them log in with two factors.
ESSAIM_CSP_RELAXED_PREFIXES = ("/admin/", "/django-admin/")
ESSAIM_CSP_RELAXED_DIRECTIVES = {
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        # Per-task and per-page lines drown the console; failures still log at WARNING.
        "django_tasks": {"level": "WARNING"},
        "wagtail": {"level": "WARNING"},
    },
}

FORM_RENDERER = "config.forms.EssaimFormRenderer"
