from django.conf import settings

from members.selectors import unread_notification_count

from .nav import nav_for


def portal(request):
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "nav_items": nav_for(user) if authenticated else [],
        "unread_count": unread_notification_count(user=user) if authenticated else 0,
    }
