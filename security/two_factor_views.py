"""Pages where staff set up and pass the second factor."""

import base64

import segno
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe

from core.errors import ServiceError
from security.forms import TokenForm
from security.two_factor import (
    two_factor_confirm,
    two_factor_enrolled,
    two_factor_pending_device,
    two_factor_verify,
)


def _staff_only(request: HttpRequest) -> None:
    if not request.user.is_staff:
        raise PermissionDenied


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return "/"


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    if two_factor_enrolled(user=request.user) and not request.user.is_verified():
        # Replacing an authenticator needs the current one first.
        return redirect("security:two_factor_verify")
    device = two_factor_pending_device(user=request.user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            token = form.cleaned_data["token"]
            codes = two_factor_confirm(request=request, token=token)
        except ServiceError as error:
            form.add_error("token", str(error.message))
        else:
            return render(request, "security/recovery_codes.html", {
                "codes": codes, "next": _next(request),
            })
    qr = segno.make(device.config_url, error="m")
    return render(request, "security/two_factor_setup.html", {
        "form": form, "next": _next(request),
        # segno writes plain SVG markup (no script); it is drawn in the page.
        "qr_svg": mark_safe(qr.svg_inline(scale=4, omitsize=False)),
        "secret": _base32(device),
    })


@login_required
def two_factor_verify_page(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            two_factor_verify(request=request, token=form.cleaned_data["token"])
        except ServiceError as error:
            form.add_error("token", str(error.message))
        else:
            return redirect(_next(request))
    return render(request, "security/two_factor_verify.html", {
        "form": form, "next": _next(request),
    })


def _base32(device: object) -> str:
    secret = base64.b32encode(device.bin_key).decode()  # type: ignore[attr-defined]
    return " ".join(secret[i:i + 4] for i in range(0, len(secret), 4))
