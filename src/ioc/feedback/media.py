"""Photos: type sniffed from the content, size limit, EXIF stripped from the public copy, thumbnails."""

from __future__ import annotations

import io
import secrets
import warnings
from dataclasses import dataclass
from pathlib import Path

from PIL import Image, ImageOps, UnidentifiedImageError

from ioc.kit.errors import ValidationProblem

FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
THUMB_SIZE = (360, 360)
PUBLIC_MAX_SIDE = 1600
MAX_PIXELS = 40_000_000  # refuses decompression bombs long before memory runs out
VARIANTS = ("original", "public", "thumb")


@dataclass
class CheckedPhoto:
    """An upload that passed the checks, ready to store."""

    data: bytes
    image: Image.Image
    pil_format: str

    @property
    def content_type(self) -> str:
        """MIME type from the content, not from what the client claimed."""
        return FORMATS[self.pil_format][0]

    @property
    def extension(self) -> str:
        """File extension for the stored copies."""
        return FORMATS[self.pil_format][1]


def _invalid(field: str, message: str) -> ValidationProblem:
    return ValidationProblem(f"{field}: {message}", errors=[{"field": field, "message": message}])


def check_photo(data: bytes, max_bytes: int, field: str = "photo") -> CheckedPhoto:
    """Accept JPEG, PNG or WebP content within the size limit; raise a 422 naming the field otherwise."""
    if not data:
        raise _invalid(field, "the file is empty")
    if len(data) > max_bytes:
        raise _invalid(field, f"the file is {len(data):,} bytes; the limit is {max_bytes:,} bytes")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
    except (UnidentifiedImageError, OSError, SyntaxError, Image.DecompressionBombError,
            Image.DecompressionBombWarning) as exc:
        raise _invalid(field, "not a readable image; send a JPEG, PNG or WebP photo") from exc
    if image.format not in FORMATS:
        raise _invalid(field, f"{image.format} images are not accepted; send a JPEG, PNG or WebP photo")
    if image.width * image.height > MAX_PIXELS:
        raise _invalid(field, "the image has too many pixels")
    return CheckedPhoto(data=data, image=image, pil_format=image.format)


def _clean_copy(image: Image.Image, max_side: int) -> Image.Image:
    # Rotate by the EXIF orientation first, because the copy loses the EXIF block that carried it.
    upright = ImageOps.exif_transpose(image)
    if upright.mode not in ("RGB", "RGBA", "L"):
        upright = upright.convert("RGBA" if "A" in upright.getbands() else "RGB")
    upright.thumbnail((max_side, max_side))
    # A new image carries pixels only: no EXIF, no GPS, no maker notes, no text chunks.
    fresh = Image.new(upright.mode, upright.size)
    fresh.paste(upright)
    return fresh


def store(media_dir: str, photo: CheckedPhoto) -> str:
    """Write the private original, the EXIF-free public copy and the thumbnail; returns the stem."""
    stem = secrets.token_hex(16)
    folder = Path(media_dir) / "feedback"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / f"{stem}.original.{photo.extension}").write_bytes(photo.data)
    public = _clean_copy(photo.image, PUBLIC_MAX_SIDE)
    thumb = _clean_copy(photo.image, THUMB_SIZE[0])
    save_format = photo.pil_format
    for variant, image in (("public", public), ("thumb", thumb)):
        if save_format == "JPEG" and image.mode != "RGB":
            image = image.convert("RGB")
        image.save(folder / f"{stem}.{variant}.{photo.extension}", format=save_format)
    return stem


def path_of(media_dir: str, stem: str, extension: str, variant: str) -> Path:
    """Where a variant of a stored photo lives."""
    return Path(media_dir) / "feedback" / f"{stem}.{variant}.{extension}"


def remove(media_dir: str, stem: str, extension: str) -> None:
    """Delete every stored variant of a photo (used when the transaction that made it fails)."""
    for variant in VARIANTS:
        path_of(media_dir, stem, extension, variant).unlink(missing_ok=True)
