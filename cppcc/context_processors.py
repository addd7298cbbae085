from django.conf import settings

from .nav import nav_menu


def portal(request):
    """Portal name and navigation. The unread-notice count comes from members' own context
    processor (members.context_processors.inbox): cppcc/ never imports members/."""
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    match = getattr(request, "resolver_match", None)
    return {
        "PORTAL_NAME": settings.PORTAL_NAME,
        "nav_menu": nav_menu(user, match.view_name if match else "") if authenticated else [],
    }
