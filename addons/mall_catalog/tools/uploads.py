# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Checks of pictures uploaded by shoppers (review photos, avatars)."""

import base64
import binascii
import io

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 8000 x 5000: more is a decompression bomb, not a photo
FORMATS = {"JPEG", "PNG", "WEBP"}


class BadUpload(ValueError):
    """The upload is not an acceptable picture; the message says why."""


def check_picture(data_b64):
    """The base64 text of an acceptable picture, or BadUpload."""
    try:
        raw = base64.b64decode(data_b64, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise BadUpload("not valid base64") from exc
    if not raw:
        raise BadUpload("empty")
    if len(raw) > MAX_BYTES:
        raise BadUpload(f"larger than {MAX_BYTES // (1024 * 1024)} MiB")
    try:
        with Image.open(io.BytesIO(raw)) as image:
            if image.format not in FORMATS:
                raise BadUpload(f"{image.format} pictures are not accepted")
            if image.width * image.height > MAX_PIXELS:
                raise BadUpload("too many pixels")
            image.verify()
    except (UnidentifiedImageError, OSError, SyntaxError) as exc:
        raise BadUpload("not a JPEG, PNG or WebP picture") from exc
    return base64.b64encode(raw)
