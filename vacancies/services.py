"""Writes of vacancies: create, change, publish, close and expire.

Every page, the API, the admin and the scheduled tasks change vacancies
through these functions, so the rules below hold whichever door is used.
"""

import datetime as dt
import html
import logging
import re
from collections.abc import Callable
from typing import Any

import nh3
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.html import linebreaks
from django.utils.translation import gettext

from accounts.models import User
from accounts.selectors import user_is_back_office
from classifiers.models import KatoLevel, KatoUnit, Occupation
from core.errors import (
    Conflict,
    FieldErrors,
    Forbidden,
    NotFound,
    ValidationFailed,
)
from core.localtime import ALMATY, local_today
from employers.models import Employer
from vacancies.currency import KZT_RATES, to_kzt
from vacancies.models import (
    CloseReason,
    Education,
    EmploymentType,
    Experience,
    Schedule,
    Status,
    TextLanguage,
    Vacancy,
)
from vacancies.place_names import searched_place_names
from vacancies.search_document import search_fields
from vacancies.stale_selectors import (
    PORTAL_SOURCE,
    reconfirm_within,
    vacancies_to_ask,
    vacancies_to_expire,
)

logger = logging.getLogger(__name__)

TEXT_LIMITS = {"title": 300, "city": 120}
PLAIN_TEXT_FIELDS = ("duties", "requirements", "skills")
CHOICE_FIELDS = {
    "employment_type": EmploymentType,
    "schedule": Schedule,
    "experience": Experience,
    "education": Education,
    "language": TextLanguage,
}
FLAG_FIELDS = ("is_remote", "is_abroad")
EDITABLE_FIELDS = frozenset(
    {
        "title", "description", "city", "country_code", "occupation", "region",
        "salary_from", "salary_to", "currency", "salary_gross", "places",
        "expires_on", *PLAIN_TEXT_FIELDS, *CHOICE_FIELDS, *FLAG_FIELDS,
    }
)
SEARCHED_FIELDS = frozenset({"title", "description", "duties", "requirements"})
# The place is searched too: its names are among the search words.
PLACE_FIELDS = frozenset({"region", "city", "country_code", "is_abroad"})
# Vacancies rewritten per transaction when their employer was renamed.
SEARCH_CATCH_UP_BATCH = 1000
SALARY_FIELDS = frozenset({"salary_from", "salary_to", "currency"})
# Far above any real monthly salary, and inside a 32-bit column everywhere.
SALARY_MAX = 1_000_000_000
PLACES_MAX = 10_000
# Employers format descriptions with these tags only; links, images and
# styles are dropped because the portal vouches for what it shows.
DESCRIPTION_TAGS = frozenset(
    {"p", "br", "ul", "ol", "li", "strong", "b", "em", "i", "h3", "h4", "blockquote"}
)
_HTML_TAG = re.compile(r"</?[a-zA-Z][^>]*>")


def vacancy_create(*, employer: Employer, by: User, **fields: Any) -> Vacancy:
    """Create a draft vacancy of EMPLOYER; FIELDS are Vacancy's editable fields."""
    _require_editor(employer=employer, by=by)
    checked = vacancy_changes_check(vacancy=None, changes=fields, employer=employer)

    vacancy = Vacancy.objects.create(employer=employer, status=Status.DRAFT, **checked)

    logger.info("vacancy %s created by user %s", vacancy.pk, by.pk)
    return vacancy


def vacancy_update(*, vacancy: Vacancy, by: User, changes: dict[str, Any]) -> Vacancy:
    """Change the fields named in CHANGES and return the stored vacancy."""
    _require_editor(employer=vacancy.employer, by=by)

    with transaction.atomic():
        # The rules compare new values with stored ones (a new upper salary
        # with the stored lower one); the lock keeps a parallel change from
        # slipping in between the check and the write.
        locked = _lock(vacancy)
        if locked.status == Status.CLOSED:
            raise Conflict(
                gettext("A closed vacancy cannot be changed."), code="vacancy_closed"
            )
        checked = vacancy_changes_check(vacancy=locked, changes=changes)
        for name, value in checked.items():
            setattr(locked, name, value)
        locked.save(update_fields=[*sorted(checked), "updated_at"])

    logger.info("vacancy %s changed by user %s", locked.pk, by.pk)
    return locked


def vacancy_publish(*, vacancy: Vacancy, by: User) -> Vacancy:
    """Open a draft vacancy to job seekers."""
    _require_editor(employer=vacancy.employer, by=by)

    with transaction.atomic():
        locked = _lock(vacancy)
        if locked.status != Status.DRAFT:
            raise Conflict(
                gettext("Only a draft can be published."), code="vacancy_not_draft"
            )
        if locked.expires_on is not None and locked.expires_on < local_today():
            raise _closing_date_passed()
        locked.status = Status.PUBLISHED
        locked.published_at = timezone.now()
        locked.save(update_fields=["status", "published_at", "updated_at"])

    logger.info("vacancy %s published by user %s", locked.pk, by.pk)
    return locked


def vacancy_close(*, vacancy: Vacancy, by: User, reason: str) -> Vacancy:
    """Close a draft or published vacancy as filled, withdrawn or expired."""
    if reason not in CloseReason.values:
        raise ValidationFailed(
            gettext("Choose why the vacancy is closed."), field="reason"
        )
    _require_editor(employer=vacancy.employer, by=by)

    with transaction.atomic():
        locked = _lock(vacancy)
        if locked.status == Status.CLOSED:
            raise Conflict(
                gettext("This vacancy is already closed."), code="vacancy_closed"
            )
        locked.status = Status.CLOSED
        locked.close_reason = reason
        locked.closed_at = timezone.now()
        locked.save(update_fields=["status", "close_reason", "closed_at", "updated_at"])

    logger.info("vacancy %s closed (%s) by user %s", locked.pk, reason, by.pk)
    return locked


def vacancy_expire_due(*, now: dt.datetime | None = None) -> int:
    """Close published vacancies whose closing date has passed; return how many.

    A closing date is the last day of the vacancy, to its end in Almaty, so a
    vacancy closes once that day is over there.
    """
    now = now or timezone.now()
    if timezone.is_naive(now):
        raise ValueError("vacancy_expire_due needs an aware datetime")
    today = now.astimezone(ALMATY).date()

    # One UPDATE: rows that an employer closes meanwhile no longer match.
    return Vacancy.objects.filter(
        status=Status.PUBLISHED, expires_on__lt=today
    ).update(
        status=Status.CLOSED,
        close_reason=CloseReason.EXPIRED,
        closed_at=now,
        updated_at=now,
    )


# A vacancy's place as values_list reads it, for stored_place_names.
PLACE_COLUMNS = (
    "city", "country_code", "is_abroad",
    "region__name_kk", "region__name_ru", "region__name_en",
    "oblast__name_kk", "oblast__name_ru", "oblast__name_en",
)


def stored_place_names(
    city: str, country_code: str, is_abroad: bool, *unit_names: str | None
) -> list[str]:
    """The place names of a stored vacancy, read as PLACE_COLUMNS."""
    units = dict.fromkeys(
        tuple(name or "" for name in unit_names[start : start + 3])
        for start in (0, 3)
        if any(unit_names[start : start + 3])
    )
    return searched_place_names(
        city=city, units=units, country_code=country_code, is_abroad=is_abroad
    )


def vacancy_search_words_catch_up(
    *,
    employer_ids: list[int] | None = None,
    batch_size: int = SEARCH_CATCH_UP_BATCH,
) -> int:
    """Rewrite the search words of vacancies whose employer was renamed; return
    how many were rewritten.

    The employer's name is among a vacancy's search words; an employer is
    renamed by its staff, by an administrator in the admin or by an import,
    none of which the vacancies app sees. So the worker compares each
    vacancy's search_employer_name with its employer's name every few
    minutes (config/tasks.py) and rewrites what differs, BATCH_SIZE rows per
    transaction; an import calls it for the EMPLOYER_IDS it renamed. The
    words are computed from the stored texts as their writer computed them:
    the portal's services read a description through nh3, an import lets
    core.text strip the tags.
    """
    vacancies = Vacancy.objects.all()
    if employer_ids is not None:
        vacancies = vacancies.filter(employer_id__in=employer_ids)
    stale = (
        vacancies.exclude(search_employer_name=F("employer__name"))
        .order_by("id")
        .values_list(
            "id", "source", "title", "description", "duties", "requirements",
            "employer__name", *PLACE_COLUMNS,
        )
    )
    rewritten = 0
    last_id = 0
    while True:
        rows = list(stale.filter(id__gt=last_id)[:batch_size])
        if not rows:
            break
        changed = []
        for pk, source, title, description, duties, requirements, name, *where in rows:
            search_title, search_document = search_fields(
                title=title,
                description=(
                    _plain(description) if source == PORTAL_SOURCE else description
                ),
                duties=duties,
                requirements=requirements,
                employer=name,
                places=stored_place_names(*where),
            )
            changed.append(Vacancy(
                id=pk, search_title=search_title, search_document=search_document,
                search_employer_name=name,
            ))
        with transaction.atomic():
            Vacancy.objects.bulk_update(
                changed, ["search_title", "search_document", "search_employer_name"]
            )
        rewritten += len(changed)
        last_id = rows[-1][0]
    if rewritten:
        logger.info("search words rewritten for %s vacancies of renamed employers",
                    rewritten)
    return rewritten


def vacancy_changes_check(
    *,
    vacancy: Vacancy | None,
    changes: dict[str, Any],
    employer: Employer | None = None,
) -> dict[str, Any]:
    """Return CHANGES normalised with the fields derived from them.

    VACANCY is the stored vacancy, None for a new one; EMPLOYER, the employer
    of a new one, whose name is among its search words. Raises ValidationFailed
    for a field at fault, or ValidationErrors naming every field at fault, so
    an employer fixes them all in one round. Forms call this to show refusals
    beside their fields before anything is saved.
    """
    unknown = set(changes) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"vacancy fields cannot be set: {sorted(unknown)}")

    errors = FieldErrors()
    checked: dict[str, Any] = {}
    for name, value in changes.items():
        with errors.check():
            checked[name] = _checked_field(name, value)
    if vacancy is None and "title" not in changes:
        errors.add(
            ValidationFailed(gettext("Enter the title."), field="title")
        )
    merged = {**_state(vacancy), **checked}
    # A refused bound would be compared in its stored value instead, and
    # the order of the pair is judged once both bounds are acceptable.
    if not errors.fields() & {"salary_from", "salary_to"}:
        with errors.check():
            _check_salary_order(merged, changed=checked)
    errors.raise_if_any()

    if employer is None and vacancy is not None and _words_change(checked):
        employer = vacancy.employer  # read only when the words are written
    employer_name = employer.name if employer is not None else ""
    checked.update(_derived(merged, changed=checked, employer_name=employer_name))
    return checked


def _checked_field(name: str, value: Any) -> Any:
    if name in TEXT_LIMITS:
        return _checked_line(name, value)
    if name == "description":
        return _clean_html(_text(name, value))
    if name in PLAIN_TEXT_FIELDS:
        return _text(name, value).strip()
    if name in CHOICE_FIELDS:
        return _checked_choice(name, value)
    if name in FLAG_FIELDS:
        return _checked_flag(name, value)
    return _CHECKERS[name](name, value)


def _text(name: str, value: Any) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValidationFailed(gettext("Enter text."), field=name)
    return value


def _checked_line(name: str, value: Any) -> str:
    line = " ".join(_text(name, value).split())
    if name == "title" and not line:
        raise ValidationFailed(gettext("Enter the title."), field="title")
    limit = TEXT_LIMITS[name]
    if len(line) > limit:
        raise ValidationFailed(
            gettext("Use at most %(limit)s characters.") % {"limit": limit}, field=name
        )
    return line


def _checked_choice(name: str, value: Any) -> str:
    choices = CHOICE_FIELDS[name]
    if name in ("experience", "education") and value in ("", None):
        return ""
    # The model lets employment type and schedule be "" for imports whose
    # source is silent; an employer still has to state them.
    if value not in choices.values:
        raise ValidationFailed(gettext("Choose a value from the list."), field=name)
    return str(value)


def _checked_flag(name: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise ValidationFailed(gettext("Answer yes or no."), field=name)
    return value


def _checked_salary(name: str, value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed(gettext("Enter a whole number."), field=name)
    if value < 0:
        raise ValidationFailed(
            gettext("A salary cannot be negative."), code="salary_negative", field=name
        )
    if value > SALARY_MAX:
        raise ValidationFailed(
            gettext("Enter a monthly salary of at most %(limit)s.")
            % {"limit": SALARY_MAX},
            code="salary_too_high",
            field=name,
        )
    return value


def _checked_salary_gross(name: str, value: Any) -> bool | None:
    return None if value is None else _checked_flag(name, value)


def _checked_currency(name: str, value: Any) -> str:
    code = _text(name, value).strip().upper()
    if code not in KZT_RATES:
        raise ValidationFailed(gettext("Choose a currency from the list."), field=name)
    return code


def _checked_country(name: str, value: Any) -> str:
    code = _text(name, value).strip().upper()
    if len(code) != 2 or not code.isascii() or not code.isalpha():
        raise ValidationFailed(gettext("Enter a two-letter country code."), field=name)
    return code


def _checked_places(name: str, value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValidationFailed(gettext("Enter a whole number."), field=name)
    if not 1 <= value <= PLACES_MAX:
        raise ValidationFailed(
            gettext("Enter a number of places from 1 to %(limit)s.")
            % {"limit": PLACES_MAX},
            code="places_out_of_range",
            field=name,
        )
    return value


def _checked_closing_date(name: str, value: Any) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime) or not isinstance(value, dt.date):
        raise ValidationFailed(gettext("Enter a date."), field=name)
    if value < local_today():
        raise _closing_date_passed()
    return value


def _checked_instance(name: str, value: Any) -> Any:
    expected = Occupation if name == "occupation" else KatoUnit
    if value is not None and not isinstance(value, expected):
        raise TypeError(f"{name} must be a {expected.__name__} or None")
    return value


_CHECKERS = {
    "salary_from": _checked_salary,
    "salary_to": _checked_salary,
    "salary_gross": _checked_salary_gross,
    "currency": _checked_currency,
    "country_code": _checked_country,
    "places": _checked_places,
    "expires_on": _checked_closing_date,
    "occupation": _checked_instance,
    "region": _checked_instance,
}


def _state(vacancy: Vacancy | None) -> dict[str, Any]:
    """Return the stored values that derived fields and cross-checks read."""
    source = vacancy or Vacancy()
    names = SEARCHED_FIELDS | SALARY_FIELDS | PLACE_FIELDS
    return {name: getattr(source, name) for name in names}


def _check_salary_order(merged: dict[str, Any], *, changed: dict[str, Any]) -> None:
    low, high = merged["salary_from"], merged["salary_to"]
    if low is not None and high is not None and low > high:
        field = "salary_to" if "salary_to" in changed else "salary_from"
        raise _salary_upside_down(field)


def _salary_upside_down(field: str) -> ValidationFailed:
    return ValidationFailed(
        gettext("The lower end of the salary must not exceed the upper end."),
        code="salary_range_upside_down",
        field=field,
    )


def _closing_date_passed() -> ValidationFailed:
    return ValidationFailed(
        gettext("The closing date has passed. Choose today or a later day."),
        code="closing_date_passed",
        field="expires_on",
    )


def _derived(
    merged: dict[str, Any], *, changed: dict[str, Any], employer_name: str
) -> dict[str, Any]:
    derived: dict[str, Any] = {}
    if SALARY_FIELDS & changed.keys():
        upper = merged["salary_to"] if merged["salary_to"] is not None else (
            merged["salary_from"]
        )
        derived["salary_kzt"] = to_kzt(upper, merged["currency"])
    if "occupation" in changed:
        derived["occupation_major"] = _major_group(merged["occupation"])
    if "region" in changed:
        region = merged["region"]
        derived["oblast"] = _oblast(region)
        derived["region_code"] = region.code if region else ""
    if _words_change(changed):
        oblast = derived["oblast"] if "oblast" in derived else _oblast(merged["region"])
        derived["search_title"], derived["search_document"] = search_fields(
            title=merged["title"],
            description=_plain(merged["description"]),
            duties=merged["duties"],
            requirements=merged["requirements"],
            employer=employer_name,
            places=_searched_places(merged, oblast=oblast),
        )
        derived["search_employer_name"] = employer_name
    return derived


def _words_change(changed: dict[str, Any]) -> bool:
    return bool((SEARCHED_FIELDS | PLACE_FIELDS) & changed.keys())


def _searched_places(merged: dict[str, Any], *, oblast: KatoUnit | None) -> list[str]:
    units = dict.fromkeys(unit for unit in (merged["region"], oblast) if unit)
    return searched_place_names(
        city=merged["city"],
        units=[(unit.name_kk, unit.name_ru, unit.name_en) for unit in units],
        country_code=merged["country_code"],
        is_abroad=merged["is_abroad"],
    )


def _major_group(occupation: Occupation | None) -> Occupation | None:
    if occupation is None or occupation.level == 1:
        return occupation
    return Occupation.objects.filter(
        version=occupation.version, level=1, code=occupation.code[:1]
    ).first()


def _oblast(region: KatoUnit | None) -> KatoUnit | None:
    if region is None or region.level == KatoLevel.OBLAST:
        return region
    # The first two digits of a KATO code name its oblast or city.
    return KatoUnit.objects.filter(
        version=region.version, level=KatoLevel.OBLAST, tree_prefix=region.code[:2]
    ).first()


def _clean_html(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    if not _HTML_TAG.search(text):
        # Typed as plain text: keep its paragraphs and line breaks.
        text = linebreaks(text, autoescape=True)
    return nh3.clean(text, tags=set(DESCRIPTION_TAGS), attributes={})


def _plain(markup: str) -> str:
    return html.unescape(nh3.clean(markup, tags=set()))


def _lock(vacancy: Vacancy) -> Vacancy:
    return Vacancy.objects.select_for_update().get(pk=vacancy.pk)


def _require_editor(*, employer: Employer, by: User) -> None:
    if user_is_back_office(by):
        return
    is_member = (
        by.is_authenticated
        and by.is_active
        and employer.members.filter(pk=by.pk).exists()
    )
    if not is_member:
        raise Forbidden(
            gettext("Only the staff of this company may change its vacancies."),
            code="not_a_member",
        )


# --- Staleness (Rules, 4.2: control over the timely updating of information) ---
# Which vacancies are stale is defined in vacancies.stale_selectors. The
# worker asks their employers once a day (vacancy_stale_ask_due) and closes
# those not reconfirmed in time (vacancy_stale_expire_due); an employer
# answers with one click on a signed link (vacancy_reconfirm).

RECONFIRM_SALT = "vacancies.reconfirm"
# A link stays valid a week beyond the term, so a late click is told that
# the vacancy has closed rather than that the link is broken.
RECONFIRM_LINK_SLACK = dt.timedelta(days=7)


def vacancy_reconfirm_token(vacancy: Vacancy) -> str:
    """Return the signed token of the question last put about VACANCY."""
    if vacancy.stale_notified_at is None:
        raise ValueError("the employer was not asked about this vacancy")
    asked = int(vacancy.stale_notified_at.timestamp())
    return signing.dumps({"v": vacancy.pk, "n": asked}, salt=RECONFIRM_SALT)


def vacancy_stale_ask_due(
    *, link: Callable[[str], str], now: dt.datetime | None = None
) -> int:
    """Ask the employers of stale vacancies to reconfirm them; return how many.

    LINK turns a token into the absolute address of the page that accepts
    it. The emails go out after the transaction commits.
    """
    now = _aware_now(now)
    with transaction.atomic():
        due = vacancies_to_ask(now=now)
        ids = list(due.values_list("pk", flat=True))
        # The same conditions again in the UPDATE: a vacancy its employer
        # changed in between is not marked.
        asked = due.filter(pk__in=ids).update(stale_notified_at=now)
        transaction.on_commit(lambda: _stale_notices_send(ids, asked_at=now, link=link))
    if asked:
        logger.info("asked employers to reconfirm %s stale vacancies", asked)
    return asked


def vacancy_reconfirm(*, token: str, now: dt.datetime | None = None) -> Vacancy:
    """Record the employer's answer "still open" given through a signed link."""
    now = _aware_now(now)
    data = _reconfirm_data(token)
    # The age counts from the question in the token, on the portal's clock.
    asked_at = dt.datetime.fromtimestamp(data["n"], dt.UTC)
    if now - asked_at > reconfirm_within() + RECONFIRM_LINK_SLACK:
        raise ValidationFailed(
            gettext("This link has expired. Open the vacancy in your cabinet "
                    "and save it to keep it published."),
            code="reconfirm_link_expired",
        )

    with transaction.atomic():
        vacancy = Vacancy.objects.select_for_update().filter(pk=data["v"]).first()
        if vacancy is None:
            raise NotFound(gettext("This vacancy no longer exists."))
        if vacancy.status != Status.PUBLISHED:
            raise Conflict(
                gettext("This vacancy is closed. Publish a new one if the job "
                        "is still open."),
                code="vacancy_closed",
            )
        asked = vacancy.stale_notified_at
        if asked is None or int(asked.timestamp()) != data["n"]:
            # Reconfirmed already (a second click) or asked again since.
            return vacancy
        _mark_reconfirmed(vacancy, now)
    logger.info("vacancy %s reconfirmed through the emailed link", vacancy.pk)
    return vacancy


def _reconfirm_data(token: str) -> dict[str, int]:
    try:
        data = signing.loads(token, salt=RECONFIRM_SALT)
    except signing.BadSignature:
        data = None
    if not isinstance(data, dict) or not all(
        isinstance(data.get(key), int) for key in ("v", "n")
    ):
        raise ValidationFailed(
            gettext("This link is damaged. Copy the whole address from the email."),
            code="reconfirm_link_invalid",
        )
    return data


def vacancy_reconfirm_by(*, vacancy: Vacancy, by: User,
                         now: dt.datetime | None = None) -> Vacancy:
    """Record that a member of the employer (or staff) says it is still open."""
    _require_editor(employer=vacancy.employer, by=by)
    now = _aware_now(now)
    with transaction.atomic():
        locked = _lock(vacancy)
        if locked.status != Status.PUBLISHED:
            raise Conflict(
                gettext("Only a published vacancy can be reconfirmed."),
                code="vacancy_not_published",
            )
        _mark_reconfirmed(locked, now)
    logger.info("vacancy %s reconfirmed by user %s", locked.pk, by.pk)
    return locked


def vacancy_stale_expire_due(*, now: dt.datetime | None = None) -> int:
    """Close as expired the vacancies not reconfirmed in time; return how many.

    One conditional UPDATE, as vacancy_expire_due does: a vacancy that its
    employer reconfirms or changes at the same moment no longer matches and
    stays open. vacancy_close needs a person with rights over the employer;
    here the Rules' term closes the vacancy, not a person.
    """
    now = _aware_now(now)
    closed = vacancies_to_expire(now=now).update(
        status=Status.CLOSED, close_reason=CloseReason.EXPIRED, closed_at=now,
        updated_at=now,
    )
    if closed:
        logger.info("closed %s vacancies that were not reconfirmed", closed)
    return closed


def vacancy_stale_close(*, vacancy: Vacancy, by: User) -> Vacancy:
    """Close a stale vacancy as expired at once, on an administrator's word."""
    return vacancy_close(vacancy=vacancy, by=by, reason=CloseReason.EXPIRED)


def _mark_reconfirmed(vacancy: Vacancy, now: dt.datetime) -> None:
    vacancy.reconfirmed_at = now
    vacancy.stale_notified_at = None
    vacancy.save(update_fields=["reconfirmed_at", "stale_notified_at"])


def _aware_now(now: dt.datetime | None) -> dt.datetime:
    now = now or timezone.now()
    if timezone.is_naive(now):
        raise ValueError("a naive datetime cannot say when")
    return now


def _stale_notices_send(
    ids: list[int], *, asked_at: dt.datetime, link: Callable[[str], str]
) -> None:
    vacancies = (
        Vacancy.objects.filter(pk__in=ids, stale_notified_at=asked_at)
        .select_related("employer").order_by("employer_id", "title")
    )
    by_employer: dict[int, list[Vacancy]] = {}
    for vacancy in vacancies:
        by_employer.setdefault(vacancy.employer_id, []).append(vacancy)
    deadline = (asked_at + reconfirm_within()).astimezone(ALMATY).date()
    for group in by_employer.values():
        _stale_notice_send(group, deadline=deadline, link=link)


def _stale_notice_send(
    group: list[Vacancy], *, deadline: dt.date, link: Callable[[str], str]
) -> None:
    employer = group[0].employer
    members = list(employer.members.filter(is_active=True).order_by("pk"))
    recipients = sorted({e for e in [employer.contact_email,
                                     *(m.email for m in members)] if e})
    if not recipients:
        logger.warning("employer %s has no address to ask about stale vacancies",
                       employer.pk)
        return
    language = members[0].preferred_language if members else "kk"
    with translation.override(language):
        subject = gettext("Are your vacancies still open?")
        lines = [
            gettext("These vacancies of %(employer)s have not changed for a long "
                    "time. If a vacancy is still open, confirm it with its link "
                    "by %(deadline)s; otherwise it will close as expired.")
            % {"employer": employer.name, "deadline": deadline.isoformat()},
            "",
        ]
        lines += [f"{vacancy.title}\n{link(vacancy_reconfirm_token(vacancy))}\n"
                  for vacancy in group]
    try:
        send_mail(subject, "\n".join(lines), None, recipients)
    except Exception:  # noqa: BLE001
        # The vacancies stay asked; the report shows them to the administrator.
        logger.warning("could not email employer %s about stale vacancies",
                       employer.pk, exc_info=True)
