import datetime as dt

import pytest
from django.utils import translation
from django.utils.formats import date_format

MOMENT = dt.datetime(2026, 3, 2, 9, 5)


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_a_sentence_that_ends_with_a_date_gets_one_full_stop(language):
    with translation.override(language):
        sentence = "%s." % date_format(MOMENT, "DATE_FORMAT")

    assert ".." not in sentence


def test_a_russian_date_and_time_name_the_month_in_the_genitive():
    with translation.override("ru"):
        assert date_format(MOMENT, "DATE_FORMAT") == "2 марта 2026"
        assert date_format(MOMENT, "DATETIME_FORMAT") == "2 марта 2026, 9:05"


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
@pytest.mark.parametrize("hour", [9, 18])
def test_a_sentence_that_ends_with_a_date_and_time_gets_one_full_stop(
    language, hour
):
    with translation.override(language):
        for name in ("DATETIME_FORMAT", "SHORT_DATETIME_FORMAT", "TIME_FORMAT"):
            sentence = "%s." % date_format(MOMENT.replace(hour=hour), name)
            assert ".." not in sentence, (name, sentence)


def test_english_times_read_on_a_24_hour_clock():
    with translation.override("en"):
        moment = MOMENT.replace(hour=18, minute=0)
        assert date_format(moment, "DATETIME_FORMAT") == "March 2, 2026, 18:00"
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == "March 2, 2026, 18:00"


@pytest.mark.parametrize("name", ["DATE_FORMAT", "SHORT_DATE_FORMAT"])
def test_english_dates_name_the_month_in_long_and_short_form(name):
    with translation.override("en"):
        assert date_format(dt.date(2027, 1, 31), name) == "Jan. 31, 2027"
