"""The one reader of the environment that every settings module shares (django-environ)."""

import environ

env = environ.Env()
