"""JSON as the API writes it: UTF-8 text, Cyrillic and Kazakh letters unescaped."""

import json
from typing import Any

from django.http import HttpResponse
from ninja.renderers import JSONRenderer
from ninja.responses import NinjaJSONEncoder

CONTENT_TYPE = "application/json; charset=utf-8"


class Utf8JSONRenderer(JSONRenderer):
    """Ninja's renderer, writing letters as themselves instead of \\u escapes."""

    json_dumps_params = {"ensure_ascii": False}


def json_response(body: Any, *, status: int) -> HttpResponse:
    """Answer outside an operation exactly as the renderer answers inside one."""
    text = json.dumps(body, cls=NinjaJSONEncoder, ensure_ascii=False)
    return HttpResponse(text, status=status, content_type=CONTENT_TYPE)
