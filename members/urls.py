from django.urls import path

from . import views
from .channels import views as channel_views

app_name = "members"

urlpatterns = [
    path("notifications/", views.notification_inbox, name="notifications"),
    path("notifications/read/", views.notification_read, name="notifications_read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/settings/", channel_views.preferences, name="notification_settings"),
    path("directory/", views.member_directory, name="directory"),
    path("<int:pk>/", views.member_detail, name="detail"),
    path("roster/", views.roster_import, name="roster_import"),
    path("roster/export/", views.roster_export, name="roster_export"),
    path("roster/template/", views.roster_template, name="roster_template"),
    path("<int:pk>/duty/", views.duty_record_view, name="duty_record"),
    path("<int:pk>/duty/<int:year>/print/", views.duty_file_print, name="duty_file_print"),
    path("<int:pk>/duty/<int:year>/pdf/", views.duty_file_pdf, name="duty_file_pdf"),
    path("my-duty/", views.my_duty, name="my_duty"),
    path("ranking/", views.ranking, name="ranking"),
    path("below-minimum/", views.below_minimum, name="below_minimum"),
    path("duty/add/", views.duty_bulk_add, name="duty_bulk_add"),
    path("duty/<int:pk>/delete/", views.duty_event_delete, name="duty_event_delete"),
    path("duty/rules/apply/", views.duty_rules_apply, name="duty_rules_apply"),
    path("self-report/", views.self_report, name="self_report"),
    path("self-reports/", views.self_report_list, name="self_report_list"),
    path("self-reports/<int:pk>/", views.self_report_detail, name="self_report_detail"),
]
