import pytest
from django.apps import apps
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise

from tests.factories import VacancyFactory

# The apps whose admin pages a tester read in Kazakh and found English on.
LABELLED_APPS = (
    "vacancies", "resumes", "helpdesk", "incidents", "security", "operations",
    "workdays",
)


def _untranslated_labels() -> list[str]:
    found = []
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in LABELLED_APPS:
            continue
        for label in (meta.verbose_name, meta.verbose_name_plural):
            if not isinstance(label, Promise):
                found.append(f"{meta.label} (model)")
        for field in meta.get_fields():
            if field.auto_created or not hasattr(field, "verbose_name"):
                continue
            if not isinstance(field.verbose_name, Promise):
                found.append(f"{meta.label}.{field.name}")
    return found


def test_it_marks_every_model_and_field_label_for_translation():
    assert _untranslated_labels() == []


@pytest.mark.django_db
def test_the_vacancy_admin_reads_in_kazakh(client, administrator):
    vacancy = VacancyFactory()
    client.force_login(administrator)

    with translation.override("kk"):
        url = reverse("admin:vacancies_vacancy_change", args=[vacancy.pk])
    response = client.get(url)

    assert url.startswith("/kk/")
    page = response.content.decode()
    assert "Электрондық еңбек биржасы: әкімшілендіру" in page
    assert "Жалақы салық ұсталғанға дейін" in page
    for english in ("Salary gross", "Published at", "Closed at", "Created at",
                    "Updated at", "Django", "Даңғо"):
        assert english not in page


@pytest.mark.django_db
def test_the_admin_index_names_the_portal_in_russian(client, administrator):
    client.force_login(administrator)

    with translation.override("ru"):
        url = reverse("admin:index")
    response = client.get(url)

    page = response.content.decode()
    assert "Администрирование портала" in page
    assert "Служба обратной связи" in page
