import hashlib
from pathlib import Path

import pytest

from core.errors import ValidationFailed
from helpdesk.attachments import (
    KINDS,
    content_disposition,
    detect_kind,
    display_name,
    download_name,
    files_check,
)
from helpdesk.models import Attachment
from helpdesk.tests import files
from helpdesk.tests.files import upload

VALID = [
    ("Өтініш.pdf", files.pdf, "pdf", "application/pdf"),
    ("скрин.png", files.png, "png", "image/png"),
    ("фото.jpg", files.jpeg, "jpeg", "image/jpeg"),
    ("хат.docx", files.docx, "docx",
     "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ("кесте.xlsx", files.xlsx, "xlsx",
     "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("мәтін.odt", files.odt, "odt", "application/vnd.oasis.opendocument.text"),
    ("жазба.txt", files.txt, "txt", "text/plain; charset=utf-8"),
]
KIND_ERROR = (
    "“%s” is not a file of an allowed kind. Attach PDF, PNG, JPEG, DOCX, XLSX, "
    "ODT or plain text (TXT) files."
)


@pytest.mark.parametrize(("name", "build", "kind", "content_type"), VALID)
def test_it_accepts_each_allowed_kind_by_its_content(name, build, kind, content_type):
    content = build()

    [checked] = files_check([upload(name, content, "application/octet-stream")])

    assert checked.kind.code == kind
    assert checked.kind.content_type == content_type
    assert checked.size == len(content)
    assert checked.sha256 == hashlib.sha256(content).hexdigest()


@pytest.mark.parametrize(("name", "build", "kind", "content_type"), VALID)
def test_it_tells_the_kind_whatever_the_file_is_called(name, build, kind, content_type):
    renamed = upload("file.bin", build(), "text/html")

    assert detect_kind(renamed).code == kind


@pytest.mark.parametrize(("name", "content", "declared"), [
    ("report.pdf", files.html(), "application/pdf"),
    ("logo.png", files.svg(), "image/png"),
    ("note.txt", files.html(), "text/plain"),
    ("image.txt", files.svg(), "text/plain"),
    ("binary.txt", b"text\x00with a NUL byte", "text/plain"),
    ("latin1.txt", "Қазақ".encode("utf-16"), "text/plain"),
    ("macro.docx", files.docx(files.DOCM_MAIN), "application/vnd.openxmlformats"),
    ("archive.docx", b"PK\x03\x04 not really a zip", "application/zip"),
])
def test_it_refuses_content_that_is_not_an_allowed_kind(name, content, declared):
    with pytest.raises(ValidationFailed) as refused:
        files_check([upload(name, content, declared)])

    assert refused.value.message == KIND_ERROR % name
    assert refused.value.field == "attachments"


def test_it_refuses_a_zip_bomb_without_expanding_it():
    bomb = files.docx_bomb()  # about 1 MB that expands to 1 GiB

    with pytest.raises(ValidationFailed) as refused:
        files_check([upload("bomb.docx", bomb)])

    assert len(bomb) < 1_100_000
    assert refused.value.code == "file_kind"


def test_it_refuses_an_office_file_that_expands_too_far_for_its_size(settings):
    settings.HELPDESK_ZIP_MAX_UNCOMPRESSED = 1024 ** 4  # only the ratio decides
    small_bomb = files.docx_bomb(expanded_mib=300)

    with pytest.raises(ValidationFailed) as refused:
        files_check([upload("small-bomb.docx", small_bomb)])

    assert refused.value.code == "file_kind"


def test_it_accepts_a_file_of_exactly_the_size_limit(settings):
    content = files.pdf()
    settings.HELPDESK_MAX_FILE_SIZE = len(content)

    [checked] = files_check([upload("exact.pdf", content)])

    assert checked.size == settings.HELPDESK_MAX_FILE_SIZE


def test_it_refuses_a_file_one_byte_over_the_limit(settings):
    content = files.pdf()
    settings.HELPDESK_MAX_FILE_SIZE = len(content) - 1

    with pytest.raises(ValidationFailed) as refused:
        files_check([upload("big.pdf", content)])

    assert refused.value.message == "“big.pdf” is larger than %s\xa0bytes." % (
        len(content) - 1
    )
    assert refused.value.code == "file_too_large"


def test_it_accepts_files_that_together_make_exactly_the_request_limit(settings):
    pdf, png = files.pdf(), files.png()
    settings.HELPDESK_MAX_REQUEST_SIZE = len(pdf) + len(png)

    checked = files_check([upload("a.pdf", pdf), upload("b.png", png)])

    assert [item.kind.code for item in checked] == ["pdf", "png"]


def test_it_refuses_files_one_byte_over_the_request_limit(settings):
    pdf, png = files.pdf(), files.png()
    settings.HELPDESK_MAX_REQUEST_SIZE = len(pdf) + len(png) - 1

    with pytest.raises(ValidationFailed) as refused:
        files_check([upload("a.pdf", pdf), upload("b.png", png)])

    limit = len(pdf) + len(png) - 1
    assert refused.value.message == (
        "The files together are larger than %s\xa0bytes." % limit
    )


def test_it_refuses_more_files_than_allowed(settings):
    settings.HELPDESK_MAX_FILES = 2

    with pytest.raises(ValidationFailed) as refused:
        files_check([upload(f"{n}.txt", files.txt(), "text/plain") for n in range(3)])

    assert refused.value.message == "Attach at most 2 files."


def test_it_refuses_an_empty_file():
    with pytest.raises(ValidationFailed) as refused:
        files_check([upload("empty.txt", b"", "text/plain")])

    assert refused.value.message == "“empty.txt” is empty."


@pytest.mark.parametrize(("raw", "shown"), [
    ("..\\..\\evil.pdf", "evil.pdf"),
    ("../../etc/passwd.pdf", "passwd.pdf"),
    ("№№.pdf", "№№.pdf"),
    ("¡¡¡.¡¡¡", "¡¡¡.¡¡¡"),
    ("a\x00b\r\n.pdf", "ab.pdf"),
    ('what?"<>|*.pdf', "what______.pdf"),
    ("..", "file"),
    ("", "file"),
    ("ә" * 300 + ".pdf", "ә" * 196 + ".pdf"),
])
def test_it_makes_hostile_names_safe_to_show(raw, shown):
    assert display_name(raw) == shown


@pytest.mark.django_db
@pytest.mark.parametrize("hostile", ["..\\..\\evil.pdf", "№№.pdf", "¡¡¡.¡¡¡",
                                     "../../../outside.pdf"])
def test_it_stores_files_with_hostile_names_inside_the_attachments_folder(
    submit, media_root, hostile
):
    submission = submit(files=[upload(hostile, files.pdf())])

    attachment = Attachment.objects.get(request=submission.request)
    root = (Path(media_root) / "attachments").resolve()
    stored = (root / attachment.stored_name).resolve()
    assert stored.is_relative_to(root)
    assert stored.read_bytes() == files.pdf()
    assert hostile.rsplit("\\", 1)[-1].rsplit("/", 1)[-1] == attachment.original_name
    assert attachment.original_name not in attachment.stored_name


def test_it_builds_an_rfc6266_header_with_an_ascii_fallback():
    header = content_disposition("Өтініш №1.pdf", fallback_stem="request-2026-000001-7")

    assert header == (
        "attachment; filename=\"request-2026-000001-7.pdf\"; "
        "filename*=UTF-8''%D3%A8%D1%82%D1%96%D0%BD%D1%96%D1%88%20%E2%84%961.pdf"
    )


def test_it_keeps_latin_letters_in_the_ascii_fallback():
    header = content_disposition("Résumé (final).docx", fallback_stem="x")

    assert header.startswith('attachment; filename="Resume _final.docx"; ')


def test_it_gives_a_download_the_extension_of_its_real_kind():
    assert download_name("scan.PDF", KINDS["pdf"]) == "scan.PDF"
    assert download_name("photo.png", KINDS["jpeg"]) == "photo.png.jpg"
    assert download_name("¡¡¡.¡¡¡", KINDS["txt"]) == "¡¡¡.¡¡¡.txt"
