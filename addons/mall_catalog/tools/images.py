# Copyright 2026 The mall authors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Links to images in the sizes the mini-program asks for.

A link names the image's content hash, so it never changes meaning and can be
cached for ever by browsers and a CDN; a new image gets a new link.
"""

# Odoo keeps each image field in these sizes (image_1920 ... image_128).
SIZES = (128, 256, 512, 1024, 1920)
DEFAULT_SIZE = 512
HASH_LENGTH = 16
ROUTE = "/mall/img"


def size_field(prefix, size):
    """The Odoo field holding ``prefix`` at ``size``: ("image", 256) → image_256."""
    if size not in SIZES:
        raise ValueError(f"unsupported image size {size}")
    return f"{prefix}_{size}"


def image_url(base_url, kind, record_id, size, checksum):
    """The link of an image, or None when there is no image."""
    if not checksum:
        return None
    base = (base_url or "").rstrip("/")
    return f"{base}{ROUTE}/{kind}/{record_id}/{size}/{checksum[:HASH_LENGTH]}"
