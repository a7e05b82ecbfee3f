"""Logo uploads: only real PNG, JPEG or WebP images of reasonable size, re-encoded by us before storage.

The uploaded bytes are never stored: :func:`clean_logo` decodes the image with Pillow, checks its format,
weight and pixel count (decompression bombs included), and returns a fresh PNG it encoded itself, without
metadata (EXIF, GPS, comments) and at most :data:`LOGO_SIDE` pixels on its longest side. Limits come from
the settings ``ESSAIM_LOGO_MAX_BYTES`` (default 2 MB) and ``ESSAIM_LOGO_MAX_PIXELS`` (default 4,000,000).
:func:`clean_image` is the same check with the limits as arguments (the spaces' message attachments use it).
"""

import io
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = frozenset({"PNG", "JPEG", "WEBP"})
DEFAULT_MAX_BYTES = 2 * 1024 * 1024
DEFAULT_MAX_PIXELS = 4_000_000
LOGO_SIDE = 512

NOT_AN_IMAGE = _("This file is not an image we can read. Please send a PNG, JPEG or WebP image.")
BAD_FORMAT = _("This image format is not accepted. Please send a PNG, JPEG or WebP image.")
TOO_HEAVY = _("This file is too large (%(size)s). The maximum is %(max)s.")
TOO_MANY_PIXELS = _(
    "This image is too large (%(width)s × %(height)s pixels). The maximum is %(max)s pixels in total."
)


def max_bytes() -> int:
    return getattr(settings, "ESSAIM_LOGO_MAX_BYTES", DEFAULT_MAX_BYTES)


def max_pixels() -> int:
    return getattr(settings, "ESSAIM_LOGO_MAX_PIXELS", DEFAULT_MAX_PIXELS)


def _too_many_pixels(width, height, limit, code) -> ValidationError:
    return ValidationError(
        TOO_MANY_PIXELS,
        code=code,
        params={"width": width, "height": height, "max": f"{limit:,}".replace(",", " ")},
    )


def clean_logo(upload) -> ContentFile:
    """Validate an uploaded logo and return the PNG to store instead (named ``logo.png``).

    Raises ``ValidationError`` with a message a person can act on; nothing is written anywhere.
    """
    return clean_image(
        upload, max_bytes=max_bytes(), max_pixels=max_pixels(), side=LOGO_SIDE, name="logo", code="logo"
    )


def clean_image(
    upload, *, max_bytes: int, max_pixels: int, side: int, name: str, code: str, opaque_format: str = "PNG"
) -> ContentFile:
    """Validate an uploaded image and return a fresh copy encoded by us, at most ``side`` pixels long.

    Images with transparency are stored as PNG, the others as ``opaque_format`` (PNG or JPEG: photos are much
    lighter as JPEG). Error codes are ``<code>_size``, ``_format``, ``_pixels``, ``_bomb`` and ``_invalid``.
    """
    if upload.size > max_bytes:
        raise ValidationError(
            TOO_HEAVY,
            code=f"{code}_size",
            params={"size": filesizeformat(upload.size), "max": filesizeformat(max_bytes)},
        )
    upload.seek(0)
    data = upload.read(max_bytes + 1)
    try:
        # Pillow only warns between its own limit and twice it: make the warning an error too.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:
                if image.format not in ALLOWED_FORMATS:
                    raise ValidationError(BAD_FORMAT, code=f"{code}_format")
                width, height = image.size
                # Checked before decoding, from the header alone, so a bomb never gets expanded in memory.
                if width * height > max_pixels:
                    raise _too_many_pixels(width, height, max_pixels, f"{code}_pixels")
                image.load()
                return _reencode(image, side=side, name=name, opaque_format=opaque_format)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("This image declares too many pixels to be opened safely. Please send a smaller image."),
            code=f"{code}_bomb",
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        # A truncated or corrupt file fails while decoding: it is not an image we can use.
        raise ValidationError(NOT_AN_IMAGE, code=f"{code}_invalid") from None


def _reencode(image: Image.Image, *, side: int, name: str, opaque_format: str) -> ContentFile:
    image = ImageOps.exif_transpose(image)  # keep the orientation the camera meant once EXIF is gone
    has_alpha = image.mode in ("RGBA", "LA", "PA") or "transparency" in image.info
    image = image.convert("RGBA" if has_alpha else "RGB")
    image.thumbnail((side, side), Image.Resampling.LANCZOS)
    output = io.BytesIO()
    if has_alpha or opaque_format == "PNG":
        image.save(output, format="PNG", optimize=True)
        return ContentFile(output.getvalue(), name=f"{name}.png")
    image.save(output, format="JPEG", quality=85, optimize=True)
    return ContentFile(output.getvalue(), name=f"{name}.jpg")
