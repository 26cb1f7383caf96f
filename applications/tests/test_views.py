import datetime as dt
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from applications.models import Application, ApplicationStatus, Invitation
from applications.tests.factories import VacancyOnPortalFactory
from resumes.models import Visibility
from tests.factories import (
    ApplicationFactory,
    EmployerFactory,
    ResumeFactory,
    UserFactory,
    VacancyFactory,
)
from vacancies.models import CloseReason, Status

pytestmark = pytest.mark.django_db


def url(name, language="en", **kwargs):
    with translation.override(language):
        return reverse(name, kwargs=kwargs or None)


def text_of(response):
    return html.unescape(response.content.decode())


def company_of(user):
    return user.employers.get()


@pytest.mark.parametrize("language", ["kk", "ru", "en"])
def test_cabinet_pages_render_in_each_language(
    client, job_seeker, employer_user, language
):
    vacancy = VacancyOnPortalFactory(employer=company_of(employer_user))
    application = ApplicationFactory(vacancy=vacancy, applicant=job_seeker)
    resume = ResumeFactory(owner=job_seeker)

    client.force_login(job_seeker)
    pages = [
        url("applications:seeker_cabinet", language),
        url("applications:apply", language, vacancy_id=vacancy.pk),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert f'<html lang="{language}">' in response.content.decode()

    client.force_login(employer_user)
    pages = [
        url("applications:employer_applications", language),
        url("applications:vacancy_applications", language, vacancy_id=vacancy.pk),
        url("applications:detail", language, application_id=application.pk),
        url("applications:invite", language, resume_id=resume.pk),
    ]
    for page in pages:
        response = client.get(page)
        assert response.status_code == 200, page
        assert f'<html lang="{language}">' in response.content.decode()


# --- applying -----------------------------------------------------------------


def test_a_job_seeker_applies_from_the_vacancy_page(client, job_seeker):
    vacancy = VacancyOnPortalFactory()
    resume = ResumeFactory(owner=job_seeker)
    client.force_login(job_seeker)

    response = client.post(
        url("applications:apply", vacancy_id=vacancy.pk),
        {"resume": str(resume.pk), "cover_letter": "Здравствуйте"},
        follow=True,
    )

    application = Application.objects.get()
    assert response.redirect_chain == [
        (url("vacancies:detail", vacancy_id=vacancy.pk), 302)
    ]
    assert (application.applicant, application.resume) == (job_seeker, resume)
    assert "Your application has been sent to the employer." in text_of(response)
    assert "Status: Submitted." in text_of(response)


def test_a_double_click_creates_one_application_and_says_it_is_sent(
    client, job_seeker
):
    vacancy = VacancyOnPortalFactory()
    client.force_login(job_seeker)
    apply = url("applications:apply", vacancy_id=vacancy.pk)

    first = client.post(apply, {"cover_letter": "Здравствуйте"})
    second = client.post(apply, {"cover_letter": "Здравствуйте"}, follow=True)

    assert first.status_code == 302
    assert second.redirect_chain == [
        (url("vacancies:detail", vacancy_id=vacancy.pk), 302)
    ]
    assert "Your application has been sent to the employer." in text_of(second)
    assert Application.objects.filter(vacancy=vacancy).count() == 1


def test_a_second_letter_soon_after_the_first_is_not_dropped_in_silence(
    client, job_seeker
):
    vacancy = VacancyOnPortalFactory()
    client.force_login(job_seeker)
    apply = url("applications:apply", vacancy_id=vacancy.pk)
    client.post(apply, {"cover_letter": "Первое письмо"}, follow=True)
    first = Application.objects.get()
    Application.objects.filter(pk=first.pk).update(
        created_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
    )

    response = client.post(apply, {"cover_letter": "Второе, исправленное письмо"})

    page = text_of(response)
    assert response.status_code == 409
    assert (
        "You already applied for this vacancy on March 2, 2026. That application "
        "stands unchanged; the employer has not received what you have just sent."
    ) in page
    assert "Your text is kept below; it has not been sent." in page
    assert "Второе, исправленное письмо</textarea>" in page
    assert "Your application has been sent to the employer." not in page
    assert Application.objects.get().cover_letter == "Первое письмо"


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("ru", "Вы уже откликнулись на эту вакансию 2 марта 2026. "),
        ("kk", "Сіз бұл бос жұмыс орнына 02.03.2026 өтінім бергенсіз. "),
    ],
)
def test_the_date_of_an_earlier_application_ends_its_sentence_with_one_full_stop(
    client, job_seeker, language, sentence
):
    vacancy = VacancyOnPortalFactory()
    ApplicationFactory(vacancy=vacancy, applicant=job_seeker, cover_letter="Первое")
    Application.objects.update(
        created_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
    )
    client.force_login(job_seeker)

    response = client.post(
        url("applications:apply", language, vacancy_id=vacancy.pk),
        {"cover_letter": "Второе"},
    )

    page = text_of(response)
    assert sentence in page
    assert ".." not in page


def test_applying_again_later_says_the_first_application_stands(
    client, job_seeker
):
    vacancy = VacancyOnPortalFactory()
    first = ApplicationFactory(
        vacancy=vacancy, applicant=job_seeker, cover_letter="first"
    )
    Application.objects.filter(pk=first.pk).update(
        created_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
    )
    client.force_login(job_seeker)

    response = client.post(
        url("applications:apply", vacancy_id=vacancy.pk),
        {"cover_letter": "second"}, follow=True,
    )

    page = text_of(response)
    assert "You already applied for this vacancy on March 2, 2026." in page
    assert "Your application has been sent to the employer." not in page
    assert Application.objects.get(vacancy=vacancy).cover_letter == "first"


def test_someone_elses_resume_is_refused(client, job_seeker):
    vacancy = VacancyOnPortalFactory()
    client.force_login(job_seeker)

    response = client.post(
        url("applications:apply", vacancy_id=vacancy.pk),
        {"resume": str(ResumeFactory().pk)},
    )

    assert response.status_code == 400
    assert "Select a valid choice." in text_of(response)
    assert not Application.objects.exists()


def test_an_employer_cannot_apply(client, employer_user):
    vacancy = VacancyOnPortalFactory()
    client.force_login(employer_user)

    response = client.post(url("applications:apply", vacancy_id=vacancy.pk), {})

    assert response.status_code == 403
    assert not Application.objects.exists()


def test_the_apply_page_is_refused_to_an_employer(client, employer_user):
    vacancy = VacancyOnPortalFactory()
    client.force_login(employer_user)

    response = client.get(url("applications:apply", vacancy_id=vacancy.pk))

    assert response.status_code == 403


def test_applying_to_a_draft_is_not_found(client, job_seeker):
    vacancy = VacancyOnPortalFactory(status=Status.DRAFT, published_at=None)
    client.force_login(job_seeker)

    response = client.post(url("applications:apply", vacancy_id=vacancy.pk), {})

    assert response.status_code == 404


def imported_vacancy(**fields):
    """A vacancy copied from hh.kz: its employer has nobody on the portal."""
    return VacancyFactory(
        employer__source="hh.kz", employer__external_id="9001",
        source="hh.kz", source_url="https://hh.kz/vacancy/9001", **fields,
    )


SOURCE_LINK = '<a href="https://hh.kz/vacancy/9001" rel="nofollow noopener">'
NOT_ON_PORTAL = (
    "This employer does not receive applications through the portal. "
    "Apply where the vacancy was published."
)
NOBODY_READS = (
    "The employer is not on the portal, so nobody here reads this application."
)


def test_the_vacancy_page_of_an_imported_vacancy_links_to_the_source_not_a_form(
    client, job_seeker
):
    vacancy = imported_vacancy()
    page = url("vacancies:detail", vacancy_id=vacancy.pk)

    anonymous = text_of(client.get(page))
    client.force_login(job_seeker)
    seeker = text_of(client.get(page))

    for body in (anonymous, seeker):
        assert NOT_ON_PORTAL in body
        assert f"{SOURCE_LINK}Apply on the site the vacancy came from</a>" in body
        assert url("applications:apply", vacancy_id=vacancy.pk) not in body
        assert 'name="cover_letter"' not in body
    assert "sign up</a> as a job seeker to apply." not in anonymous


def test_the_apply_page_of_an_imported_vacancy_offers_the_source_not_a_form(
    client, job_seeker
):
    vacancy = imported_vacancy()
    client.force_login(job_seeker)

    response = client.get(url("applications:apply", vacancy_id=vacancy.pk))

    body = text_of(response)
    assert response.status_code == 200
    assert NOT_ON_PORTAL in body
    assert SOURCE_LINK in body
    assert 'name="cover_letter"' not in body


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("kk", "Бұл жұмыс беруші портал арқылы өтінім қабылдамайды."),
        ("ru", "Этот работодатель не принимает отклики через портал."),
    ],
)
def test_an_imported_vacancy_says_it_takes_no_applications_in_each_language(
    client, job_seeker, language, sentence
):
    vacancy = imported_vacancy()
    client.force_login(job_seeker)

    pages = [
        url("vacancies:detail", language, vacancy_id=vacancy.pk),
        url("applications:apply", language, vacancy_id=vacancy.pk),
    ]

    for page in pages:
        assert sentence in text_of(client.get(page)), page


@pytest.mark.parametrize(
    ("language", "sentence"),
    [
        ("kk", "Өтініміңіз жұмыс берушіге жіберілді."),
        ("ru", "Ваш отклик отправлен работодателю."),
    ],
)
def test_the_sent_message_reads_in_each_language(
    client, job_seeker, language, sentence
):
    vacancy = VacancyOnPortalFactory()
    client.force_login(job_seeker)

    response = client.post(
        url("applications:apply", language, vacancy_id=vacancy.pk), {}, follow=True
    )

    assert sentence in text_of(response)


def test_an_earlier_application_to_an_imported_vacancy_stays_visible_with_a_note(
    client, job_seeker
):
    vacancy = imported_vacancy(title="Кассир из hh.kz")
    application = ApplicationFactory(vacancy=vacancy, applicant=job_seeker)
    client.force_login(job_seeker)

    cabinet = text_of(client.get(url("applications:seeker_cabinet")))
    detail = text_of(client.get(url("vacancies:detail", vacancy_id=vacancy.pk)))
    apply_page = text_of(
        client.get(url("applications:apply", vacancy_id=vacancy.pk))
    )

    assert f'id="application-{application.pk}"' in cabinet
    assert "Кассир из hh.kz</a>" in cabinet
    for body in (cabinet, detail, apply_page):
        assert "Submitted" in body
        assert NOBODY_READS in body
    assert Application.objects.filter(pk=application.pk).exists()


def test_an_application_to_an_employer_on_the_portal_has_no_such_note(
    client, job_seeker
):
    ApplicationFactory(vacancy=VacancyOnPortalFactory(), applicant=job_seeker)
    client.force_login(job_seeker)

    cabinet = text_of(client.get(url("applications:seeker_cabinet")))

    assert "Submitted" in cabinet
    assert NOBODY_READS not in cabinet


def test_the_apply_page_after_applying_shows_the_application_not_a_form(
    client, job_seeker
):
    vacancy = VacancyOnPortalFactory()
    application = ApplicationFactory(vacancy=vacancy, applicant=job_seeker)
    Application.objects.update(
        created_at=dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.timezone.utc)
    )
    client.force_login(job_seeker)

    response = client.get(url("applications:apply", vacancy_id=vacancy.pk))

    body = text_of(response)
    cabinet = url("applications:seeker_cabinet")
    assert response.status_code == 200
    assert "You applied on March 2, 2026. Status: Submitted." in body
    assert f'<a href="{cabinet}#application-{application.pk}">' in body
    assert NOBODY_READS not in body
    assert 'name="cover_letter"' not in body


def test_the_apply_page_of_a_closed_vacancy_says_so_without_a_form(
    client, job_seeker
):
    vacancy = VacancyOnPortalFactory(
        status=Status.CLOSED, close_reason=CloseReason.FILLED
    )
    client.force_login(job_seeker)

    response = client.get(url("applications:apply", vacancy_id=vacancy.pk))

    body = text_of(response)
    assert "This vacancy is closed and no longer accepts applications." in body
    assert f'href="{url("vacancies:detail", vacancy_id=vacancy.pk)}"' in body
    assert 'name="cover_letter"' not in body


def test_the_refusal_of_a_second_letter_links_to_the_first_application(
    client, job_seeker
):
    vacancy = VacancyOnPortalFactory()
    first = ApplicationFactory(
        vacancy=vacancy, applicant=job_seeker, cover_letter="Первое"
    )
    client.force_login(job_seeker)

    response = client.post(
        url("applications:apply", vacancy_id=vacancy.pk), {"cover_letter": "Второе"}
    )

    cabinet = url("applications:seeker_cabinet")
    assert response.status_code == 409
    assert f'<a href="{cabinet}#application-{first.pk}">' in text_of(response)


SUBMIT = '<button type="submit">'


def test_a_refused_second_letter_is_kept_read_only_without_a_submit_button(
    client, job_seeker
):
    vacancy = VacancyOnPortalFactory()
    first = ApplicationFactory(
        vacancy=vacancy, applicant=job_seeker, cover_letter="Первое письмо"
    )
    client.force_login(job_seeker)

    response = client.post(
        url("applications:apply", vacancy_id=vacancy.pk),
        {"cover_letter": "Второе письмо"},
    )

    body = text_of(response)
    cabinet = url("applications:seeker_cabinet")
    assert response.status_code == 409
    assert 'readonly>Второе письмо</textarea>' in body
    assert 'name="cover_letter"' not in body
    assert SUBMIT not in body
    assert f'<a href="{cabinet}#application-{first.pk}">' in body
    assert '<p class="sent-letter">Первое письмо</p>' in body


def test_a_letter_to_a_vacancy_closed_meanwhile_is_kept_without_a_submit_button(
    client, job_seeker
):
    vacancy = VacancyOnPortalFactory(
        status=Status.CLOSED, close_reason=CloseReason.FILLED
    )
    client.force_login(job_seeker)

    response = client.post(
        url("applications:apply", vacancy_id=vacancy.pk),
        {"cover_letter": "Очень хочу у вас работать"},
    )

    body = text_of(response)
    assert response.status_code == 400
    assert "This vacancy is closed and no longer accepts applications." in body
    assert 'readonly>Очень хочу у вас работать</textarea>' in body
    assert "Your text is kept below; it has not been sent." in body
    assert not Application.objects.exists()
    assert 'name="cover_letter"' not in body
    assert SUBMIT not in body
    assert f'href="{url("vacancies:detail", vacancy_id=vacancy.pk)}"' in body


def test_a_letter_to_an_imported_vacancy_is_kept_without_a_submit_button(
    client, job_seeker
):
    vacancy = imported_vacancy()
    client.force_login(job_seeker)

    response = client.post(
        url("applications:apply", vacancy_id=vacancy.pk),
        {"cover_letter": "Хочу у вас работать"},
    )

    body = text_of(response)
    assert response.status_code == 400
    assert NOT_ON_PORTAL in body
    assert 'readonly>Хочу у вас работать</textarea>' in body
    assert "has been sent" not in body
    assert not Application.objects.exists()
    assert 'name="cover_letter"' not in body
    assert SUBMIT not in body
    assert SOURCE_LINK in body
    assert f'href="{url("vacancies:detail", vacancy_id=vacancy.pk)}"' in body


def test_a_letter_too_long_stays_editable_with_the_submit_button(
    client, job_seeker
):
    vacancy = VacancyOnPortalFactory()
    client.force_login(job_seeker)

    response = client.post(
        url("applications:apply", vacancy_id=vacancy.pk),
        {"cover_letter": "я" * 5_001},
    )

    body = text_of(response)
    assert response.status_code == 400
    assert "Use at most 5000 characters." in body
    assert 'name="cover_letter"' in body
    assert "readonly" not in body
    assert SUBMIT in body


def test_the_apply_page_after_applying_shows_what_the_seeker_sent(
    client, job_seeker
):
    vacancy = VacancyOnPortalFactory()
    resume = ResumeFactory(owner=job_seeker, title="Бухгалтер")
    ApplicationFactory(
        vacancy=vacancy, applicant=job_seeker, resume=resume,
        cover_letter="Опыт работы\nтри года",
    )
    client.force_login(job_seeker)

    body = text_of(client.get(url("applications:apply", vacancy_id=vacancy.pk)))

    resume_link = url("resumes:detail", resume_id=resume.pk)
    assert '<details class="sent" open>' in body
    assert f'<a href="{resume_link}">Бухгалтер</a>' in body
    assert '<p class="sent-letter">Опыт работы\nтри года</p>' in body


def test_the_cabinet_row_shows_the_letter_and_resume_the_seeker_sent(
    client, job_seeker
):
    resume = ResumeFactory(owner=job_seeker, title="Бухгалтер")
    with_resume = ApplicationFactory(
        applicant=job_seeker, resume=resume, cover_letter="Моё письмо",
        vacancy=VacancyOnPortalFactory(),
    )
    ApplicationFactory(
        applicant=job_seeker, resume=None, cover_letter="",
        vacancy=VacancyOnPortalFactory(),
    )
    client.force_login(job_seeker)

    body = text_of(client.get(url("applications:seeker_cabinet")))

    row = body.split(f'id="application-{with_resume.pk}"')[1].split("</tr>")[0]
    assert "What you sent" in row
    resume_link = url("resumes:detail", resume_id=resume.pk)
    assert f'<a href="{resume_link}">Бухгалтер</a>' in row
    assert '<p class="sent-letter">Моё письмо</p>' in row
    assert "Without a resume" in body and "No cover letter." in body


def test_the_vacancy_page_shows_the_seeker_what_they_sent(client, job_seeker):
    vacancy = VacancyOnPortalFactory()
    ApplicationFactory(
        vacancy=vacancy, applicant=job_seeker, cover_letter="Моё письмо"
    )
    client.force_login(job_seeker)

    body = text_of(client.get(url("vacancies:detail", vacancy_id=vacancy.pk)))

    assert '<p class="sent-letter">Моё письмо</p>' in body


# --- the job seeker's cabinet -------------------------------------------------


def test_the_cabinet_lists_resumes_applications_and_invitations(client, job_seeker):
    resume = ResumeFactory(owner=job_seeker, title="Повар-кондитер")
    vacancy = VacancyOnPortalFactory(title="Кондитер", employer__name="ТОО Тәтті")
    ApplicationFactory(
        vacancy=vacancy, applicant=job_seeker, status=ApplicationStatus.ACCEPTED
    )
    Invitation.objects.create(
        employer=EmployerFactory(name="ТОО Нан"), resume=resume,
        message="Приходите на собеседование",
    )
    ResumeFactory(title="Чужое резюме")
    client.force_login(job_seeker)

    body = text_of(client.get(url("applications:seeker_cabinet")))

    assert "Повар-кондитер" in body
    assert "Чужое резюме" not in body
    assert f'<a href="{url("resumes:edit", resume_id=resume.pk)}">' in body
    assert "Кондитер</a>" in body and "ТОО Тәтті" in body
    assert "Accepted" in body
    assert "ТОО Нан" in body and "Приходите на собеседование" in body


def test_the_seeker_cabinet_is_for_job_seekers(client, employer_user):
    client.force_login(employer_user)

    assert client.get(url("applications:seeker_cabinet")).status_code == 403


# --- the employer's inbox -----------------------------------------------------


def test_an_employer_sees_applications_with_names_resumes_and_letters(
    client, employer_user, job_seeker
):
    vacancy = VacancyOnPortalFactory(employer=company_of(employer_user), title="Кассир")
    resume = ResumeFactory(owner=job_seeker, title="Кассир-операционист")
    application = ApplicationFactory(
        vacancy=vacancy, applicant=job_seeker, resume=resume,
        cover_letter="Опыт работы три года",
    )
    other = ApplicationFactory(vacancy__title="Чужая вакансия")
    client.force_login(employer_user)

    body = text_of(client.get(url("applications:employer_applications")))

    assert "Айгерім Сәрсенова" in body
    assert "Кассир-операционист" in body
    assert "Опыт работы три года" in body
    decide = url("applications:decide", application_id=application.pk)
    assert f'action="{decide}"' in body
    assert "Чужая вакансия" not in body
    assert url("applications:decide", application_id=other.pk) not in body


def test_an_employer_accepts_an_application_from_the_list(client, employer_user):
    vacancy = VacancyOnPortalFactory(employer=company_of(employer_user))
    application = ApplicationFactory(vacancy=vacancy)
    inbox = url("applications:vacancy_applications", vacancy_id=vacancy.pk)
    client.force_login(employer_user)

    response = client.post(
        url("applications:decide", application_id=application.pk),
        {"decision": "accept", "next": inbox},
    )

    application.refresh_from_db()
    assert response.status_code == 302
    assert response["Location"] == inbox
    assert application.status == ApplicationStatus.ACCEPTED


def test_a_decision_never_redirects_to_another_site(client, employer_user):
    application = ApplicationFactory(
        vacancy=VacancyOnPortalFactory(employer=company_of(employer_user))
    )
    client.force_login(employer_user)

    response = client.post(
        url("applications:decide", application_id=application.pk),
        {"decision": "reject", "next": "https://evil.example/"},
    )

    application.refresh_from_db()
    assert response["Location"] == url(
        "applications:detail", application_id=application.pk
    )
    assert application.status == ApplicationStatus.REJECTED


def test_an_unknown_decision_changes_nothing(client, employer_user):
    application = ApplicationFactory(
        vacancy=VacancyOnPortalFactory(employer=company_of(employer_user))
    )
    client.force_login(employer_user)

    client.post(
        url("applications:decide", application_id=application.pk), {"decision": "hire"}
    )

    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


@pytest.mark.parametrize("persona", ["job_seeker", "other_employer"])
def test_nobody_else_sees_or_decides_applications(
    client, request, employer_user, persona
):
    if persona == "other_employer":
        user = UserFactory(role="employer")
        EmployerFactory(members=[user])
    else:
        user = request.getfixturevalue(persona)
    vacancy = VacancyOnPortalFactory(employer=company_of(employer_user))
    application = ApplicationFactory(vacancy=vacancy)
    client.force_login(user)

    decide = client.post(
        url("applications:decide", application_id=application.pk),
        {"decision": "accept"},
    )
    detail = client.get(url("applications:detail", application_id=application.pk))
    listing = client.get(
        url("applications:vacancy_applications", vacancy_id=vacancy.pk)
    )

    application.refresh_from_db()
    assert (decide.status_code, detail.status_code, listing.status_code) == (
        403, 403, 403,
    )
    assert application.status == ApplicationStatus.SUBMITTED


def test_a_decision_needs_a_post(client, employer_user):
    application = ApplicationFactory(
        vacancy=VacancyOnPortalFactory(employer=company_of(employer_user))
    )
    client.force_login(employer_user)

    response = client.get(url("applications:decide", application_id=application.pk))

    assert response.status_code == 405


def test_the_application_page_shows_the_resume_even_when_hidden(
    client, employer_user, job_seeker
):
    resume = ResumeFactory(
        owner=job_seeker, title="Скрытое резюме", visibility=Visibility.HIDDEN,
        skills="Кассовые операции",
    )
    application = ApplicationFactory(
        vacancy=VacancyOnPortalFactory(employer=company_of(employer_user)),
        applicant=job_seeker, resume=resume,
    )
    client.force_login(employer_user)

    page = url("applications:detail", application_id=application.pk)
    body = text_of(client.get(page))

    assert "Скрытое резюме" in body
    assert "Кассовые операции" in body
    assert "aigerim@example.kz" in body


# --- inviting -----------------------------------------------------------------


def test_an_employer_invites_from_a_resume(client, employer_user):
    employer = company_of(employer_user)
    vacancy = VacancyOnPortalFactory(employer=employer, title="Кассир")
    resume = ResumeFactory()
    client.force_login(employer_user)
    invite = url("applications:invite", resume_id=resume.pk)

    page = text_of(client.get(invite))
    response = client.post(
        invite,
        {"employer": str(employer.pk), "vacancy": str(vacancy.pk),
         "message": "Приглашаем на собеседование"},
    )

    invitation = Invitation.objects.get()
    assert '<option value="%d">Кассир</option>' % vacancy.pk in page
    assert response["Location"] == url("resumes:detail", resume_id=resume.pk)
    assert (invitation.employer, invitation.vacancy, invitation.resume) == (
        employer, vacancy, resume,
    )


def test_an_invitation_needs_a_message_and_keeps_the_choice(client, employer_user):
    employer = company_of(employer_user)
    vacancy = VacancyOnPortalFactory(employer=employer)
    resume = ResumeFactory()
    client.force_login(employer_user)

    response = client.post(
        url("applications:invite", resume_id=resume.pk),
        {"employer": str(employer.pk), "vacancy": str(vacancy.pk), "message": ""},
    )

    assert response.status_code == 400
    assert f'<option value="{vacancy.pk}" selected>' in text_of(response)
    assert not Invitation.objects.exists()


def test_a_hidden_resume_cannot_be_invited(client, employer_user):
    resume = ResumeFactory(visibility=Visibility.HIDDEN)
    client.force_login(employer_user)

    response = client.post(
        url("applications:invite", resume_id=resume.pk),
        {"employer": str(company_of(employer_user).pk), "message": "Здравствуйте"},
    )

    assert response.status_code == 404
    assert not Invitation.objects.exists()


def test_a_job_seeker_cannot_invite(client, job_seeker):
    resume = ResumeFactory()
    client.force_login(job_seeker)

    response = client.get(url("applications:invite", resume_id=resume.pk))

    assert response.status_code == 403


def test_the_inbox_costs_the_same_queries_for_many_applications(
    client, employer_user, django_assert_max_num_queries
):
    vacancy = VacancyOnPortalFactory(employer=company_of(employer_user))
    ApplicationFactory(vacancy=vacancy, resume=ResumeFactory())
    client.force_login(employer_user)
    inbox = url("applications:employer_applications")
    with CaptureQueriesContext(connection) as one:
        client.get(inbox)
    for _ in range(9):
        ApplicationFactory(vacancy=vacancy, resume=ResumeFactory())

    with django_assert_max_num_queries(len(one.captured_queries)):
        response = client.get(inbox)

    assert text_of(response).count('class="decision"') == 10
