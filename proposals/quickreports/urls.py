from django.urls import path

from . import views

app_name = "quickreports"

urlpatterns = [
    path("", views.register, name="register"),
    path("export/", views.register_export, name="export"),
    path("mine/", views.mine, name="mine"),
    path("new/", views.report_create, name="create"),
    path("triage/", views.triage, name="triage"),
    path("unit/", views.unit_queue, name="unit_queue"),
    path("league/", views.league, name="league"),
    path("supervision/", views.supervision, name="supervision"),
    path("<int:pk>/", views.report_detail, name="detail"),
    path("<int:pk>/do/<slug:action>/", views.report_action, name="action"),
    path("photos/<int:pk>/", views.photo, name="photo"),
]
