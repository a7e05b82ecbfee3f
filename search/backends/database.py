"""Database search backend: the embedded default, on SQLite or PostgreSQL."""

from django.db import DatabaseError, connection

from .base import SearchBackend, SearchBackendUnavailable


class Backend(SearchBackend):
    name = "database"

    def ping(self) -> None:
        try:
            with connection.cursor() as cursor:
                cursor.execute("SELECT 1")
        except DatabaseError as exc:
            raise SearchBackendUnavailable(str(exc)) from exc
