from django.conf import settings

from .nav import nav_for


def portal(request):
    """Portal name and navigation. The unread-notice count comes from members' own context
    processor (members.context_processors.inbox): cppcc/ never imports members/."""
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "nav_items": nav_for(user) if authenticated else [],
    }
