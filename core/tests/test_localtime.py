import datetime as dt

from core.localtime import ALMATY, end_of_local_day


def test_it_puts_almaty_at_utc_plus_five_since_march_2024():
    summer = dt.datetime(2024, 6, 1, 12, tzinfo=ALMATY)
    assert summer.utcoffset() == dt.timedelta(hours=5)


def test_it_ends_the_local_day_at_23_59_59_almaty():
    end = end_of_local_day(dt.date(2025, 1, 31))
    assert end.astimezone(dt.timezone.utc) == dt.datetime(
        2025, 1, 31, 18, 59, 59, 999999, tzinfo=dt.timezone.utc
    )
