from .selectors import unread_notification_count


def inbox(request):
    """The unread-notice count shown in the header of every page."""
    user = getattr(request, "user", None)
    authenticated = bool(user and user.is_authenticated)
    return {"unread_count": unread_notification_count(user=user) if authenticated else 0}
