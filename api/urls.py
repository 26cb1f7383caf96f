"""Addresses of the public API, outside the language prefixes of the pages.

Every view is wrapped at this edge so that it answers in the language of the
Accept-Language header and a wrong method gets the one error shape; any other
address under /api/ answers 404 in that shape instead of an HTML page.
"""

from django.urls import URLPattern, URLResolver, include, path, re_path

from api.errors import not_found, with_error_shape_for_405
from api.language import in_request_language
from api.v1 import api as api_v1


def _at_the_edge(
    patterns: list[URLPattern | URLResolver],
) -> list[URLPattern | URLResolver]:
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern.callback = in_request_language(
                with_error_shape_for_405(pattern.callback)
            )
    return patterns


_v1_patterns, _v1_app, _v1_namespace = api_v1.urls

urlpatterns: list[URLPattern | URLResolver] = [
    path("api/v1/", include((_at_the_edge(_v1_patterns), _v1_app), _v1_namespace)),
    re_path(r"^api/", in_request_language(not_found), name="api-not-found"),
]
