import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from workdays.conf import workday_end


def test_it_ends_the_working_day_at_18_by_default(settings):
    del settings.WORKDAY_END

    assert workday_end() == dt.time(18, 0)


@pytest.mark.parametrize("value", ["17:45", dt.time(17, 45)])
def test_it_reads_the_end_of_the_working_day_from_settings(settings, value):
    settings.WORKDAY_END = value

    assert workday_end() == dt.time(17, 45)


@pytest.mark.parametrize("value", ["six pm", "25:00", 18, "18:00+06:00"])
def test_it_fails_loudly_on_a_malformed_end_of_day(settings, value):
    settings.WORKDAY_END = value

    with pytest.raises(ImproperlyConfigured, match="WORKDAY_END"):
        workday_end()
