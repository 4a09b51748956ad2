# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Shoppers' pictures (avatars, review and after-sale photos) are checked:
type by magic bytes, size, pixel count, and a full decode."""

import base64
import io
import struct
import zlib

import pytest
from PIL import Image, ImageFile

from odoo.addons.mall_catalog.tools import uploads


def picture(fmt="PNG", size=(40, 30), colour="orange"):
    buffer = io.BytesIO()
    Image.new("RGB", size, colour).save(buffer, format=fmt)
    return buffer.getvalue()


def b64(raw):
    return base64.b64encode(raw).decode()


def png_header(width, height):
    """A PNG whose header announces ``width`` x ``height`` (no real pixels)."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("fmt", ["PNG", "JPEG", "WEBP"])
def test_accepted_formats(fmt):
    try:
        raw = picture(fmt)
    except (KeyError, OSError):
        pytest.skip(f"this Pillow cannot write {fmt}")
    assert uploads.sniff(raw) == fmt
    assert base64.b64decode(uploads.check_picture(b64(raw))) == raw


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        (picture("GIF"), "not a JPEG, PNG or WebP"),
        (picture("BMP"), "not a JPEG, PNG or WebP"),
        (b"%PDF-1.7\n" + b"0" * 100, "not a JPEG, PNG or WebP"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "not a JPEG, PNG or WebP"),
        (b"", "empty"),
    ],
)
def test_other_types_are_refused(raw, reason):
    with pytest.raises(uploads.BadUpload, match=reason):
        uploads.check_picture(b64(raw))


def test_type_comes_from_the_bytes_not_the_claim():
    # A GIF behind a PNG signature is not decoded as a GIF.
    raw = b"\x89PNG\r\n\x1a\n" + picture("GIF")
    with pytest.raises(uploads.BadUpload):
        uploads.check_picture(b64(raw))


def test_not_base64():
    with pytest.raises(uploads.BadUpload, match="base64"):
        uploads.check_picture("not base64 at all!")


def test_too_large():
    raw = picture("PNG") + b"\x00" * uploads.MAX_BYTES
    with pytest.raises(uploads.BadUpload, match="larger than 2 MiB"):
        uploads.check_picture(b64(raw))


def test_truncated_picture_is_refused():
    raw = picture("JPEG", size=(400, 300))
    with pytest.raises(uploads.BadUpload, match="not a JPEG"):
        uploads.check_picture(b64(raw[: len(raw) // 2]))


@pytest.mark.parametrize(
    "size",
    [
        (9000, 9000),  # above the mall's limit
        (10000, 10000),  # Pillow's warning range
        (20000, 20000),  # Pillow's DecompressionBombError range
    ],
)
def test_decompression_bombs_are_refused(size):
    with pytest.raises(uploads.BadUpload, match="too many pixels"):
        uploads.check_picture(b64(png_header(*size)))


def test_webp_signature():
    raw = b"RIFF\x10\x00\x00\x00WEBPVP8 " + b"\x00" * 8
    assert uploads.sniff(raw) == "WEBP"


@pytest.mark.parametrize("fmt", ["JPEG", "PNG"])
def test_truncated_picture_refused_even_when_pillow_pads_it(monkeypatch, fmt):
    # As in a running Odoo, whose report module sets it for the whole process.
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)
    raw = picture(fmt, size=(400, 300))
    uploads.check_picture(b64(raw))
    with pytest.raises(uploads.BadUpload, match="not a JPEG"):
        uploads.check_picture(b64(raw[: len(raw) - 20]))
