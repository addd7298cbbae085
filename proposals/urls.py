from django.urls import path

from . import views

app_name = "proposals"

urlpatterns = [
    path("", views.register, name="register"),
    path("export/", views.register_export, name="export"),
    path("batch/", views.batch_review, name="batch"),
    path("selection/", views.selection_action, name="selection"),
    path("new/help/", views.draft_help, name="draft_help"),
    path("mine/", views.proposal_mine, name="mine"),
    path("unit/", views.unit_queue, name="unit_queue"),
    path("new/", views.proposal_create, name="create"),
    path("<int:pk>/", views.proposal_detail, name="detail"),
    path("<int:pk>/edit/", views.proposal_edit, name="edit"),
    path("<int:pk>/do/<slug:action>/", views.proposal_action, name="action"),
    path("<int:pk>/attachments/", views.attachment_upload, name="attachment_upload"),
    path("<int:pk>/print/", views.proposal_print, name="print"),
    path("<int:pk>/pdf/", views.proposal_pdf, name="pdf"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("replies/<int:pk>/letter/", views.reply_letter_download, name="reply_letter"),
    path("opinions/", views.opinion_list, name="opinion_list"),
    path("opinions/new/", views.opinion_create, name="opinion_create"),
    path("opinions/<int:pk>/", views.opinion_detail, name="opinion_detail"),
    path("opinions/<int:pk>/do/<slug:action>/", views.opinion_action, name="opinion_action"),
]
