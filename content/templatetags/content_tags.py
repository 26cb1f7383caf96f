"""Template helpers of the information pages."""

from django import template
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

from content.languages import Localized
from content.models import FaqEntry, InfoItem, Instruction, NewsItem
from content.richtext import clean_html

register = template.Library()


@register.filter
def rich_text(value: str) -> SafeString:
    """Show administrator HTML, cleaned again on the way out."""
    return mark_safe(clean_html(value or ""))  # noqa: S308  (sanitised just now)


@register.simple_tag
def media_url(kind: str, pk: int, name: str) -> str:
    return reverse("content:media", kwargs={"kind": kind, "pk": pk, "name": name})


@register.simple_tag
def item_url(entry: Localized) -> str:
    """Return the address of ENTRY's page in ENTRY's language."""
    item = entry.item
    with translation.override(entry.language):
        if isinstance(item, NewsItem):
            return reverse("content:news_detail", kwargs={"pk": item.pk})
        if isinstance(item, Instruction):
            kwargs = {"audience": item.audience, "pk": item.pk}
            return reverse("content:instruction_detail", kwargs=kwargs)
        if isinstance(item, InfoItem):
            kwargs = {"slug": item.info_type.slug, "pk": item.pk}
            return reverse("content:info_item", kwargs=kwargs)
        if isinstance(item, FaqEntry):
            return f"{reverse('content:faq')}#faq-{item.pk}"
    raise TypeError(f"no page for {type(item).__name__}")
