"""Image attachments: only real images, decoded and re-encoded by Pillow, within the configured limits.

A refused file leaves nothing behind: no message, no stored file, no sequence number taken.
"""

import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from spaces import actions
from spaces.models import Message, Room

pytestmark = pytest.mark.django_db


def image_file(fmt="PNG", size=(640, 480), mode="RGB", name=None, **save) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new(mode, size, color=1 if mode == "1" else "teal").save(buffer, format=fmt, **save)
    extension = {"JPEG": "jpg"}.get(fmt, fmt.lower())
    return SimpleUploadedFile(
        name or f"photo.{extension}", buffer.getvalue(), content_type=f"image/{extension}"
    )


def stored_files() -> set[str]:
    try:
        return set(default_storage.listdir("spaces/attachments")[1])
    except FileNotFoundError:
        return set()


def send(cast, upload, text=""):
    return actions.post_message(cast.user("member"), cast.rooms["private"], text=text, attachment=upload)


def test_a_real_image_is_reencoded_and_stored_under_our_name(cast):
    exif = Image.Exif()
    exif[0x010E] = "secret description"  # ImageDescription: metadata must not survive
    message = send(cast, image_file("JPEG", size=(3000, 1500), name="../../etc/passwd.jpg", exif=exif))
    name = message.attachment.name
    assert name.startswith("spaces/attachments/")
    assert name.endswith(".jpg")
    assert "passwd" not in name
    with default_storage.open(name) as stored, Image.open(stored) as image:
        assert image.format == "JPEG"
        assert max(image.size) == 2048  # shrunk to the attachment side
        assert not image.getexif()


def test_transparent_images_stay_png_and_an_image_needs_no_text(cast):
    message = send(cast, image_file("PNG", mode="RGBA"))
    assert message.attachment.name.endswith(".png")
    assert message.text == ""


def text_renamed_png():
    return SimpleUploadedFile("photo.png", b"<script>alert(1)</script>\n" * 40, content_type="image/png")


def decompression_bomb():
    # 400 million pixels in a few kilobytes: decoding it naively would take gigabytes of memory.
    return image_file("PNG", size=(20000, 20000), mode="1", name="bombe.png")


def gif():
    return image_file("GIF", name="anim.gif")


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (text_renamed_png, "attachment_invalid"),
        (decompression_bomb, "attachment_bomb"),
        (gif, "attachment_format"),
    ],
    ids=["text-renamed-png", "decompression-bomb", "gif"],
)
def test_refused_files_store_nothing(cast, upload, code):
    before = stored_files()
    with pytest.raises(ValidationError) as error:
        send(cast, upload(), text="regardez")
    assert error.value.code == code
    assert not Message.objects.exists()
    assert stored_files() == before
    assert Room.objects.get(pk=cast.rooms["private"].pk).last_seq == 0


def test_size_and_pixel_limits_come_from_the_settings(cast, settings):
    before = stored_files()
    settings.SPACES_ATTACHMENT_MAX_BYTES = 1000
    with pytest.raises(ValidationError) as error:
        send(cast, image_file("PNG", size=(400, 400), mode="RGB", name="bruit.png", compress_level=0))
    assert error.value.code == "attachment_size"
    settings.SPACES_ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024
    settings.SPACES_ATTACHMENT_MAX_PIXELS = 100 * 100
    with pytest.raises(ValidationError) as error:
        send(cast, image_file("PNG", size=(101, 100)))
    assert error.value.code == "attachment_pixels"
    assert "101 × 100" in error.value.messages[0]
    assert send(cast, image_file("PNG", size=(100, 100))).attachment
    assert len(stored_files() - before) == 1


def test_pillow_own_bomb_guard_is_an_error_too(cast, settings, monkeypatch):
    # Even above our limit, Pillow's decompression-bomb warning must refuse the file, not let it through.
    settings.SPACES_ATTACHMENT_MAX_PIXELS = 10**12
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ValidationError) as error:
        send(cast, image_file("PNG", size=(40, 40)))
    assert error.value.code == "attachment_bomb"


def test_deleting_a_message_deletes_its_image(cast, django_capture_on_commit_callbacks):
    before = stored_files()
    message = send(cast, image_file("PNG"))
    assert stored_files() - before == {message.attachment.name.rsplit("/", 1)[1]}
    with django_capture_on_commit_callbacks(execute=True):
        actions.delete_message(cast.user("member"), message)
    assert stored_files() == before
    message.refresh_from_db()
    assert not message.attachment
