from django.urls import path

from helpdesk import views

app_name = "helpdesk"
urlpatterns = [
    path("", views.feedback_page, name="form"),
    path("r/<str:token>/", views.private_page, name="private"),
    path(
        "r/<str:token>/files/<int:attachment_id>/",
        views.private_attachment,
        name="private_attachment",
    ),
    path("desk/", views.queue_page, name="queue"),
    path("desk/report/", views.report_page, name="report"),
    path("desk/report.csv", views.report_csv, name="report_csv"),
    path("desk/files/<int:attachment_id>/", views.staff_attachment, name="attachment"),
    path("desk/<str:number>/", views.detail_page, name="detail"),
    path("desk/<str:number>/assign/", views.assign_action, name="assign"),
    path("desk/<str:number>/note/", views.note_action, name="note"),
    path("desk/<str:number>/reply/", views.reply_action, name="reply"),
    path("desk/<str:number>/close/", views.close_action, name="close"),
    path(
        "desk/<str:number>/incident/",
        views.incident_open_action,
        name="incident_open",
    ),
    path(
        "desk/<str:number>/incident/link/",
        views.incident_link_action,
        name="incident_link",
    ),
]
