import pytest

from security.privacy import pseudonym, scrub, scrub_text


@pytest.mark.parametrize("text, secret", [
    ("ИИН900101300123 берілді", "900101300123"),
    ("call 8 (701) 123-45-67", "8 (701) 123-45-67"),
    ("call +77011234567.", "+77011234567"),
    ("mail Aigerim.S@Mail.kz now", "Aigerim.S@Mail.kz"),
])
def test_it_replaces_personal_data_by_its_pseudonym(text, secret):
    scrubbed = scrub_text(text)
    assert secret not in scrubbed
    assert "h:" in scrubbed


def test_one_phone_written_two_ways_gets_one_pseudonym():
    assert scrub_text("+7 701 123 45 67") == scrub_text("+77011234567")


@pytest.mark.parametrize("text", [
    "0123456789012345678901234567890123456789012345678901234567890123",
    "5b0f8f3e-1c2d-4e5f-8a9b-123456789012",
    "INC-2026-000123456789",
    "vacancy:123",
])
def test_it_leaves_hashes_uuids_and_identifiers_alone(text):
    assert scrub_text(text) == text


def test_it_scrubs_keys_and_nested_values_and_keeps_numbers():
    assert scrub({"a@b.kz": ["x 900101300123"], "n": 5, "ok": True}) == {
        pseudonym("a@b.kz"): ["x " + pseudonym("900101300123")], "n": 5, "ok": True,
    }
