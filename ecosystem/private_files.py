"""Storages for private files (application documents): like Django's, but a stored file has no URL.

``settings.STORAGES["private"]`` names one of them. Its files live outside ``MEDIA_ROOT``, so neither the
web server nor Django's static serving can reach them; asking for a URL is a bug (the file must be served
by a view that checks access first, e.g. ``ecosystem.views.calls.document_download``), so it raises.
"""

from django.core.files.storage import FileSystemStorage, InMemoryStorage


class _NoURL:
    def url(self, name):
        raise ValueError("A private file has no URL: serve it through a view that checks access.")


class PrivateFileSystemStorage(_NoURL, FileSystemStorage):
    pass


class PrivateInMemoryStorage(_NoURL, InMemoryStorage):
    """For tests, as ``InMemoryStorage`` is for the public files."""
