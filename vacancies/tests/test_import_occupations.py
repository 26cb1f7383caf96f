import pytest

from vacancies.importing.occupations import OccupationClassifier, read_esco_labels


@pytest.fixture(scope="module")
def classifier() -> OccupationClassifier:
    return OccupationClassifier()


@pytest.mark.parametrize(
    ("title", "code"),
    [
        ("Программист 1С", "2512"),
        ("Python-разработчик", "2512"),
        ("Senior Java Developer", "2512"),
        ("Fullstack Бағдарламашы (программист оқытушы)", "2512"),
        ("Frontend-разработчик (React)", "2513"),
        ("QA engineer / тестировщик ПО", "2519"),
        ("Системный администратор", "2522"),
        ("DevOps-инженер", "2522"),
        ("Бизнес-аналитик", "2421"),
        ("Бизнес - аналитик", "2421"),
        ("Системный аналитик", "2511"),
        ("Аналитик данных / Data Analyst", "2511"),
        ("Финансовый аналитик", "2413"),
        ("Маркетолог-аналитик", "2431"),
        ("HR-менеджер", "2423"),
        ("Рекрутер (специалист по подбору персонала)", "2423"),
        ("HR-директор", "1212"),
        ("Менеджер по продажам", "3322"),
        ("Главный бухгалтер", "2411"),
        ("Бас есепші", "2411"),
        ("Бухгалтер", "3313"),
        ("Инженер по охране труда", "2263"),
        ("Инженер-энергетик", "2151"),
        ("Инженер-электроник", "2152"),
        ("Инженер-конструктор", "2144"),
        ("Специалист технической поддержки", "3512"),
        ("Водитель", "8322"),
        ("Жүргізуші", "8322"),
        ("Электрогазосварщик", "7212"),
        ("Продавец-консультант", "5223"),
    ],
)
def test_it_names_the_isco_unit_group_of_common_titles(classifier, title, code):
    assert classifier.classify(title) == code


@pytest.mark.parametrize(
    "title",
    [
        "Аналитик",
        "Ведущий аналитик",
        "Специалист",
        "Инженер",
        "Главный инженер",
        "Руководитель группы аналитики",
        "Мастер",
    ],
)
def test_it_leaves_titles_that_name_no_job_without_an_occupation(classifier, title):
    # "Руководитель" must not read as "водитель" inside it.
    assert classifier.classify(title) is None


def test_it_falls_back_to_esco_labels_for_english_titles(tmp_path):
    esco = tmp_path / "esco_occupations_en.csv"
    esco.write_text(
        "conceptType,iscoGroup,preferredLabel,altLabels,description\n"
        'Occupation,1330,chief technology officer,"CTO\nhead of technology",'
        '"A sentence that must not be read."\n'
        "Occupation,2149,quantity surveyor,,\n"
        "Occupation,1323,quantity surveyor,,\n",
        encoding="utf-8",
    )
    classifier = OccupationClassifier(read_esco_labels(esco))

    assert classifier.classify("Chief Technology Officer (remote)") == "1330"
    assert classifier.classify("Senior Head of Technology") == "1330"
    # A label of two ISCO groups decides nothing.
    assert classifier.classify("Quantity Surveyor") is None
    assert classifier.classify("Astronaut") is None


def test_without_a_data_folder_it_uses_the_title_table_only(tmp_path):
    classifier = OccupationClassifier.from_data_dir(tmp_path)

    assert classifier.esco_labels == {}
    assert classifier.classify("Программист") == "2512"
