import re

from openapi_spec_validator import validate

from api.docs import markdown_text

PATHS = {
    "/api/v1/vacancies",
    "/api/v1/vacancies/{vacancy_id}",
    "/api/v1/classifiers/regions",
    "/api/v1/classifiers/regions/{code}",
    "/api/v1/classifiers/occupations",
    "/api/v1/classifiers/occupations/{code}",
}
ERROR_REF = "#/components/schemas/ErrorOut"


def test_the_openapi_document_validates_as_openapi_3(client):
    response = client.get("/api/v1/openapi.json")

    assert response.status_code == 200
    document = response.json()
    validate(document)
    assert re.fullmatch(r"3\.\d+\.\d+", document["openapi"])
    assert set(document["paths"]) == PATHS
    assert document["info"]["version"] == "1.2"


def test_every_operation_documents_the_error_shape(client):
    document = client.get("/api/v1/openapi.json").json()

    for path, item in document["paths"].items():
        responses = item["get"]["responses"]
        errors = {status for status in responses if status.startswith("4")}
        assert errors, path
        for status in errors:
            schema = responses[status]["content"]["application/json"]["schema"]
            assert schema == {"$ref": ERROR_REF}, (path, status)


def test_it_documents_the_salary_bounds_under_their_json_names(client):
    document = client.get("/api/v1/openapi.json").json()

    salary = document["components"]["schemas"]["Salary"]
    assert list(salary["properties"]) == ["from", "to", "currency", "gross"]


def test_the_docs_page_lists_every_operation_from_the_portal_alone(client):
    response = client.get("/api/v1/docs", headers={"accept-language": "ru"})

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"
    page = response.content.decode()
    for path in PATHS:
        assert f"GET {path}</code>" in page
    assert 'href="/api/v1/openapi.json"' in page
    assert '<html lang="ru">' in page
    for shape in ["VacancyPage", "VacancyDetail", "ErrorOut", "Region", "Salary"]:
        assert f'id="schema-{shape}"' in page
    # Query parameters are listed with their operation, not as a body.
    assert 'id="schema-SearchFilters"' not in page
    # Nothing may come from outside: a closed network and a strict CSP. The
    # one link is the portal's own stylesheet, from its own address.
    assert "<script" not in page
    assert re.findall(r"<link [^>]*>", page) == [
        '<link rel="stylesheet" href="/static/css/portal.css">'
    ]
    assert "<style" not in page
    assert " style=" not in page
    assert "//" not in page.replace("<!DOCTYPE html>", "")
    assert not re.search(r'(?:src|href|action)="(?!/|#)', page)



def test_the_docs_page_shows_code_spans_as_code_and_escapes_the_rest(client):
    page = client.get("/api/v1/docs").content.decode()

    assert "<code>next_cursor</code> of the page before" in page
    assert "`next_cursor`" not in page


def test_a_description_cannot_inject_markup():
    assert str(markdown_text("<b>`a<i>`</b>")) == (
        "&lt;b&gt;<code>a&lt;i&gt;</code>&lt;/b&gt;"
    )
