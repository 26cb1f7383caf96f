from django.urls import path

from content import feeds, views

app_name = "content"
urlpatterns = [
    path("", views.index, name="index"),
    path("news/", views.news_list, name="news_list"),
    path("news/feed/", feeds.NewsFeed(), name="news_feed"),
    path("news/atom/", feeds.NewsAtomFeed(), name="news_atom"),
    path("news/<int:pk>/", views.news_detail, name="news_detail"),
    path("news/<int:pk>/dismiss/", views.news_dismiss, name="news_dismiss"),
    path("instructions/", views.instructions, name="instructions"),
    path(
        "instructions/<slug:audience>/", views.instructions, name="instructions_for"
    ),
    path(
        "instructions/<slug:audience>/<int:pk>/",
        views.instruction_detail,
        name="instruction_detail",
    ),
    path("faq/", views.faq, name="faq"),
    path("faq/<int:pk>/vote/", views.faq_vote, name="faq_vote"),
    path("types/<slug:slug>/", views.info_type_page, name="info_type"),
    path("types/<slug:slug>/<int:pk>/", views.info_item_detail, name="info_item"),
    path(
        "media/<slug:kind>/<int:pk>/<slug:name>/", views.media_file, name="media"
    ),
]
