from django.urls import path

from . import views

app_name = "meetings"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.meeting_create, name="create"),
    path("<int:pk>/", views.meeting_detail, name="detail"),
    path("<int:pk>/edit/", views.meeting_edit, name="edit"),
    path("<int:pk>/action/<slug:action>/", views.meeting_action, name="action"),
    path("<int:pk>/invite/", views.meeting_invite, name="invite"),
    path("<int:pk>/respond/", views.invitation_respond, name="respond"),
    path("<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("<int:pk>/documents/", views.document_add, name="document_add"),
    path("<int:pk>/roll/", views.roll, name="roll"),
    path("<int:pk>/minutes/", views.minutes, name="minutes"),
    path("<int:pk>/speeches/", views.speeches, name="speeches"),
    path("agenda/<int:pk>/decide/", views.agenda_decide, name="agenda_decide"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("invitations/<int:pk>/leave/<slug:decision>/", views.leave_decide, name="leave_decide"),
    path("sessions/<int:pk>/", views.session_screen, name="session"),
    path("sessions/<int:pk>/qr/", views.session_qr, name="session_qr"),
    path("sessions/<int:pk>/count/", views.session_count, name="session_count"),
    path("sessions/<int:pk>/mark/", views.session_mark, name="session_mark"),
    path("sessions/<int:pk>/close/", views.session_close, name="session_close"),
    path("signin/<str:token>/", views.signin_view, name="signin"),
    path("speeches/", views.speech_list, name="speech_list"),
    path("speeches/<int:pk>/select/", views.speech_select, name="speech_select"),
    path("attendance/", views.attendance_list, name="attendance"),
]
