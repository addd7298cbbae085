from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("figures/<str:code>/", views.figure_rows, name="figure_rows"),
    path("annual/", views.report_list, name="report_list"),
    path("annual/<int:year>/", views.report_detail, name="report_detail"),
    path("annual/<int:year>/preview/", views.preview, name="preview"),
    path("annual/<int:year>/sections/new/", views.section_edit, name="section_add"),
    path("annual/<int:year>/sections/<int:pk>/", views.section_edit, name="section_edit"),
    path("annual/<int:year>/sections/<int:pk>/delete/", views.section_delete, name="section_delete"),
    path("annual/<int:year>/sections/<int:pk>/move/", views.section_move, name="section_move"),
    path("annual/<int:year>/snapshots/", views.snapshot_create, name="snapshot_create"),
    path("snapshots/<int:pk>/", views.snapshot_detail, name="snapshot_detail"),
    path("snapshots/<int:pk>/pdf/", views.snapshot_download, name="snapshot_download"),
]
