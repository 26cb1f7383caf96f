from django.http import HttpRequest, HttpResponse


def signup(request: HttpRequest) -> HttpResponse:
    return HttpResponse("signup")


def cabinet(request: HttpRequest) -> HttpResponse:
    return HttpResponse("cabinet")
