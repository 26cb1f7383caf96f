"""Checks of uploaded files by what they contain, not by what they are called.

A browser plays an MP4 or WebM video, shows a PNG, JPEG or WebP image and
reads WebVTT captions; anything else under those names would either not play
or, served from the portal's own address, be trusted by the browser. The
first bytes of each file decide, and the name must agree with them.
"""

from dataclasses import dataclass
from pathlib import PurePath
from typing import Any, Protocol

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

from core.errors import ValidationFailed

MIB = 1024 * 1024
DEFAULT_LIMITS = {
    "CONTENT_VIDEO_MAX_BYTES": 200 * MIB,
    "CONTENT_IMAGE_MAX_BYTES": 10 * MIB,
    "CONTENT_CAPTIONS_MAX_BYTES": 1 * MIB,
    "CONTENT_FILE_MAX_BYTES": 50 * MIB,
}
# Brands of the ISO base media file format that browsers play as MP4.
MP4_BRANDS = frozenset(
    {
        b"isom", b"iso2", b"iso4", b"iso5", b"iso6", b"mp41", b"mp42", b"avc1",
        b"M4V ", b"M4VP", b"dash", b"mmp4", b"MSNV",
    }
)
EBML_MAGIC = b"\x1a\x45\xdf\xa3"
EBML_DOCTYPE = b"\x42\x82"
HEAD_BYTES = 64
# Documents that an information item may carry; all are offered for download.
DOCUMENT_EXTENSIONS = frozenset(
    {
        ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".odt", ".ods", ".csv",
        ".txt", ".zip", ".png", ".jpg", ".jpeg",
    }
)


class Upload(Protocol):
    name: str | None
    size: int | None
    closed: bool

    def open(self, mode: str = ...) -> Any: ...  # pragma: no cover

    def seek(self, offset: int) -> Any: ...  # pragma: no cover

    def read(self, size: int = ...) -> bytes: ...  # pragma: no cover


@dataclass(frozen=True)
class MediaType:
    kind: str
    mime: str
    extensions: tuple[str, ...]


MP4 = MediaType("mp4", "video/mp4", (".mp4", ".m4v"))
WEBM = MediaType("webm", "video/webm", (".webm",))
PNG = MediaType("png", "image/png", (".png",))
JPEG = MediaType("jpeg", "image/jpeg", (".jpg", ".jpeg"))
WEBP = MediaType("webp", "image/webp", (".webp",))
VTT = MediaType("vtt", "text/vtt; charset=utf-8", (".vtt",))
MIME_BY_EXTENSION = {
    ext: media.mime
    for media in (MP4, WEBM, PNG, JPEG, WEBP, VTT)
    for ext in media.extensions
}


def video_mime(name: str) -> str:
    """Return the type of a stored video, known from the checked file name."""
    extension = PurePath(name).suffix.lower()
    return MP4.mime if extension in MP4.extensions else WEBM.mime


def size_limit(name: str) -> int:
    """Return the limit in bytes set by the setting NAME, or its default."""
    return int(getattr(settings, name, DEFAULT_LIMITS[name]))


def video_check(upload: Upload, *, field: str = "video") -> MediaType:
    """Refuse a file over the size limit or not an MP4 or WebM video."""
    _check_size(upload, "CONTENT_VIDEO_MAX_BYTES", field=field)
    head = _head(upload)
    media = MP4 if _is_mp4(head) else WEBM if _is_webm(head) else None
    if media is None:
        raise ValidationFailed(
            gettext("The file is not an MP4 or WebM video."),
            code="video_type", field=field,
        )
    _check_name(upload, media, field=field)
    return media


def image_check(upload: Upload, *, field: str) -> MediaType:
    """Refuse a file over the size limit or not a PNG, JPEG or WebP image."""
    _check_size(upload, "CONTENT_IMAGE_MAX_BYTES", field=field)
    head = _head(upload)
    media = _image_type(head)
    if media is None:
        raise ValidationFailed(
            gettext("The file is not a PNG, JPEG or WebP image."),
            code="image_type", field=field,
        )
    _check_name(upload, media, field=field)
    return media


def captions_check(upload: Upload, *, field: str) -> MediaType:
    """Refuse a file that is not WebVTT text: it must begin with "WEBVTT"."""
    _check_size(upload, "CONTENT_CAPTIONS_MAX_BYTES", field=field)
    data = _read(upload)
    if not _is_webvtt(data):
        raise ValidationFailed(
            gettext('The captions must be a WebVTT file that starts with "WEBVTT".'),
            code="captions_type", field=field,
        )
    _check_name(upload, VTT, field=field)
    return VTT


def document_check(upload: Upload, *, field: str) -> None:
    """Refuse a file over the size limit or of a kind not offered for download."""
    _check_size(upload, "CONTENT_FILE_MAX_BYTES", field=field)
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in DOCUMENT_EXTENSIONS:
        raise ValidationFailed(
            gettext("Attach a document: %(kinds)s.")
            % {"kinds": ", ".join(sorted(ext[1:] for ext in DOCUMENT_EXTENSIONS))},
            code="file_type", field=field,
        )
    if extension == ".pdf" and not _head(upload).startswith(b"%PDF-"):
        raise ValidationFailed(
            gettext("The file is named .pdf but is not a PDF document."),
            code="file_type", field=field,
        )


def _check_size(upload: Upload, setting: str, *, field: str) -> None:
    limit = size_limit(setting)
    if (upload.size or 0) > limit:
        raise ValidationFailed(
            gettext("The file is larger than %(limit)s.")
            % {"limit": filesizeformat(limit)},
            code="file_too_large", field=field,
        )


def _head(upload: Upload) -> bytes:
    return _read(upload, HEAD_BYTES)


def _read(upload: Upload, size: int = -1) -> bytes:
    # The upload stays open: the storage reads it again when the item is saved.
    if upload.closed:
        upload.open("rb")
    upload.seek(0)
    data = upload.read(size)
    upload.seek(0)
    return data


def _check_name(upload: Upload, media: MediaType, *, field: str) -> None:
    extension = PurePath(upload.name or "").suffix.lower()
    if extension not in media.extensions:
        raise ValidationFailed(
            gettext("The file holds %(kind)s; its name must end in %(ending)s.")
            % {"kind": media.kind.upper(), "ending": " / ".join(media.extensions)},
            code="file_name", field=field,
        )


def _is_mp4(head: bytes) -> bool:
    # An ISO media file opens with an "ftyp" box: size, "ftyp", major brand,
    # minor version, compatible brands. QuickTime and 3GP files share the box
    # and are accepted when they declare an MP4 brand among the compatible ones.
    if len(head) < 16 or head[4:8] != b"ftyp":
        return False
    box_size = int.from_bytes(head[0:4], "big")
    end = min(max(box_size, 16), len(head))
    brands = [head[8:12]] + [head[i : i + 4] for i in range(16, end - 3, 4)]
    return any(brand in MP4_BRANDS for brand in brands)


def _is_webm(head: bytes) -> bool:
    # WebM is Matroska with the EBML DocType "webm"; a plain Matroska (.mkv)
    # file is not played by every browser.
    if not head.startswith(EBML_MAGIC):
        return False
    at = head.find(EBML_DOCTYPE)
    if at < 0 or at + 3 > len(head):
        return False
    size_byte = head[at + 2]
    if not size_byte & 0x80:  # only one-byte sizes are used for a DocType
        return False
    length = size_byte & 0x7F
    return head[at + 3 : at + 3 + length] == b"webm"


def _image_type(head: bytes) -> MediaType | None:
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return WEBP
    return None


def _is_webvtt(data: bytes) -> bool:
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if not data.startswith(b"WEBVTT"):
        return False
    rest = data[6:7]
    if rest not in (b"", b" ", b"\t", b"\n", b"\r"):
        return False
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
