"""Small helpers for the room pages: a room's URL (English), an image to attach, the queries of a GET."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image


def room_url(room) -> str:
    return f"/en/salons/{room.pk}/"


def png(size=(8, 8)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "PNG")
    return SimpleUploadedFile("photo.png", buffer.getvalue(), content_type="image/png")


def queries_of_get(client, url) -> int:
    """How many queries one GET of ``url`` takes (it must succeed)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)
