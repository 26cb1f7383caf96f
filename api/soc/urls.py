from django.urls import path

from api.soc import views as soc_views

app_name = "soc"
urlpatterns = [
    path("alerts/", soc_views.alert_receive, name="alerts"),
]
