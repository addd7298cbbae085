from django.urls import path

from . import views

app_name = "consultations"

urlpatterns = [
    path("", views.activity_list, name="activity_list"),
    path("new/", views.activity_create, name="activity_create"),
    path("<int:pk>/", views.activity_detail, name="activity_detail"),
    path("<int:pk>/invite/", views.activity_invite, name="activity_invite"),
    path("<int:pk>/respond/", views.invitation_respond, name="invitation_respond"),
    path("<int:pk>/attendance/", views.attendance, name="attendance"),
    path("<int:pk>/documents/", views.document_add, name="document_add"),
    path("<int:pk>/suggestions/", views.suggestion_add, name="suggestion_add"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("plan/", views.plan, name="plan"),
    path("plan/topics/", views.plan_topic_add, name="plan_topic_add"),
    path("plan/topics/<int:pk>/approve/", views.plan_topic_approve, name="plan_topic_approve"),
    path("suggestions/", views.board, name="board"),
    path("suggestions/report/", views.tracking_report, name="tracking_report"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="suggestion_detail"),
    path("suggestions/<int:pk>/do/<slug:action>/", views.suggestion_action, name="suggestion_action"),
    path("updates/<int:pk>/attachment/", views.update_attachment, name="update_attachment"),
]
