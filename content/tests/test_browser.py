"""The instructions page in headless Chromium: the video and its captions."""

import pytest

from content.models import Instruction
from content.services import item_create, item_publish
from content.tests.conftest import MP4_HEAD, VTT_KK, VTT_RU, upload

TRACKS_JS = """() => Array.from(document.querySelectorAll('video track')).map(
  (track) => [track.kind, track.srclang, track.label, track.default]
)"""


CUES_JS = """() => {
  const track = document.querySelector('video').textTracks[0];
  return [track.mode, track.cues[0].text];
}"""


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
def test_the_instruction_page_offers_the_video_with_captions(
    browser_page, administrator
):
    page, base_url = browser_page
    instruction = item_publish(
        item=item_create(model=Instruction, by=administrator, changes={
            "audience": "job_seeker", "title_kk": "Түйіндеме жасау",
            "title_ru": "Как создать резюме",
            "video": upload("guide.mp4", MP4_HEAD),
            "captions_kk": upload("kk.vtt", VTT_KK),
            "captions_ru": upload("ru.vtt", VTT_RU),
            "transcript_kk": "Сәлем, бұл нұсқаулық.",
            "transcript_ru": "Здравствуйте, это инструкция.",
        }),
        by=administrator,
    )

    page.goto(f"{base_url}/kk/info/instructions/")
    page.get_by_role("link", name="Түйіндеме жасау").click()

    assert page.url == (
        f"{base_url}/kk/info/instructions/job_seeker/{instruction.pk}/"
    )
    assert page.get_by_role("heading", level=1).inner_text() == "Түйіндеме жасау"
    video = page.locator("video")
    assert video.count() == 1
    assert video.get_attribute("controls") == ""
    assert page.evaluate(TRACKS_JS) == [
        ["captions", "kk", "Қазақ", True],
        ["captions", "ru", "Русский", False],
    ]
    # Chromium loads and parses the default captions: the track is LOADED (2)
    # and its first cue is the first line of the WebVTT file.
    page.wait_for_function(
        "document.querySelector('track[srclang=\"kk\"]').readyState === 2"
    )
    assert page.evaluate(CUES_JS) == ["showing", "Сәлем, бұл нұсқаулық."]
    captions = page.request.get(
        base_url + page.locator('video track[srclang="kk"]').get_attribute("src")
    )
    assert captions.status == 200
    assert captions.headers["content-type"] == "text/vtt; charset=utf-8"
    assert captions.body() == VTT_KK
    assert page.locator("h3#transcript-heading").count() == 1
    assert "Сәлем, бұл нұсқаулық." in page.locator(".transcript").inner_text()
