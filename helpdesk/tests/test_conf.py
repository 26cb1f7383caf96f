import datetime as dt

import pytest
from django.core.exceptions import ImproperlyConfigured

from helpdesk import conf

MIB = 1024 * 1024


def test_the_defaults_are_those_of_the_issue():
    assert (conf.max_file_size(), conf.max_request_size(), conf.max_files()) == (
        10 * MIB, 25 * MIB, 10
    )
    assert conf.rate_limit() == (3, 300)
    assert conf.workday_start() == dt.time(9, 0)
    assert conf.lead_emails() == []


def test_it_reads_a_comma_separated_list_of_lead_addresses(settings):
    settings.HELPDESK_LEAD_EMAILS = "lead@enbek.kz, deputy@enbek.kz"

    assert conf.lead_emails() == ["lead@enbek.kz", "deputy@enbek.kz"]


@pytest.mark.parametrize(("name", "value", "message"), [
    ("HELPDESK_MAX_FILE_SIZE", 0,
     "HELPDESK_MAX_FILE_SIZE must be a positive whole number, not 0"),
    ("HELPDESK_RATE_LIMIT", "three a minute",
     "HELPDESK_RATE_LIMIT must look like 3/5m, not 'three a minute'"),
    ("HELPDESK_LEAD_EMAILS", ["lead@"],
     "HELPDESK_LEAD_EMAILS holds 'lead@', not an email address"),
    ("HELPDESK_WORKDAY_START", "9 am",
     "HELPDESK_WORKDAY_START must look like 09:00, not '9 am'"),
])
def test_it_fails_loudly_on_a_malformed_setting(settings, name, value, message):
    setattr(settings, name, value)
    reader = {
        "HELPDESK_MAX_FILE_SIZE": conf.max_file_size,
        "HELPDESK_RATE_LIMIT": conf.rate_limit,
        "HELPDESK_LEAD_EMAILS": conf.lead_emails,
        "HELPDESK_WORKDAY_START": conf.workday_start,
    }[name]

    with pytest.raises(ImproperlyConfigured) as failed:
        reader()

    assert str(failed.value) == message
