# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Checks of pictures uploaded by shoppers (review photos, avatars)."""

import base64
import binascii
import io
import warnings

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 8000 x 5000: more is a decompression bomb, not a photo
FORMATS = {"JPEG", "PNG", "WEBP"}
# What the first bytes of each accepted format are: the type is the file's,
# never a name or a declared content type.
MAGIC = (
    (b"\xff\xd8\xff", "JPEG"),
    (b"\x89PNG\r\n\x1a\n", "PNG"),
)


def sniff(raw):
    """The format the first bytes of ``raw`` announce, or None."""
    for magic, fmt in MAGIC:
        if raw.startswith(magic):
            return fmt
    if raw[:4] == b"RIFF" and raw[8:12] == b"WEBP":
        return "WEBP"
    return None


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
    sniffed = sniff(raw)
    if sniffed is None or not _complete(raw, sniffed):
        raise BadUpload("not a JPEG, PNG or WebP picture")
    try:
        with warnings.catch_warnings():
            # Pillow only warns about a picture of 90 to 180 million pixels.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            _decode(raw, sniffed)
    except BadUpload:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise BadUpload("too many pixels") from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise BadUpload("not a JPEG, PNG or WebP picture") from exc
    return base64.b64encode(raw)


def _complete(raw, fmt):
    """Whether ``raw`` runs to its format's end marker. Decoding alone cannot
    tell: Odoo's report module sets Pillow's ``LOAD_TRUNCATED_IMAGES`` for the
    whole process, and Pillow then pads a truncated picture silently."""
    if fmt == "JPEG":
        return raw.rstrip(b"\0\r\n ").endswith(b"\xff\xd9")
    if fmt == "PNG":
        # The IEND chunk: length 0, type, 4-byte CRC.
        return raw[-12:-4] == b"\0\0\0\0IEND"
    return len(raw) >= int.from_bytes(raw[4:8], "little") + 8


def _decode(raw, fmt):
    """Open ``raw`` as ``fmt``, check its size and decode every pixel."""
    with Image.open(io.BytesIO(raw), formats=[fmt]) as image:
        if image.width * image.height > MAX_PIXELS:
            raise BadUpload("too many pixels")
        image.verify()
    # verify() reads the structure only: decoding every pixel finds a
    # truncated or corrupt picture before a shopper's page shows it.
    with Image.open(io.BytesIO(raw), formats=[fmt]) as image:
        image.load()
