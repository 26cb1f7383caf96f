"""Names of security events: the OWASP Logging Vocabulary, as the SOC expects.

An event name is either one of NAMES or a FAMILIES prefix followed by a
lower-case word (e.g. "sys_backup_created"), so a new kind of system event
needs no change here while a typo in a name still fails loudly.
"""

import re

from django.db import models
from django.utils.translation import gettext_lazy as _

NAMES = frozenset({
    "authn_login_success",
    "authn_login_fail",
    "authn_login_lock",
    "authn_password_change",
    "authn_password_change_fail",
    "authn_mfa_enrolled",
    "authn_mfa_success",
    "authn_mfa_fail",
    "authz_fail",
    "authz_admin",
    "user_created",
    "user_updated",
    "user_archived",
    "user_deleted",
    "privilege_permissions_changed",
    "upload_rejected",
    "input_validation_fail",
    "data_export",
})
FAMILIES = ("authn_token_", "session_", "malicious_", "sys_")
_FAMILY_TAIL = re.compile(r"^[a-z][a-z0-9_]{0,40}$")


class Outcome(models.TextChoices):
    SUCCESS = "success", _("Success")
    FAILURE = "failure", _("Failure")


class Level(models.TextChoices):
    # OWASP's three levels; the CEF severity follows from them.
    INFO = "INFO", _("Information")
    WARN = "WARN", _("Warning")
    CRITICAL = "CRITICAL", _("Critical")


def name_is_known(name: str) -> bool:
    if name in NAMES:
        return True
    for family in FAMILIES:
        if name.startswith(family):
            return bool(_FAMILY_TAIL.match(name[len(family):]))
    return False


def default_level(name: str, outcome: str) -> str:
    if name.startswith("malicious_"):
        return Level.CRITICAL
    if name in {"authn_login_lock", "authz_admin", "privilege_permissions_changed"}:
        return Level.WARN
    return Level.WARN if outcome == Outcome.FAILURE else Level.INFO
