"""The project's URLs plus the baseline view every HTTP benchmark is compared with."""

from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as project_urlpatterns


def minimal(request):
    """The least a Django view can do: the cost of the server, the ASGI handler and the middleware stack.

    A sync view, like the pages it is compared with, so both pay the same thread hand-off under ASGI.
    """
    return HttpResponse(b"ok", content_type="text/plain")


# First, so Wagtail's catch-all page route never sees it.
urlpatterns = [path("bench/minimal/", minimal, name="bench_minimal"), *project_urlpatterns]
