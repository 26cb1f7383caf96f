"""A form sent after its session ended is shown back to its writer, not dropped.

Someone signs out in another tab, or stays away until the session expires,
while typing a resume or a cover letter. When they press Save, the view's
login_required answers the POST with a redirect to the sign-in page: the
text is gone, and the browser's Back leads to the same redirect. This
middleware turns that redirect into a page that says nothing was saved and
shows what was typed, to copy, with a link to sign in and return to the form.
"""

import re
from collections.abc import Callable
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render, resolve_url
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

# A value a form sends by itself: a choice's code.
_CODE = re.compile(r"[a-z0-9_-]+")
# Fields never shown back: secrets and the form's own machinery.
_NOT_SHOWN = ("password", "csrfmiddlewaretoken", "token", "otp", "submission_key",
              "kept")


class SignedOutFormMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.method != "POST" or response.status_code != 302:
            return response
        # login_required names the page to come back to; a sign-out or any
        # other redirect to the sign-in page does not.
        if not response["Location"].startswith(resolve_url(settings.LOGIN_URL) + "?"):
            return response
        if "next=" not in response["Location"] or request.user.is_authenticated:
            return response
        return signed_out_form_page(request)


def signed_out_form_page(request: HttpRequest) -> HttpResponse:
    """The page that keeps the texts of a form sent without a session."""
    texts = [
        value.strip()
        for name in request.POST
        if not any(word in name.lower() for word in _NOT_SHOWN)
        for value in request.POST.getlist(name)
        if _is_typed(value.strip())
    ]
    sign_in = resolve_url(settings.LOGIN_URL) + "?" + urlencode(
        {"next": _form_page(request)}
    )
    response = render(
        request, "accounts/signed_out_form.html",
        {"texts": texts, "sign_in_url": sign_in, "had_files": bool(request.FILES)},
        status=403,
    )
    add_never_cache_headers(response)
    return response


def _is_typed(value: str) -> bool:
    """Tell a text a person typed from what the form sends by itself.

    The POST has no labels: a choice sends its code ("accept", "public",
    "full") or an id ("184"), a formset its counters, a button its page's
    address. Those hold no letter, are one lower-case ASCII word, or are
    one of our paths; a typed text is anything else.
    """
    if not any(char.isalpha() for char in value):
        return False
    if _CODE.fullmatch(value) or value.startswith("/"):
        return False
    return True


def _form_page(request: HttpRequest) -> str:
    """The page the form was sent from, to return to after signing in.

    The Referer when it is one of our pages (a button's target, such as
    "dismiss", answers POST only); else the address the form was sent to.
    """
    referer = request.META.get("HTTP_REFERER", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return parts.path + (f"?{parts.query}" if parts.query else "")
    return request.get_full_path()
