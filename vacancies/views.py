from django.http import HttpRequest, HttpResponse


def home(request: HttpRequest) -> HttpResponse:
    return HttpResponse("home")


def search(request: HttpRequest) -> HttpResponse:
    return HttpResponse("search")


def detail(request: HttpRequest, vacancy_id: int) -> HttpResponse:
    return HttpResponse("detail")
