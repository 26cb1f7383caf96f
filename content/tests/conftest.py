"""Fixtures of the information pages: stored files in a temporary folder,
a clock that tests set, and items made through the real services."""

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone, translation

from content.models import FaqTopic, InfoField, InfoType, NewsItem
from content.services import item_create, item_publish
from tests.clock import clock_install

# The smallest headers that the signature checks accept: an ISO "ftyp" box
# with the isom brand, and an EBML header whose DocType is "webm".
MP4_HEAD = (
    b"\x00\x00\x00\x18ftypisom\x00\x00\x02\x00isomiso2" + b"\x00" * 40
)
WEBM_HEAD = (
    b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\xf7\x81\x01\x42\xf2\x81\x04"
    b"\x42\xf3\x81\x08\x42\x82\x84webm\x42\x87\x81\x04\x42\x85\x81\x02"
    + b"\x00" * 30
)
PNG_HEAD = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24
VTT_KK = "WEBVTT\n\n00:00.000 --> 00:02.000\nСәлем, бұл нұсқаулық.\n".encode()
VTT_RU = "WEBVTT\n\n00:00.000 --> 00:02.000\nЗдравствуйте, это инструкция.\n".encode()


def upload(name: str, data: bytes, content_type: str = "") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


@pytest.fixture(autouse=True)
def english():
    # Messages are compared in the source language, whatever the default.
    with translation.override("en"):
        yield


@pytest.fixture
def clock(monkeypatch):
    return clock_install(monkeypatch, timezone.now().replace(microsecond=0))


def make_news(by: Any, *, languages=("kk", "ru", "en"), publish=True, **changes):
    fields = {
        **{f"title_{code}": f"{code} title" for code in languages},
        **{f"summary_{code}": f"{code} summary" for code in languages},
        **changes,
    }
    item = item_create(model=NewsItem, by=by, changes=fields)
    return item_publish(item=item, by=by) if publish else item


@pytest.fixture
def topic(db):
    return FaqTopic.objects.create(
        name_kk="Тіркелу", name_ru="Регистрация", name_en="Registration", position=1
    )


@pytest.fixture
def job_fairs(db):
    """An information type the administrator defined: job fairs."""
    info_type = InfoType.objects.create(
        slug="job-fairs", name_kk="Бос жұмыс орындарының жәрмеңкелері",
        name_ru="Ярмарки вакансий", name_en="Job fairs",
    )
    fields = [
        ("held_on", "date", "Өтетін күні", "Дата проведения", "Date", True),
        ("venue", "text", "Өтетін орны", "Место проведения", "Venue", True),
        ("region", "region", "Өңір", "Регион", "Region", False),
        ("programme", "file", "Бағдарлама", "Программа", "Programme", False),
        ("register", "link", "Тіркелу", "Регистрация", "Registration", False),
    ]
    for position, (key, kind, kk, ru, en, required) in enumerate(fields):
        InfoField.objects.create(
            info_type=info_type, key=key, kind=kind, label_kk=kk, label_ru=ru,
            label_en=en, required=required, position=position,
        )
    return info_type

