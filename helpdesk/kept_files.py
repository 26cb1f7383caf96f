"""Files of a feedback form kept across an error, so nobody chooses them again.

A browser cannot refill a file input, so a form sent back with an error would
lose the files chosen. The files that passed their checks are written to the
attachments' storage under kept/ with a random name; the page carries a
signed token for each (its stored name, the name to show and the form's
submission key), never a path the visitor could choose. On the next sending
a kept file is opened again and goes through the same checks as a fresh
upload. Files nobody sent on are removed by kept_files_purge.
"""

import datetime as dt
import hashlib
import logging
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from django.core import signing
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django.utils.translation import gettext

from core.errors import ValidationFailed
from helpdesk.attachments import attachment_storage, file_check

logger = logging.getLogger(__name__)

FOLDER = "kept"
SALT = "helpdesk.kept-file"
# Long enough to finish the form after a break; the purge waits a little
# longer, so that no file goes while its token is still honoured.
MAX_AGE = dt.timedelta(hours=24)
PURGE_AFTER = MAX_AGE + dt.timedelta(hours=1)


@dataclass(frozen=True)
class KeptFile:
    token: str
    name: str


class KeptUpload(UploadedFile):
    """A kept file opened again, to be judged and stored as a fresh upload."""

    def __init__(self, *, kept: KeptFile, stored_name: str) -> None:
        storage = attachment_storage()
        super().__init__(
            file=storage.open(stored_name), name=kept.name,
            size=storage.size(stored_name),
        )
        self.kept = kept
        self.stored_name = stored_name


def kept_files_hold(
    uploads: Sequence[UploadedFile], *, submission_key: str
) -> list[KeptFile]:
    """Keep each upload that passes its own checks; return all kept files.

    Files kept before are returned as they are; refused files are left out,
    their refusal was shown already.
    """
    storage = attachment_storage()
    kept: list[KeptFile] = []
    for upload in uploads:
        if isinstance(upload, KeptUpload):
            kept.append(upload.kept)
            continue
        try:
            checked = file_check(upload)
        except ValidationFailed:
            continue
        upload.seek(0)
        stored = storage.save(f"{FOLDER}/{uuid.uuid4().hex}", upload)
        token = signing.dumps(
            {"file": stored, "name": checked.display_name, "key": submission_key},
            salt=SALT,
        )
        kept.append(KeptFile(token=token, name=checked.display_name))
    return kept


def kept_files_open(
    tokens: Sequence[str], *, submission_key: str
) -> tuple[list[KeptUpload], list[ValidationFailed]]:
    """Open the kept files of TOKENS; return them and a refusal of each gone.

    A token of another form, a forged one or one older than MAX_AGE is
    refused like a file whose stored copy was removed.
    """
    gone: list[ValidationFailed] = []
    opened: list[KeptUpload] = []
    storage = attachment_storage()
    for token in tokens:
        payload = _payload(token, submission_key=submission_key)
        if payload is None or not storage.exists(payload["file"]):
            gone.append(_gone(payload["name"] if payload else None))
            continue
        kept = KeptFile(token=token, name=payload["name"])
        opened.append(KeptUpload(kept=kept, stored_name=payload["file"]))
    return opened, gone


def kept_files_merge(
    uploads: Sequence[UploadedFile], kept: Sequence[KeptUpload]
) -> list[UploadedFile]:
    """The files of a sending: UPLOADS, then KEPT, each content only once.

    After an error the page lists the files it kept; a person who does not
    notice chooses the same file again. An upload with the bytes of a kept
    file is that file a second time, so it is left out and the kept copy
    stands (it is already listed under its name).
    """
    kept_digests = {_digest(upload) for upload in kept}
    fresh = [upload for upload in uploads if _digest(upload) not in kept_digests]
    if len(fresh) < len(uploads):
        logger.info("left out %s uploads identical to kept feedback files",
                    len(uploads) - len(fresh))
    return [*fresh, *kept]


def kept_files_discard(uploads: Sequence[UploadedFile]) -> None:
    """Remove the stored copies of the kept files among UPLOADS."""
    storage = attachment_storage()
    for upload in uploads:
        if isinstance(upload, KeptUpload):
            upload.close()
            storage.delete(upload.stored_name)


def kept_files_purge(*, now: dt.datetime | None = None) -> int:
    """Remove kept files older than PURGE_AFTER; return how many went."""
    storage = attachment_storage()
    if not storage.exists(FOLDER):
        return 0
    limit = (now or timezone.now()) - PURGE_AFTER
    removed = 0
    for name in storage.listdir(FOLDER)[1]:
        path = f"{FOLDER}/{name}"
        if storage.get_modified_time(path) < limit:
            storage.delete(path)
            removed += 1
    if removed:
        logger.info("removed %s kept feedback files nobody sent", removed)
    return removed


def _payload(token: str, *, submission_key: str) -> dict[str, str] | None:
    try:
        payload = signing.loads(
            token, salt=SALT, max_age=MAX_AGE.total_seconds()
        )
    except signing.BadSignature:
        return None
    if not isinstance(payload, dict) or payload.get("key") != submission_key:
        return None
    if not str(payload.get("file", "")).startswith(f"{FOLDER}/"):
        return None
    return payload


def _digest(upload: UploadedFile) -> tuple[int, str]:
    """Size and SHA-256 of UPLOAD's bytes, read from the start and rewound."""
    digest = hashlib.sha256()
    upload.seek(0)
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return upload.size or 0, digest.hexdigest()


def _gone(name: str | None) -> ValidationFailed:
    if name is None:
        message = gettext(
            "A file kept from your earlier sending is no longer available: "
            "choose it again."
        )
    else:
        message = gettext(
            "“%(name)s” is no longer available: choose the file again."
        ) % {"name": name}
    return ValidationFailed(message, code="kept_file_gone", field="attachments")
