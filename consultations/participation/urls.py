"""Internal pages under /participation/ and public pages (no login) under /public/; one include."""

from django.urls import path

from . import public_views, views

app_name = "participation"

urlpatterns = [
    path("participation/", views.index, name="index"),
    path("participation/calls/new/", views.call_create, name="call_create"),
    path("participation/calls/<int:pk>/", views.call_detail, name="call_detail"),
    path("participation/calls/<int:pk>/submit/", views.topic_submit, name="topic_submit"),
    path("participation/calls/<int:pk>/close/", views.call_close, name="call_close"),
    path("participation/calls/<int:pk>/vote/", views.ranking_create, name="ranking_create"),
    path("participation/topics/<int:pk>/<slug:action>/", views.submission_action, name="submission_action"),
    path("participation/deliberations/", views.deliberation_list, name="deliberation_list"),
    path("participation/deliberations/new/", views.deliberation_open, name="deliberation_open"),
    path("participation/deliberations/<int:pk>/", views.deliberation_detail, name="deliberation_detail"),
    path("participation/deliberations/<int:pk>/post/", views.opinion_post, name="opinion_post"),
    path(
        "participation/deliberations/<int:pk>/result/", views.deliberation_result, name="deliberation_result"
    ),
    path(
        "participation/deliberations/<int:pk>/export/", views.deliberation_export, name="deliberation_export"
    ),
    path("participation/opinions/<int:pk>/<slug:action>/", views.opinion_action, name="opinion_action"),
    path("participation/moderation/", views.moderation, name="moderation"),
    path("participation/surveys/", views.survey_list, name="survey_list"),
    path("participation/surveys/new/", views.survey_create, name="survey_create"),
    path("participation/surveys/<int:pk>/", views.survey_detail, name="survey_detail"),
    path("participation/surveys/<int:pk>/results/", views.survey_results, name="survey_results"),
    path("participation/surveys/<int:pk>/export/", views.survey_export, name="survey_export"),
    path("participation/surveys/<int:pk>/close/", views.survey_close, name="survey_close"),
    path("participation/surveys/<int:pk>/save-result/", views.ranking_save, name="ranking_save"),
    path("participation/figures/", views.figure_list, name="figure_list"),
    # public pages: no login (login_not_required on each view)
    path("public/", public_views.index, name="public_index"),
    path("public/calls/", public_views.call_list, name="public_calls"),
    path("public/calls/<int:pk>/", public_views.call_detail, name="public_call"),
    path("public/consultations/", public_views.deliberation_list, name="public_deliberations"),
    path("public/consultations/<int:pk>/", public_views.deliberation_detail, name="public_deliberation"),
    path("public/results/", public_views.results, name="public_results"),
    path("public/replies/", public_views.replies, name="public_replies"),
    path("public/surveys/<int:pk>/", public_views.survey_detail, name="public_survey"),
]
