"""schema.org JobPosting of a vacancy, for search engines that index job ads."""

import json
from typing import Any

from core.localtime import ALMATY, end_of_local_day
from vacancies.models import EmploymentType, Vacancy

_EMPLOYMENT_TYPES = {
    EmploymentType.FULL: "FULL_TIME",
    EmploymentType.PART: "PART_TIME",
    EmploymentType.PROJECT: "CONTRACTOR",
    EmploymentType.INTERNSHIP: "INTERN",
    EmploymentType.VOLUNTEER: "VOLUNTEER",
}
# Inside <script> only "</" and "<!--" are dangerous; escaping every <, > and
# & keeps the text inert wherever it is pasted, and JSON still reads the same.
_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}


def job_posting(
    vacancy: Vacancy, *, url: str, employer_url: str = "", direct_apply: bool
) -> dict[str, Any]:
    """Return the JobPosting of VACANCY as a JSON-ready dict.

    A property whose value the vacancy does not state is left out, never
    guessed: search engines show what the posting says as fact.
    """
    posting: dict[str, Any] = {
        "@context": "https://schema.org/",
        "@type": "JobPosting",
        "title": vacancy.title,
        # Search engines require a description; the title stands in for none.
        "description": vacancy.description or vacancy.title,
        "identifier": {"@type": "PropertyValue", "name": "enbek", "value": vacancy.pk},
        "url": url,
        "hiringOrganization": _organization(vacancy, employer_url),
        "jobLocation": {"@type": "Place", "address": _address(vacancy)},
        "directApply": direct_apply,
    }
    if vacancy.employment_type in _EMPLOYMENT_TYPES:
        posting["employmentType"] = _EMPLOYMENT_TYPES[vacancy.employment_type]
    if vacancy.published_at is not None:
        posting["datePosted"] = vacancy.published_at.astimezone(ALMATY).isoformat()
    if vacancy.expires_on is not None:
        posting["validThrough"] = end_of_local_day(vacancy.expires_on).isoformat()
    if vacancy.is_remote:
        # Where applicants may live is not recorded: the country of the
        # vacancy would be a guess, so applicantLocationRequirements is left out.
        posting["jobLocationType"] = "TELECOMMUTE"
    salary = _salary(vacancy)
    if salary:
        posting["baseSalary"] = salary
    return posting


def script_json(data: dict[str, Any]) -> str:
    """Encode DATA for a <script> element without letting it close the element."""
    return json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES)


def _organization(vacancy: Vacancy, employer_url: str) -> dict[str, Any]:
    organization = {"@type": "Organization", "name": vacancy.employer.name}
    if employer_url:
        organization["sameAs"] = employer_url
    return organization


def _address(vacancy: Vacancy) -> dict[str, Any]:
    address = {"@type": "PostalAddress", "addressCountry": vacancy.country_code}
    if vacancy.city:
        address["addressLocality"] = vacancy.city
    region = vacancy.oblast or vacancy.region
    if region is not None:
        address["addressRegion"] = region.name
    return address


def _salary(vacancy: Vacancy) -> dict[str, Any] | None:
    low, high = vacancy.salary_from, vacancy.salary_to
    if low is None and high is None:
        return None
    value: dict[str, Any] = {"@type": "QuantitativeValue", "unitText": "MONTH"}
    if low is not None and high is not None and low != high:
        value.update(minValue=low, maxValue=high)
    else:
        value["value"] = low if low is not None else high
    return {"@type": "MonetaryAmount", "currency": vacancy.currency, "value": value}
