"""Settings for the test suite: the embedded default, or the real services named by the environment."""

from .base import *  # noqa: F403
from .base import DATABASES, REDIS_URL, env

DEBUG = False
SECRET_KEY = "essaim-tests-only"  # noqa: S105
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher"
]  # speed; tests never store real passwords
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
if not REDIS_URL:
    # Tests start from an empty, isolated cache each run; the Redis lane keeps using Redis.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "private": {"BACKEND": "ecosystem.private_files.PrivateInMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # pytest-django builds the test database in memory; the server processes of browser tests get their own.
    DATABASES["default"]["TEST"] = {"NAME": env.str("TEST_DATABASE_NAME", default="")}
# On PostgreSQL, the production settings' pool (config.settings.base.pooled), as the servers use it.
WAGTAILADMIN_BASE_URL = "http://testserver"
