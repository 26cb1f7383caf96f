from django.conf import settings
from django.http import HttpRequest
from django.urls import translate_url


def language_links(request: HttpRequest) -> dict:
    """Links to the current page in each language, for the switcher."""
    current = request.get_full_path()
    return {
        "language_links": [
            {"code": code, "name": name, "url": translate_url(current, code)}
            for code, name in settings.LANGUAGES
        ]
    }
