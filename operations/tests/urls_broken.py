"""A page that fails, for the test of unhandled exceptions in the log."""

from django.http import HttpRequest, HttpResponse
from django.urls import path


def broken(request: HttpRequest) -> HttpResponse:
    return HttpResponse(str(1 / 0))


urlpatterns = [path("broken/", broken)]
