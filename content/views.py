"""Public information pages (Rules 4.5 and 5): what's new, instructions, FAQ, more.

An item asked for in a language it has no text in is not shown in another
language: the page says so and links to the languages it has.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, translate_url
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from content import selectors
from content.forms import FaqSearchForm, FaqVoteForm
from content.languages import Localized, item_languages, language_name
from content.media import video_mime
from content.models import LANGUAGES, FaqEntry, InfoItem, Instruction, NewsItem
from content.selectors import item_get_visible
from content.services import faq_entry_vote, notice_dismiss
from content.streaming import file_response
from core.errors import NotFound

PAGE_SIZE = 20


def _language() -> str:
    language = get_language()
    return language if language in LANGUAGES else LANGUAGES[0]


def _get(model: type[Model], pk: int, **filters: Any) -> Any:
    try:
        return item_get_visible(model, pk, **filters)
    except NotFound as error:
        raise Http404(error.message) from error


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    context = {"info_types": localize_all(selectors.info_types())}
    return render(request, "content/index.html", context)


@require_GET
def news_list(request: HttpRequest) -> HttpResponse:
    language = _language()
    paginator = Paginator(selectors.news_in_language(language=language), PAGE_SIZE)
    page = paginator.get_page(request.GET.get("page"))
    context = {
        "page": page,
        "items": selectors.localized(page.object_list, language),
        "elsewhere": selectors.news_elsewhere(language=language, limit=PAGE_SIZE),
    }
    return render(request, "content/news_list.html", context)


@require_GET
def news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_item(request, _get(NewsItem, pk), "content/news_detail.html")


@login_required
@require_POST
def news_dismiss(request: HttpRequest, pk: int) -> HttpResponse:
    news = _get(NewsItem, pk, is_notice=True)
    notice_dismiss(user=request.user, news=news)
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        target = reverse("content:news_detail", kwargs={"pk": news.pk})
    return redirect(target)


@require_GET
def instructions(request: HttpRequest, audience: str | None = None) -> HttpResponse:
    if audience is not None:
        try:
            audience = selectors.audience_get(audience)
        except NotFound as error:
            raise Http404(error.message) from error
    sections = selectors.instruction_sections(language=_language(), audience=audience)
    context = {"sections": sections, "audience": audience}
    return render(request, "content/instructions.html", context)


@require_GET
def instruction_detail(request: HttpRequest, audience: str, pk: int) -> HttpResponse:
    instruction = _get(Instruction, pk, audience=audience)
    return render_item(request, instruction, "content/instruction_detail.html")


@require_GET
def faq(request: HttpRequest) -> HttpResponse:
    form = FaqSearchForm(request.GET)
    if not form.is_valid():
        context = {"form": form, "result": None}
        return render(request, "content/faq.html", context, status=400)
    query = form.cleaned_data["q"]
    result = selectors.faq_search(language=_language(), query=query)
    context = {"form": form, "result": result, "query": query}
    return render(request, "content/faq.html", context)


@require_POST
def faq_vote(request: HttpRequest, pk: int) -> HttpResponse:
    entry = _get(FaqEntry, pk)
    form = FaqVoteForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose yes or no."))
    elif faq_entry_vote(
        entry=entry, helpful=form.cleaned_data["helpful"], session=request.session
    ):
        messages.success(request, _("Thank you. Your answer helps us improve."))
    else:
        messages.info(request, _("You have already answered for this question."))
    query = request.POST.get("q", "")[: FaqSearchForm.base_fields["q"].max_length]
    target = reverse("content:faq")
    if query:
        target = f"{target}?{urlencode({'q': query})}"
    return redirect(f"{target}#faq-{entry.pk}")


@require_GET
def info_type_page(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        info_type = selectors.info_type_get(slug)
    except NotFound as error:
        raise Http404(error.message) from error
    language = _language()
    items = selectors.info_items(info_type=info_type)
    page = Paginator(
        selectors.in_language(items, language), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    context = {
        "info_type": Localized(info_type, language),
        "page": page,
        "items": [
            (
                Localized(item, language),
                selectors.info_item_values(item, language=language),
            )
            for item in page.object_list
        ],
        "elsewhere": selectors.elsewhere(
            selectors.not_in_language(items, language)[:PAGE_SIZE]
        ),
    }
    return render(request, "content/info_type.html", context)


@require_GET
def info_item_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = _get(InfoItem, pk, info_type__slug=slug)
    return render_item(request, item, "content/info_item.html")


@require_GET
def media_file(request: HttpRequest, kind: str, pk: int, name: str) -> HttpResponse:
    try:
        stored = selectors.media_file_get(
            kind=kind, pk=pk, name=name, staff=request.user.is_staff
        )
    except NotFound as error:
        raise Http404(error.message) from error
    return file_response(request, stored, attachment=kind == "value")


# --- Rendering shared with the admin preview ------------------------------------


def render_item(
    request: HttpRequest, item: Any, template: str, *, preview: bool = False
) -> HttpResponse:
    """Render ITEM in the active language, or say which languages it has."""
    language = _language()
    languages = item_languages(item)
    if language not in languages:
        return _missing_language(request, item, languages, preview=preview)
    context = {
        "item": Localized(item, language),
        "preview": preview,
        "other_languages": _language_links(request, languages, exclude=language),
    }
    if isinstance(item, InfoItem):
        context["info_type"] = Localized(item.info_type, language)
        context["values"] = selectors.info_item_values(item, language=language)
    if isinstance(item, Instruction):
        context["tracks"] = _caption_tracks(item, language)
        context["video_type"] = video_mime(item.video.name) if item.video else ""
    return render(request, template, context)


def _missing_language(
    request: HttpRequest, item: Any, languages: list[str], *, preview: bool
) -> HttpResponse:
    context = {
        "asked": language_name(_language()),
        "links": _language_links(request, languages),
        "preview": preview,
    }
    # 404: the page does not exist in this language, and search engines
    # should not index an empty page under it.
    return render(request, "content/missing_language.html", context, status=404)


def _language_links(
    request: HttpRequest, languages: list[str], *, exclude: str = ""
) -> list[dict[str, str]]:
    path = request.get_full_path()
    return [
        {"code": code, "name": language_name(code), "url": translate_url(path, code)}
        for code in languages
        if code != exclude
    ]


def _caption_tracks(item: Instruction, language: str) -> list[dict[str, Any]]:
    tracks = []
    for code in LANGUAGES:
        if not getattr(item, f"captions_{code}"):
            continue
        url = reverse(
            "content:media",
            kwargs={"kind": "instruction", "pk": item.pk, "name": f"captions_{code}"},
        )
        tracks.append(
            {"code": code, "label": language_name(code), "url": url,
             "default": code == language}
        )
    return tracks


def localize_all(items: Any) -> list[Localized]:
    return selectors.localized(items, _language())
