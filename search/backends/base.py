"""The interface every search backend implements."""

from abc import ABC, abstractmethod


class SearchBackendUnavailable(Exception):
    """The backend's service cannot be reached; callers report it (healthz) or degrade gracefully."""


class SearchBackend(ABC):
    name: str

    @abstractmethod
    def ping(self) -> None:
        """Raise SearchBackendUnavailable unless the backend can answer queries now."""
