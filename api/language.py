"""The language of an API answer, chosen by the Accept-Language header alone.

The API lives outside the /kk/, /ru/, /en/ prefixes and is called by programs,
so neither the path nor the site's language cookie chooses the language:
the header does, and Kazakh, the state language, answers when it names none
of the portal's languages.
"""

import functools
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponseBase
from django.utils import translation
from django.utils.cache import patch_vary_headers
from django.utils.translation.trans_real import parse_accept_lang_header

View = Callable[..., HttpResponseBase]


def request_language(request: HttpRequest) -> str:
    """Return the first portal language the client accepts, else the default."""
    header = request.headers.get("Accept-Language", "")
    for code, _quality in parse_accept_lang_header(header):
        if code == "*":
            break
        try:
            return translation.get_supported_language_variant(code)
        except LookupError:
            continue
    return settings.LANGUAGE_CODE


def in_request_language(view: View) -> View:
    """Run VIEW in the client's language and tell caches the answer depends on it."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        language = request_language(request)
        with translation.override(language):
            response = view(request, *args, **kwargs)
        response["Content-Language"] = language
        patch_vary_headers(response, ["Accept-Language"])
        return response

    return wrapper
