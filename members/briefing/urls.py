from django.urls import path

from . import views

app_name = "briefing"

urlpatterns = [
    path("", views.announcement_list, name="announcement_list"),
    path("new/", views.announcement_create, name="announcement_create"),
    path("<int:pk>/", views.announcement_detail, name="announcement_detail"),
    path("<int:pk>/publish/", views.announcement_publish, name="announcement_publish"),
    path("<int:pk>/receipt/", views.announcement_receipt, name="announcement_receipt"),
    path("<int:pk>/readers/", views.announcement_readers, name="announcement_readers"),
    path("<int:pk>/receipts.xlsx", views.announcement_receipts_export, name="announcement_receipts_export"),
    path("attachments/<int:pk>/", views.announcement_attachment, name="announcement_attachment"),
    path("library/", views.library, name="library"),
    path("library/folders/new/", views.folder_create, name="folder_create"),
    path("library/new/", views.document_create, name="document_create"),
    path("library/<int:pk>/", views.document_detail, name="document_detail"),
    path("library/<int:pk>/download/", views.document_download, name="document_download"),
    path("library/<int:pk>/versions/", views.document_version_add, name="document_version_add"),
    path("library/versions/<int:pk>/", views.version_download, name="version_download"),
    path("training/", views.course_list, name="course_list"),
    path("training/new/", views.course_create, name="course_create"),
    path("training/<int:pk>/", views.course_detail, name="course_detail"),
    path("training/<int:pk>/enrol/", views.course_enrol, name="course_enrol"),
    path("training/<int:pk>/enrol-members/", views.course_enrol_members, name="course_enrol_members"),
    path("training/<int:pk>/sessions/", views.session_add, name="session_add"),
    path("training/<int:pk>/quiz/", views.quiz, name="quiz"),
    path("training/sessions/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("wenshi/", views.collection_list, name="collection_list"),
    path("wenshi/new/", views.collection_create, name="collection_create"),
    path("wenshi/<int:pk>/", views.collection_detail, name="collection_detail"),
    path("wenshi/<int:pk>/submit/", views.piece_create, name="piece_create"),
    path("wenshi/<int:pk>/volume.pdf", views.volume_pdf, name="volume_pdf"),
    path("wenshi/pieces/<int:pk>/", views.piece_detail, name="piece_detail"),
    path("wenshi/pieces/<int:pk>/edit/", views.piece_edit, name="piece_edit"),
    path("wenshi/pieces/<int:pk>/<slug:action>/", views.piece_action, name="piece_action"),
    path("wenshi/files/<int:pk>/", views.piece_file, name="piece_file"),
    path("figures/", views.figure_list, name="figure_list"),
]
