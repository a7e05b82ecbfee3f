"""Logo uploads with real files: accepted formats are re-encoded by us; anything else is refused, unstored."""

import io

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from ecosystem.models import Actor
from tests.factories import ActorFactory, UserFactory
from tests.support.forms import actor_data
from tests.support.html import form_errors

pytestmark = pytest.mark.django_db


def image_file(fmt: str, size=(800, 400), mode="RGB", name=None, **save) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new(mode, size, color="white" if mode != "1" else 1)
    image.save(buffer, format=fmt, **save)
    extension = {"JPEG": "jpg"}.get(fmt, fmt.lower())
    return SimpleUploadedFile(
        name or f"logo.{extension}", buffer.getvalue(), content_type=f"image/{extension}"
    )


def stored_files() -> set[str]:
    try:
        _, files = default_storage.listdir("actors/logos")
    except FileNotFoundError:
        return set()
    return set(files)


@pytest.fixture
def admin_client(client, db):
    admin = UserFactory(email="admin@jardins.example")
    actor = ActorFactory(name="Les Jardins Partagés", admins=[admin])
    client.force_login(admin)
    client.actor = actor
    return client


def post_logo(client, upload):
    return client.post(f"/en/structures/{client.actor.slug}/modifier/", {**actor_data(), "logo": upload})


def exif_jpeg() -> SimpleUploadedFile:
    image = Image.new("RGB", (640, 480), "navy")
    exif = Image.Exif()
    exif[0x010F] = "Appareil Secret"  # Make
    exif[0x0131] = "Logiciel Secret"  # Software
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif.tobytes())
    assert b"Appareil Secret" in buffer.getvalue()
    return SimpleUploadedFile("photo.jpg", buffer.getvalue(), content_type="image/jpeg")


@pytest.mark.parametrize(
    "upload",
    [
        lambda: image_file("PNG", mode="RGBA"),
        lambda: image_file("JPEG", size=(1200, 900)),
        lambda: image_file("WEBP", size=(300, 300)),
        exif_jpeg,
    ],
    ids=["png", "jpeg", "webp", "jpeg-with-exif"],
)
def test_valid_logos_are_stored_re_encoded(admin_client, upload):
    original = upload()
    original_bytes = original.read()
    original.seek(0)
    response = post_logo(admin_client, original)
    assert response.status_code == 302, form_errors(response)
    actor = Actor.objects.get()
    assert actor.logo.name.startswith("actors/logos/")
    assert actor.logo.name.endswith(".png")
    with default_storage.open(actor.logo.name) as stored:
        data = stored.read()
    assert data != original_bytes
    assert b"Secret" not in data  # metadata is not carried over
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        assert max(image.size) <= 512
        assert not image.getexif()


def test_replacing_a_logo_deletes_the_old_file_once_committed(
    admin_client, django_capture_on_commit_callbacks
):
    post_logo(admin_client, image_file("PNG"))
    first = Actor.objects.get().logo.name
    with django_capture_on_commit_callbacks(execute=True):
        post_logo(admin_client, image_file("WEBP"))
    second = Actor.objects.get().logo.name
    assert second != first
    assert default_storage.exists(second)
    assert not default_storage.exists(first)


def bomb() -> SimpleUploadedFile:
    # 400 million pixels, a few kilobytes on disk: opening it naively would take gigabytes of memory.
    return image_file("PNG", size=(20000, 20000), mode="1", name="bombe.png")


def text_as_png() -> SimpleUploadedFile:
    return SimpleUploadedFile("logo.png", b"Ceci n'est pas une image.\n" * 20, content_type="image/png")


def truncated_png() -> SimpleUploadedFile:
    data = image_file("PNG", size=(400, 400)).read()
    return SimpleUploadedFile("logo.png", data[: len(data) // 2], content_type="image/png")


def gif() -> SimpleUploadedFile:
    return image_file("GIF", size=(64, 64), mode="P", name="logo.gif")


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (text_as_png, "not an image we can read"),
        (truncated_png, "not an image we can read"),
        (bomb, "pixels"),
        (gif, "format is not accepted"),
        (lambda: image_file("PNG", size=(2100, 2000)), "2100 × 2000 pixels"),
    ],
    ids=["text-renamed-png", "truncated-png", "decompression-bomb", "gif", "too-many-pixels"],
)
def test_refused_uploads_explain_why_and_store_nothing(admin_client, upload, message):
    post_logo(admin_client, image_file("PNG"))
    kept = Actor.objects.get().logo.name
    before = stored_files()
    response = post_logo(admin_client, upload())
    assert response.status_code == 200
    assert message in form_errors(response)
    assert stored_files() == before
    assert Actor.objects.get().logo.name == kept


def test_oversized_file_is_refused(admin_client, settings):
    settings.ESSAIM_LOGO_MAX_BYTES = 50_000
    # Random pixels do not compress: a real JPEG well over the limit.
    noisy = Image.effect_noise((600, 600), 100).convert("RGB")
    buffer = io.BytesIO()
    noisy.save(buffer, format="JPEG", quality=100)
    assert len(buffer.getvalue()) > 50_000
    before = stored_files()
    response = post_logo(admin_client, SimpleUploadedFile("grand.jpg", buffer.getvalue(), "image/jpeg"))
    assert response.status_code == 200
    assert "too large" in form_errors(response)
    assert "48.8\xa0KB" in form_errors(response)
    assert stored_files() == before
    assert not Actor.objects.get().logo


def test_default_limits_apply_without_settings(admin_client, settings):
    del settings.ESSAIM_LOGO_MAX_BYTES
    del settings.ESSAIM_LOGO_MAX_PIXELS
    response = post_logo(admin_client, image_file("PNG", size=(2100, 2000)))
    assert "4 000 000" in form_errors(response)


def test_a_failed_create_stores_no_logo(client, db):
    client.force_login(UserFactory(email="nouvelle@asso.example"))
    before = stored_files()
    response = client.post("/en/structures/nouvelle/", {**actor_data(siren="1"), "logo": image_file("PNG")})
    assert response.status_code == 200
    assert stored_files() == before
    assert not Actor.objects.exists()


def test_removing_the_logo(admin_client, django_capture_on_commit_callbacks):
    post_logo(admin_client, image_file("PNG"))
    name = Actor.objects.get().logo.name
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            f"/structures/{admin_client.actor.slug}/modifier/", {**actor_data(), "logo-clear": "on"}
        )
    assert not Actor.objects.get().logo
    assert not default_storage.exists(name)
