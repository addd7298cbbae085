from django.urls import path

from . import activity_edit, views

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
    path(
        "new/<slug:body_type>/<int:body_id>/",
        activity_edit.activity_create_for_body,
        name="activity_create_body",
    ),
    path("<int:pk>/edit/", activity_edit.activity_edit, name="activity_edit"),
    path("<int:pk>/postpone/", activity_edit.activity_postpone, name="activity_postpone"),
    path("<int:pk>/cancel/", activity_edit.activity_cancel, name="activity_cancel"),
    path("<int:pk>/invite/pick/", activity_edit.activity_invite_pick, name="activity_invite_pick"),
    path("plan/", views.plan, name="plan"),
    path("plan/topics/", views.plan_topic_add, name="plan_topic_add"),
    path("plan/topics/<int:pk>/approve/", views.plan_topic_approve, name="plan_topic_approve"),
    path("suggestions/", views.board, name="board"),
    path("suggestions/report/", views.tracking_report, name="tracking_report"),
    path("suggestions/<int:pk>/", views.suggestion_detail, name="suggestion_detail"),
    path("suggestions/<int:pk>/do/<slug:action>/", views.suggestion_action, name="suggestion_action"),
    path("updates/<int:pk>/attachment/", views.update_attachment, name="update_attachment"),
]
