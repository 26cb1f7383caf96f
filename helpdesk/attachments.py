"""What a requester's file really is, and where and under which name it lives.

The kind of a file is told from its content, never from its name or the type
the browser declared: an HTML page renamed report.pdf is still HTML. Office
files are ZIP archives; only their directory and one small member
([Content_Types].xml or mimetype) are read, so a small file that would
expand to gigabytes is refused without being expanded.
"""

import hashlib
import os
import re
import unicodedata
import uuid
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from typing import IO
from urllib.parse import quote

import filetype
from django.core.files.storage import FileSystemStorage, Storage
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext

from core.errors import FieldErrors, ValidationFailed
from helpdesk import conf

CHUNK = 64 * 1024
NAME_MAX_LENGTH = 200
# [Content_Types].xml of a real document is a few kilobytes.
MANIFEST_MAX_SIZE = 256 * 1024
MIMETYPE_MAX_SIZE = 200
TEXT_SNIFF_BYTES = 4096
# Markup that a browser or a viewer would render as a page or an image.
_MARKUP = re.compile(
    rb"<\s*(?:!doctype|\?xml|html|head|body|script|iframe|svg|object|embed"
    rb"|meta|style|img|a\s|div|form|!--)",
    re.IGNORECASE,
)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_UNSAFE_IN_NAME = re.compile(r'[<>:"/\\|?*]')


@dataclass(frozen=True)
class FileKind:
    code: str
    content_type: str
    extensions: tuple[str, ...]


PDF = FileKind("pdf", "application/pdf", ("pdf",))
PNG = FileKind("png", "image/png", ("png",))
JPEG = FileKind("jpeg", "image/jpeg", ("jpg", "jpeg"))
DOCX = FileKind(
    "docx",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ("docx",),
)
XLSX = FileKind(
    "xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ("xlsx",),
)
ODT = FileKind("odt", "application/vnd.oasis.opendocument.text", ("odt",))
TXT = FileKind("txt", "text/plain; charset=utf-8", ("txt",))
KINDS = {kind.code: kind for kind in (PDF, PNG, JPEG, DOCX, XLSX, ODT, TXT)}

_BY_MAGIC = {"application/pdf": PDF, "image/png": PNG, "image/jpeg": JPEG}
# The part each Office Open XML document declares for its main body. The
# macro-enabled variants (.docm, .xlsm) declare other types and are refused.
_OOXML_MAIN = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml."
    "document.main+xml": DOCX,
    "application/vnd.openxmlformats-officedocument.spreadsheetml."
    "sheet.main+xml": XLSX,
}
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    kind: FileKind
    display_name: str
    size: int
    sha256: str


def files_check(uploads: Sequence[UploadedFile]) -> list[CheckedFile]:
    """Check count, sizes and kinds of UPLOADS; refuse every bad one at once."""
    errors = FieldErrors()
    if len(uploads) > conf.max_files():
        errors.add(ValidationFailed(
            gettext("Attach at most %(count)s files.") % {"count": conf.max_files()},
            code="too_many_files", field="attachments",
            params={"files": len(uploads)},
        ))
    total = sum(upload.size or 0 for upload in uploads)
    if total > conf.max_request_size():
        errors.add(ValidationFailed(
            gettext("The files together are larger than %(limit)s.")
            % {"limit": filesizeformat(conf.max_request_size())},
            code="files_too_large", field="attachments",
            params={"files": len(uploads), "size": total},
        ))
    checked = []
    for upload in uploads:
        with errors.check():
            checked.append(file_check(upload))
    errors.raise_if_any()
    return checked


def file_check(upload: UploadedFile) -> CheckedFile:
    """Check the size and the kind of one UPLOAD; refuse it if it is bad."""
    name = display_name(upload.name or "")
    size = upload.size or 0
    if size > conf.max_file_size():
        raise ValidationFailed(
            gettext("“%(name)s” is larger than %(limit)s.")
            % {"name": name, "limit": filesizeformat(conf.max_file_size())},
            code="file_too_large", field="attachments",
            params=_refused(upload, size),
        )
    if size == 0:
        raise ValidationFailed(
            gettext("“%(name)s” is empty.") % {"name": name},
            code="file_empty", field="attachments", params=_refused(upload, size),
        )

    kind = detect_kind(upload)
    if kind is None:
        raise ValidationFailed(
            gettext(
                "“%(name)s” is not a file of an allowed kind. Attach PDF, PNG, "
                "JPEG, DOCX, XLSX, ODT or plain text (TXT) files."
            ) % {"name": name},
            code="file_kind", field="attachments", params=_refused(upload, size),
        )
    return CheckedFile(
        upload=upload, kind=kind, display_name=name, size=size,
        sha256=_sha256(upload),
    )


def _refused(upload: IO[bytes], size: int) -> dict[str, object]:
    # What the security journal may say about a refused file: its size and
    # what its first bytes look like, never its name or content.
    return {"size": size, "detected": sniffed_type(upload)}


def sniffed_type(upload: IO[bytes]) -> str:
    """Name what UPLOAD's first bytes look like ("text/html", "unknown")."""
    upload.seek(0)
    head = upload.read(TEXT_SNIFF_BYTES)
    upload.seek(0)
    if not head:
        return "empty"
    guess = filetype.guess(head)
    if guess is not None:
        return str(guess.mime)
    if _MARKUP.search(head[:TEXT_SNIFF_BYTES]) is not None:
        return "markup"
    return "unknown"


def detect_kind(upload: IO[bytes]) -> FileKind | None:
    """Return the allowed kind that UPLOAD's content is, or None."""
    upload.seek(0)
    head = upload.read(TEXT_SNIFF_BYTES)
    upload.seek(0)

    guess = filetype.guess(head)
    if guess is not None and guess.mime in _BY_MAGIC:
        return _BY_MAGIC[guess.mime]
    if head.startswith(b"PK\x03\x04"):
        return _office_kind(upload)
    # Not by filetype's guess: a text that starts with "BM" is no bitmap.
    if _is_plain_text(upload):
        return TXT
    return None


def _office_kind(upload: IO[bytes]) -> FileKind | None:
    """Tell DOCX, XLSX and ODT apart by their manifest, never expanding more."""
    try:
        with zipfile.ZipFile(upload) as archive:
            members = archive.infolist()
            if not _archive_is_sane(members, upload):
                return None
            names = {member.filename: member for member in members}
            manifest = names.get("[Content_Types].xml")
            if manifest is not None:
                return _ooxml_kind(archive, manifest)
            mimetype = names.get("mimetype")
            if mimetype is not None and mimetype.file_size <= MIMETYPE_MAX_SIZE:
                content = _read_member(archive, mimetype, MIMETYPE_MAX_SIZE)
                return ODT if content.strip() == _ODT_MIMETYPE else None
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError,
            ValueError, NotImplementedError, RuntimeError):
        # RuntimeError: an encrypted member; NotImplementedError: an unknown
        # compression. Neither is a document the desk can open.
        return None
    finally:
        upload.seek(0)
    return None


def _archive_is_sane(members: list[zipfile.ZipInfo], upload: IO[bytes]) -> bool:
    # Sizes come from the central directory; a member that lies about its
    # size is only ever read through _read_member, which stops at a limit.
    if len(members) > conf.zip_max_entries():
        return False
    expanded = sum(member.file_size for member in members)
    upload.seek(0, os.SEEK_END)
    packed = max(upload.tell(), 1)
    return (
        expanded <= conf.zip_max_uncompressed()
        and expanded / packed <= conf.zip_max_ratio()
    )


def _ooxml_kind(archive: zipfile.ZipFile, manifest: zipfile.ZipInfo) -> FileKind | None:
    if manifest.file_size > MANIFEST_MAX_SIZE:
        return None
    content = _read_member(archive, manifest, MANIFEST_MAX_SIZE)
    found = {
        kind for content_type, kind in _OOXML_MAIN.items()
        if f'ContentType="{content_type}"'.encode() in content
    }
    return found.pop() if len(found) == 1 else None


def _read_member(
    archive: zipfile.ZipFile, member: zipfile.ZipInfo, limit: int
) -> bytes:
    with archive.open(member) as stream:
        content = stream.read(limit + 1)
    if len(content) > limit:
        raise ValueError(f"{member.filename} is larger than it says")
    return content


def _is_plain_text(upload: IO[bytes]) -> bool:
    """UTF-8 without NUL bytes that no browser would take for markup."""
    # The size limit was checked before: the whole file fits in memory.
    upload.seek(0)
    raw = upload.read()
    upload.seek(0)
    if b"\x00" in raw:
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False

    head = raw[:TEXT_SNIFF_BYTES].removeprefix(b"\xef\xbb\xbf").lstrip()
    return not head.startswith(b"<") and _MARKUP.search(head) is None


def _sha256(upload: IO[bytes]) -> str:
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in iter(lambda: upload.read(CHUNK), b""):
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


def display_name(raw: str) -> str:
    """Return a file name that is safe to show and to offer for download.

    Only the last part of a path survives ("..\\..\\evil.pdf" gives
    "evil.pdf"); control characters and characters that no file system
    accepts become "_"; a name left empty becomes "file".
    """
    name = unicodedata.normalize("NFC", raw)
    name = re.split(r"[\\/]", name)[-1]
    name = _CONTROL.sub("", name)
    name = _UNSAFE_IN_NAME.sub("_", name).strip().strip(".")
    if not name:
        return "file"
    if len(name) <= NAME_MAX_LENGTH:
        return name
    stem, dot, extension = name.rpartition(".")
    if dot and 0 < len(extension) <= 10:
        return stem[: NAME_MAX_LENGTH - len(extension) - 1] + "." + extension
    return name[:NAME_MAX_LENGTH]


def download_name(original: str, kind: FileKind) -> str:
    """Give ORIGINAL the extension of the kind it really is, if it lacks one."""
    extension = original.rpartition(".")[2].lower() if "." in original else ""
    if extension in kind.extensions:
        return original
    return f"{original}.{kind.extensions[0]}"


def content_disposition(name: str, *, fallback_stem: str) -> str:
    """Build an attachment header with an ASCII name and RFC 6266 filename*.

    Browsers that read filename* show the Kazakh or Russian name; the rest
    get the name with accents dropped ("Résumé" gives "Resume"), or
    FALLBACK_STEM when a letter has no ASCII form (Cyrillic has none).
    """
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    ascii_stem = _ascii(stem)
    ascii_extension = _ascii(extension)
    if _loses_letters(stem) or not re.search(r"[A-Za-z0-9]", ascii_stem):
        ascii_stem = fallback_stem
    fallback = f"{ascii_stem}.{ascii_extension}" if ascii_extension else ascii_stem
    encoded = quote(name, safe="")
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{encoded}"


def _loses_letters(text: str) -> bool:
    """Tell whether a letter of TEXT has no ASCII form ("ә" has none)."""
    return any(
        char.isalnum() and not _ascii(char) for char in text
    )


def _ascii(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    plain = decomposed.encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^A-Za-z0-9._ -]+", "_", plain).strip(" ._")


def attachment_storage() -> Storage:
    """The folder of attachments: outside every folder that is served."""
    return FileSystemStorage(
        location=conf.attachments_root(),
        file_permissions_mode=0o640,
        directory_permissions_mode=0o750,
    )


def file_store(checked: CheckedFile, *, storage: Storage, prefix: str) -> str:
    """Write the file under a new random name and force it to disk."""
    checked.upload.seek(0)
    name = storage.save(f"{prefix}/{uuid.uuid4().hex}", checked.upload)
    _fsync(storage, name)
    return name


def files_discard(names: Sequence[str], *, storage: Storage) -> None:
    """Remove files written for a request whose transaction failed."""
    for name in names:
        storage.delete(name)


def _fsync(storage: Storage, name: str) -> None:
    # The confirmation promises that the file is kept; a crash right after
    # it must not lose what the page said was received.
    try:
        path = storage.path(name)
    except NotImplementedError:
        return
    descriptor = os.open(path, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
