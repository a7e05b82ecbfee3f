"""Settings of the django-tasks database worker that ``tests/ecosystem/test_digest_worker.py`` starts and
kills: the embedded default (``config.settings.dev``, database from ``DATABASE_URL``) with the slow email
backend of :mod:`tests.support.slow_mail`."""

from config.settings.dev import *  # noqa: F403

EMAIL_BACKEND = "tests.support.slow_mail.EmailBackend"
