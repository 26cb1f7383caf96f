"""Two-factor sign-in of staff: TOTP (RFC 6238) with recovery codes (Rules 4.2).

Devices are django-otp's: one TOTP device per person, and one static device
whose single-use tokens are the recovery codes, shown once when issued.
"""

import secrets

from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import match_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from core.errors import ValidationFailed
from security.services import security_event_record

RECOVERY_CODES = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"


def two_factor_enrolled(*, user: object) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def two_factor_pending_device(*, user: object) -> TOTPDevice:
    """Return the unconfirmed authenticator being set up, made when missing."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def two_factor_confirm(*, request: HttpRequest, token: str) -> list[str]:
    """Confirm the pending authenticator with TOKEN; return new recovery codes."""
    user = request.user
    device = two_factor_pending_device(user=user)
    if not device.verify_token(token.strip()):
        _record(request, "authn_mfa_fail", "failure")
        raise ValidationFailed(
            _("The code is not right. Check the time on your phone and try again."),
            field="token",
        )
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_issue(user=user)
        _record(request, "authn_mfa_enrolled", "success")
    otp_login(request, device)
    return codes


def two_factor_verify(*, request: HttpRequest, token: str) -> None:
    """Accept a TOTP code or an unused recovery code for this session."""
    device = match_token(request.user, token.strip().replace(" ", ""))
    if device is None:
        _record(request, "authn_mfa_fail", "failure")
        raise ValidationFailed(_("The code is not right or was used already."),
                               field="token")
    otp_login(request, device)
    _record(request, "authn_mfa_success", "success",
            details={"recovery_code": isinstance(device, StaticDevice)})


def recovery_codes_issue(*, user: object) -> list[str]:
    """Replace the person's recovery codes with new ones and return them."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [_new_code() for _index in range(RECOVERY_CODES)]
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=code) for code in codes
    )
    return codes


def _new_code() -> str:
    # 10 base-32 characters: 50 bits, enough for a single-use code.
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "".join(secrets.choice(alphabet) for _index in range(10))


def _record(request: HttpRequest, name: str, outcome: str, **extra: object) -> None:
    security_event_record(
        name=name, outcome=outcome, actor_id=request.user.pk, request=request,
        **extra,  # type: ignore[arg-type]
    )
