from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("notifications/", views.notification_inbox, name="notifications"),
    path("notifications/read/", views.notification_read, name="notifications_read"),
    path("notifications/<int:pk>/", views.notification_open, name="notification_open"),
    path("notifications/settings/", views.notification_settings, name="notification_settings"),
    path("directory/", views.member_directory, name="directory"),
    path("<int:pk>/", views.member_detail, name="detail"),
]
