import pytest

from content import media
from content.models import Instruction
from content.services import item_create
from content.tests.conftest import MP4_HEAD, PNG_HEAD, VTT_KK, WEBM_HEAD, upload
from core.errors import ValidationFailed

MKV_HEAD = WEBM_HEAD.replace(b"\x42\x82\x84webm", b"\x42\x82\x88matroska")
QUICKTIME_HEAD = b"\x00\x00\x00\x14ftypqt  \x00\x00\x02\x00qt  " + b"\x00" * 40
QUICKTIME_MP4_HEAD = (
    b"\x00\x00\x00\x18ftypqt  \x00\x00\x02\x00qt  mp42" + b"\x00" * 40
)


@pytest.mark.parametrize(
    ("name", "data", "mime"),
    [
        ("guide.mp4", MP4_HEAD, "video/mp4"),
        ("guide.m4v", MP4_HEAD, "video/mp4"),
        ("guide.mov.mp4", QUICKTIME_MP4_HEAD, "video/mp4"),
        ("guide.webm", WEBM_HEAD, "video/webm"),
    ],
)
def test_it_accepts_mp4_and_webm_videos_by_their_first_bytes(name, data, mime):
    assert media.video_check(upload(name, data)).mime == mime


@pytest.mark.parametrize(
    ("name", "data"),
    [
        ("guide.mp4", b"<html><script>alert(1)</script></html>" + b" " * 40),
        ("guide.mp4", QUICKTIME_HEAD),
        ("guide.webm", MKV_HEAD),
        ("guide.mp4", PNG_HEAD),
        ("guide.mp4", b""),
        ("guide.webm", b"\x1a\x45\xdf\xa3"),
    ],
)
def test_it_refuses_files_that_are_not_mp4_or_webm(name, data):
    with pytest.raises(ValidationFailed) as refused:
        media.video_check(upload(name, data, content_type="video/mp4"))

    assert refused.value.field == "video"
    assert str(refused.value.message) == "The file is not an MP4 or WebM video."


def test_it_refuses_a_video_whose_name_hides_its_kind():
    with pytest.raises(ValidationFailed) as refused:
        media.video_check(upload("guide.webm", MP4_HEAD))

    assert str(refused.value.message) == (
        "The file holds MP4; its name must end in .mp4 / .m4v."
    )


def test_it_refuses_a_video_over_the_default_limit_of_200_mib():
    huge = upload("guide.mp4", MP4_HEAD)
    huge.size = 200 * 1024 * 1024 + 1

    with pytest.raises(ValidationFailed) as refused:
        media.video_check(huge)

    assert refused.value.code == "file_too_large"
    assert str(refused.value.message) == "The file is larger than 200.0\xa0MB."


def test_it_accepts_a_video_of_exactly_the_limit():
    largest = upload("guide.mp4", MP4_HEAD)
    largest.size = 200 * 1024 * 1024

    assert media.video_check(largest) is media.MP4


def test_the_video_limit_follows_its_setting(settings):
    settings.CONTENT_VIDEO_MAX_BYTES = 64

    with pytest.raises(ValidationFailed) as refused:
        media.video_check(upload("guide.mp4", MP4_HEAD + b"\x00"))

    assert str(refused.value.message) == "The file is larger than 64\xa0bytes."
    assert media.video_check(upload("guide.mp4", MP4_HEAD)) is media.MP4


@pytest.mark.parametrize(
    "data",
    [
        VTT_KK,
        b"\xef\xbb\xbfWEBVTT\n\n00:00.000 --> 00:01.000\nHi\n",
        b"WEBVTT - captions of the guide\n",
        b"WEBVTT",
    ],
)
def test_it_accepts_webvtt_captions(data):
    checked = media.captions_check(upload("kk.vtt", data), field="captions_kk")

    assert checked is media.VTT


@pytest.mark.parametrize(
    "data",
    [
        b"1\n00:00:00,000 --> 00:00:01,000\nHi\n",  # SubRip, not WebVTT
        b"WEBVTTX\n",
        b" WEBVTT\n",
        b"WEBVTT\n\xff\xfe broken",
    ],
)
def test_it_refuses_captions_that_are_not_webvtt(data):
    with pytest.raises(ValidationFailed) as refused:
        media.captions_check(upload("kk.vtt", data), field="captions_kk")

    assert refused.value.field == "captions_kk"
    assert str(refused.value.message) == (
        'The captions must be a WebVTT file that starts with "WEBVTT".'
    )


def test_it_refuses_a_poster_that_is_no_image():
    with pytest.raises(ValidationFailed) as refused:
        media.image_check(
            upload("poster.png", b"<svg onload=alert(1)>"), field="poster"
        )

    assert (refused.value.field, str(refused.value.message)) == (
        "poster", "The file is not a PNG, JPEG or WebP image."
    )


@pytest.mark.django_db
def test_an_instruction_refuses_a_bad_video_and_stores_nothing(administrator):
    with pytest.raises(ValidationFailed) as refused:
        item_create(model=Instruction, by=administrator, changes={
            "audience": "employer", "title_en": "Guide",
            "video": upload("guide.mp4", b"MZ\x90\x00 executable" + b"\x00" * 40),
        })

    assert refused.value.field == "video"
    assert not Instruction.objects.exists()


@pytest.mark.django_db
def test_an_instruction_stores_checked_media(administrator, media_root):
    instruction = item_create(model=Instruction, by=administrator, changes={
        "audience": "employer", "title_kk": "Нұсқаулық",
        "video": upload("guide.webm", WEBM_HEAD),
        "poster": upload("poster.png", PNG_HEAD),
        "captions_kk": upload("kk.vtt", VTT_KK),
    })

    stored = Instruction.objects.get(pk=instruction.pk)
    assert stored.video.read() == WEBM_HEAD
    assert stored.captions_kk.name.startswith("content/captions/kk")
    assert (media_root / stored.poster.name).read_bytes() == PNG_HEAD
