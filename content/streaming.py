"""Stored files sent to browsers, in byte ranges so that a video can be sought.

Browsers ask for a video in ranges ("Range: bytes=START-END") and only let a
reader jump ahead when the server answers them with 206 Partial Content.
"""

import mimetypes
import re
from collections.abc import Iterator
from pathlib import PurePath
from typing import IO

from django.db.models.fields.files import FieldFile
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header

from content.media import MIME_BY_EXTENSION

CHUNK = 64 * 1024
_RANGE = re.compile(r"^bytes=(\d*)-(\d*)$")


def file_response(
    request: HttpRequest, stored: FieldFile, *, attachment: bool = False
) -> HttpResponse | StreamingHttpResponse:
    """Send STORED whole or in the one byte range the request asks for."""
    size = stored.size
    byte_range = _requested_range(request.headers.get("Range", ""), size)
    if byte_range == "unsatisfiable":
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
        return response

    start, end = byte_range if byte_range else (0, size - 1)
    stream = stored.open("rb")
    response = StreamingHttpResponse(
        _chunks(stream, start, end), content_type=_content_type(stored.name)
    )
    if byte_range:
        response.status_code = 206
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    response["Content-Length"] = str(max(end - start + 1, 0))
    response["Accept-Ranges"] = "bytes"
    response["Cache-Control"] = "private, max-age=300"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    filename = PurePath(stored.name).name
    disposition = content_disposition_header(attachment, filename)
    if disposition:
        response["Content-Disposition"] = disposition
    return response


def _requested_range(header: str, size: int) -> tuple[int, int] | str | None:
    """Return (start, end) inclusive, None for the whole file, or "unsatisfiable".

    Several ranges in one request are answered with the whole file, which
    RFC 9110 allows.
    """
    match = _RANGE.match(header.strip())
    if match is None or size == 0:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:
        suffix = int(last)
        if suffix == 0:
            return "unsatisfiable"
        return max(size - suffix, 0), size - 1
    start = int(first)
    end = min(int(last), size - 1) if last else size - 1
    if start >= size or end < start:
        return "unsatisfiable"
    return start, end


def _chunks(stream: IO[bytes], start: int, end: int) -> Iterator[bytes]:
    try:
        stream.seek(start)
        remaining = end - start + 1
        while remaining > 0:
            chunk = stream.read(min(CHUNK, remaining))
            if not chunk:
                break
            remaining -= len(chunk)
            yield chunk
    finally:
        stream.close()


def _content_type(name: str) -> str:
    extension = PurePath(name).suffix.lower()
    if extension in MIME_BY_EXTENSION:
        return MIME_BY_EXTENSION[extension]
    guessed, _encoding = mimetypes.guess_type(name)
    return guessed or "application/octet-stream"
