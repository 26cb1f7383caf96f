"""The email that tells a job seeker the employer's decision on an application.

Sent by the worker after the decision commits (applications.tasks), in the
applicant's preferred language. The text is written when it is sent: a
decision that was changed again meanwhile is not announced, only the one
that stands.
"""

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from applications.models import Application, ApplicationStatus
from operations.services import site_base_url

logger = logging.getLogger(__name__)


def decision_notice_send(*, application_id: int, status: str, changed: bool) -> bool:
    """Email the applicant that the decision is STATUS; return whether it was sent.

    CHANGED says the employer had decided otherwise before. Nothing is sent
    when the application is gone or its decision is no longer STATUS (a
    later decision has its own notice).
    """
    application = (
        Application.objects.select_related("applicant", "vacancy__employer")
        .filter(pk=application_id, status=status)
        .first()
    )
    if application is None:
        logger.info("decision notice skipped application_id=%s: superseded",
                    application_id)
        return False
    applicant = application.applicant
    with translation.override(_language_of(applicant.preferred_language)):
        subject, body = _text(application, changed=changed)
    send_mail(subject, body, None, [applicant.email])
    logger.info("decision notice sent application_id=%s status=%s changed=%s",
                application.pk, status, changed)
    return True


def _text(application: Application, *, changed: bool) -> tuple[str, str]:
    names = {
        "employer": application.vacancy.employer.name,
        "vacancy": application.vacancy.title,
    }
    accepted = application.status == ApplicationStatus.ACCEPTED
    if changed:
        subject = gettext("The employer changed its decision on your application")
        first = gettext(
            "%(employer)s changed its decision on your application for the "
            "vacancy “%(vacancy)s”."
        ) % names
        first += " " + (
            gettext("Your application is now accepted.") if accepted
            else gettext("Your application is now rejected.")
        )
    elif accepted:
        subject = gettext("Your application has been accepted")
        first = gettext(
            "%(employer)s has accepted your application for the vacancy "
            "“%(vacancy)s”."
        ) % names
    else:
        subject = gettext("Your application has been rejected")
        first = gettext(
            "%(employer)s has rejected your application for the vacancy "
            "“%(vacancy)s”."
        ) % names
    cabinet = site_base_url() + reverse("applications:seeker_cabinet")
    more = gettext("Your applications and their decisions are in your cabinet:")
    return subject, f"{first}\n\n{more}\n{cabinet}\n"


def _language_of(code: str) -> str:
    known = {language for language, _name in settings.LANGUAGES}
    return code if code in known else settings.LANGUAGE_CODE
