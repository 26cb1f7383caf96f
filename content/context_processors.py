from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from content.models import LANGUAGES
from content.selectors import notice_for


def notice(request: HttpRequest) -> dict:
    """Offer base.html the notice of what's new that the signed-in user has not seen.

    Lazy: the query runs only on pages that show the notice, not in the admin.
    """

    def load() -> object:
        user = getattr(request, "user", None)
        if user is None:
            return None
        language = get_language()
        if language not in LANGUAGES:
            language = LANGUAGES[0]
        return notice_for(user=user, language=language)

    return {"content_notice": SimpleLazyObject(load)}
