"""RSS and Atom feeds of what's new, one per portal language.

Each feed lists only the items written in its language, the language of the
address it is read at (/kk/info/news/feed/, /ru/..., /en/...).
"""

import datetime as dt

from django.contrib.syndication.views import Feed
from django.db.models import QuerySet
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import get_language, gettext

from content.models import LANGUAGES, NewsItem
from content.selectors import news_in_language

FEED_SIZE = 30


def _language() -> str:
    language = get_language()
    return language if language in LANGUAGES else LANGUAGES[0]


class NewsFeed(Feed):
    def title(self) -> str:
        return gettext("What's new on the Electronic Labor Exchange")

    def link(self) -> str:
        return reverse("content:news_list")

    def description(self) -> str:
        return gettext("New opportunities of the portal.")

    def items(self) -> QuerySet[NewsItem]:
        return news_in_language(language=_language())[:FEED_SIZE]

    def item_title(self, item: NewsItem) -> str:
        return getattr(item, f"title_{_language()}")

    def item_description(self, item: NewsItem) -> str:
        return getattr(item, f"summary_{_language()}")

    def item_link(self, item: NewsItem) -> str:
        return reverse("content:news_detail", kwargs={"pk": item.pk})

    def item_pubdate(self, item: NewsItem) -> dt.datetime | None:
        return item.publish_at

    def item_updateddate(self, item: NewsItem) -> dt.datetime:
        return item.updated_at


class NewsAtomFeed(NewsFeed):
    feed_type = Atom1Feed

    def subtitle(self) -> str:
        return self.description()
