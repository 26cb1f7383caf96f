"""Filters and tags for showing vacancies on the public pages."""

from django import template
from django.http import QueryDict
from django.utils.translation import gettext as _

from classifiers.places import fold_place_name
from vacancies.models import Vacancy
from vacancies.place_names import city_name, country_name

register = template.Library()

# Thousands are grouped with a narrow space, as Kazakh and Russian typography
# do, so that "150 000" does not read as a decimal fraction. It is the
# no-break one (U+202F): a line may end beside an amount, never inside it.
GROUP_SPACE = "\u202f"


@register.filter
def grouped(number: int | None) -> str:
    if number is None:
        return ""
    return f"{number:,}".replace(",", GROUP_SPACE)


@register.filter
def salary_range(vacancy: Vacancy) -> str:
    """Return "from X to Y KZT" and its shorter forms; "" when no salary is given."""
    low, high = vacancy.salary_from, vacancy.salary_to
    amounts = {
        "low": grouped(low), "high": grouped(high), "currency": vacancy.currency,
    }
    if low is not None and high is not None:
        if low == high:
            return _("%(low)s %(currency)s") % amounts
        return _("from %(low)s to %(high)s %(currency)s") % amounts
    if low is not None:
        return _("from %(low)s %(currency)s") % amounts
    if high is not None:
        return _("up to %(high)s %(currency)s") % amounts
    return ""


@register.filter
def place_line(vacancy: Vacancy) -> str:
    """Return "city, oblast" in Kazakhstan, "city, country (abroad)" abroad,
    naming a place once when both name it.

    The city is the KATO unit's name in the reader's language where the
    import resolved it below the oblast, else the source's own text (often
    Russian; romanised on English pages, vacancies.place_names). A city of
    republican significance is its own oblast: "Алматы" and "г.Алматы" are
    one place, shown once by the oblast's name.
    """
    oblast = vacancy.oblast
    region = vacancy.region
    if region is not None and oblast is not None and region.pk != oblast.pk:
        return _with_abroad(vacancy, f"{region.name}, {oblast.name}")
    names = [city_name(vacancy.city)] if vacancy.city else []
    if oblast is not None:
        spellings = (oblast.name_ru, oblast.name_kk, oblast.name)
        if any(_same_place(vacancy.city, name) for name in spellings):
            names = []
        names.append(oblast.name)
    return _with_abroad(vacancy, ", ".join(names))


def _with_abroad(vacancy: Vacancy, line: str) -> str:
    if vacancy.is_abroad:
        if vacancy.country_code:
            line = ", ".join(filter(None, [line, country_name(vacancy.country_code)]))
        line = f"{line} ({_('abroad')})".lstrip()
    return line


def _same_place(first: str, second: str) -> bool:
    # fold_place_name drops case, ё and the type marks ("г.", "г ",
    # "город", "қ.", "қаласы"); spaces between words go as well.
    def bare(name: str) -> str:
        return fold_place_name(name).replace(" ", "")

    return bool(first) and bare(first) == bare(second)


@register.simple_tag(takes_context=True)
def query_with(context: template.Context, key: str, value: object) -> str:
    """Return "?..." for the current query with KEY set to VALUE.

    The page number is dropped unless KEY is the page itself, because a
    changed filter starts from the first page. An empty VALUE removes KEY.
    """
    params: QueryDict = context["request"].GET.copy()
    params.pop("page", None)
    params.pop(key, None)
    if value not in ("", None):
        params[key] = str(value)
    return "?" + params.urlencode()
