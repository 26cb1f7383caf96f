"""Version 1 of the public API, served under /api/v1/."""

from ninja import NinjaAPI

from api.docs import ServerRenderedDocs
from api.errors import install_error_handlers
from api.rendering import Utf8JSONRenderer
from api.v1 import classifiers, vacancies

DESCRIPTION = (
    "Public reads of the Electronic Labor Exchange: vacancies and the KATO "
    "and ISCO-08 classifiers. No sign-in is needed. Every error answers "
    '{"error": {"code", "message", "field"}} in the language of the '
    "Accept-Language header (kk by default, ru, en)."
)

api = NinjaAPI(
    title="Electronic Labor Exchange API",
    version="1.2",
    description=DESCRIPTION,
    urls_namespace="api-v1",
    renderer=Utf8JSONRenderer(),
    docs=ServerRenderedDocs(),
    # Public reads need no credentials; tokens for writes will be set per
    # router, so that these reads stay open.
    auth=None,
)
install_error_handlers(api)
api.add_router("/vacancies", vacancies.router, tags=["vacancies"])
api.add_router("/classifiers", classifiers.router, tags=["classifiers"])
