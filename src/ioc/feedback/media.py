"""Photos: count and size checked before reading, type and pixel count from the header before decoding, EXIF
stripped from the public copy, thumbnails; one photo decoded at a time."""

from __future__ import annotations

import io
import os
import secrets
import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageOps, UnidentifiedImageError

from ioc.kit.errors import ValidationProblem, invalid_field
from ioc.kit.i18n import Text

FORMATS = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "WEBP": ("image/webp", "webp")}
THUMB_SIZE = (360, 360)
PUBLIC_MAX_SIDE = 1600
# A 24-megapixel photo (6000 × 4000) decodes to about 72 MB of RGB; phones save 12 MP by default. A tiny file may
# claim far more (a one-colour 6000 × 6000 PNG is a few hundred kilobytes and 108 MB decoded), so the count is
# read from the header and checked before any pixel is decoded.
MAX_PIXELS = 24_000_000
# Pillow's own guard in Image.open (header only): a warning above this, an error above twice this. Feedback is the
# only user of Pillow in IOC; both are refused as a 422 below.
Image.MAX_IMAGE_PIXELS = MAX_PIXELS
VARIANTS = ("original", "public", "thumb")
UNREADABLE = Text("không đọc được ảnh; hãy gửi ảnh JPEG, PNG hoặc WebP")


@dataclass(frozen=True)
class Upload:
    """A photo as it arrived, not read yet: its size and how to read it."""

    size: int
    read: Callable[[], bytes]

    @classmethod
    def of_bytes(cls, data: bytes) -> Upload:
        """An upload already in memory (tests, the demo)."""
        return cls(size=len(data), read=lambda: data)

    @classmethod
    def of_file(cls, file: BinaryIO) -> Upload:
        """An uploaded file (a multipart part spooled by the server), measured without reading it."""
        file.seek(0, os.SEEK_END)
        size = file.tell()

        def read() -> bytes:
            file.seek(0)
            return file.read()

        return cls(size=size, read=read)


@dataclass(frozen=True)
class CheckedPhoto:
    """An upload whose header passed the checks, ready to store (its pixels are decoded only by `store`)."""

    data: bytes
    pil_format: str
    width: int
    height: int

    @property
    def content_type(self) -> str:
        """MIME type from the content, not from what the client claimed."""
        return FORMATS[self.pil_format][0]

    @property
    def extension(self) -> str:
        """File extension for the stored copies."""
        return FORMATS[self.pil_format][1]


TOO_BIG = "tệp nặng {size} byte; giới hạn là {most} byte"


def invalid(field: str, message: str) -> ValidationProblem:
    """A 422 naming the field."""
    return invalid_field(field, message)


def check_limits(uploads: Sequence[Upload], max_count: int, max_bytes: int, field: str = "photo") -> None:
    """The number of photos and each one's size, before anything is read."""
    if len(uploads) > max_count:
        raise invalid(field, Text("tối đa {most} ảnh; đã gửi {count}", most=max_count, count=len(uploads)))
    for upload in uploads:
        if upload.size == 0:
            raise invalid(field, Text("tệp rỗng"))
        if upload.size > max_bytes:
            raise invalid(field, Text(TOO_BIG, size=f"{upload.size:,}", most=f"{max_bytes:,}"))


def check_photo(data: bytes, max_bytes: int, field: str = "photo") -> CheckedPhoto:
    """Accept JPEG, PNG or WebP content within the limits, from its header alone; a 422 naming the field else."""
    check_limits([Upload.of_bytes(data)], 1, max_bytes, field)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as image:  # lazy: reads the header, decodes nothing
                pil_format, (width, height) = image.format, image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise invalid(field, Text("ảnh có quá nhiều điểm ảnh; tối đa {most}", most=f"{MAX_PIXELS:,}")) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise invalid(field, UNREADABLE) from exc
    if pil_format not in FORMATS:
        raise invalid(field, Text("không nhận ảnh {kind}; hãy gửi ảnh JPEG, PNG hoặc WebP", kind=pil_format))
    if width * height > MAX_PIXELS:
        raise invalid(field, Text("ảnh có quá nhiều điểm ảnh; tối đa {most}", most=f"{MAX_PIXELS:,}"))
    return CheckedPhoto(data=data, pil_format=pil_format, width=width, height=height)


def check_uploads(
    uploads: Sequence[Upload], max_count: int, max_bytes: int, field: str = "photo"
) -> list[CheckedPhoto]:
    """Count and sizes first, then each photo read and its header checked, one at a time."""
    check_limits(uploads, max_count, max_bytes, field)
    return [check_photo(upload.read(), max_bytes, field) for upload in uploads]


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


def _copies(photo: CheckedPhoto) -> tuple[Image.Image, Image.Image]:
    with Image.open(io.BytesIO(photo.data)) as image:
        image.draft(None, (PUBLIC_MAX_SIDE, PUBLIC_MAX_SIDE))  # JPEG: decode at the smallest scale still large enough
        public = _clean_copy(image, PUBLIC_MAX_SIDE)
    thumb = public.copy()
    thumb.thumbnail(THUMB_SIZE)
    return public, thumb


def store(media_dir: str, photo: CheckedPhoto, field: str = "photo") -> str:
    """Decode one photo, write its private original, EXIF-free public copy and thumbnail; returns the stem."""
    stem = secrets.token_hex(16)
    folder = Path(media_dir) / "feedback"
    folder.mkdir(parents=True, exist_ok=True)
    try:
        public, thumb = _copies(photo)
        (folder / f"{stem}.original.{photo.extension}").write_bytes(photo.data)
        for variant, image in (("public", public), ("thumb", thumb)):
            if photo.pil_format == "JPEG" and image.mode != "RGB":
                image = image.convert("RGB")
            image.save(folder / f"{stem}.{variant}.{photo.extension}", format=photo.pil_format)
    except (OSError, SyntaxError, ValueError) as exc:  # a truncated or corrupt file shows only when decoded
        remove(media_dir, stem, photo.extension)
        if isinstance(exc, OSError) and exc.errno is not None:
            raise  # the disk, not the photo
        raise invalid(field, UNREADABLE) from exc
    except BaseException:
        remove(media_dir, stem, photo.extension)
        raise
    return stem


def path_of(media_dir: str, stem: str, extension: str, variant: str) -> Path:
    """Where a variant of a stored photo lives."""
    return Path(media_dir) / "feedback" / f"{stem}.{variant}.{extension}"


def remove(media_dir: str, stem: str, extension: str) -> None:
    """Delete every stored variant of a photo (used when the transaction that made it fails)."""
    for variant in VARIANTS:
        path_of(media_dir, stem, extension, variant).unlink(missing_ok=True)
