"""The embedded default: what `make run` serves on a laptop."""

from .base import *  # noqa: F403
from .base import env

DEBUG = env.bool("DEBUG", default=True)
# A fixed, clearly non-secret key for the local demo only; production refuses to start without SECRET_KEY.
SECRET_KEY = env.str("SECRET_KEY", default="essaim-dev-only-not-a-secret")
