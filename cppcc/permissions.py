"""Role checks for views. What a role may do with a given object is decided in each app's
permissions.py; this module only provides the view guards that call those decisions.

cppcc/ sits below members/ and never imports it: "is staff" is members.permissions.is_staff, named
in settings.PORTAL_STAFF_CHECK and looked up when a guarded view is called."""

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied
from django.utils.module_loading import import_string


def user_has_role(user, *roles: str) -> bool:
    return bool(user.is_authenticated and (user.role in roles or user.is_superuser))


def is_staff(user) -> bool:
    """The one "is staff" rule, wherever it lives (settings.PORTAL_STAFF_CHECK)."""
    return bool(import_string(settings.PORTAL_STAFF_CHECK)(user))


def _guard(allowed: Callable[[object], bool]) -> Callable:
    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not allowed(request.user):
                raise PermissionDenied("您的角色无权访问此页面。")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def role_required(*roles: str) -> Callable:
    """Function-view decorator: 403 unless the user has one of `roles` (login is enforced globally)."""
    return _guard(lambda user: user_has_role(user, *roles))


staff_required = _guard(is_staff)


class RoleRequiredMixin(AccessMixin):
    allowed_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not user_has_role(request.user, *self.allowed_roles):
            raise PermissionDenied("您的角色无权访问此页面。")
        return super().dispatch(request, *args, **kwargs)
