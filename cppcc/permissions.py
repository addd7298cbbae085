"""Role checks for views. What a role may do with a given object is decided in each app's
permissions.py; this module only provides the view guards that call those decisions."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.mixins import AccessMixin
from django.core.exceptions import PermissionDenied

from members.models import Role

STAFF_ROLES = (Role.STAFF, Role.ADMIN)
OVERSIGHT_ROLES = (Role.STAFF, Role.ADMIN, Role.LEADER)


def user_has_role(user, *roles: str) -> bool:
    return bool(user.is_authenticated and (user.role in roles or user.is_superuser))


def role_required(*roles: str) -> Callable:
    """Function-view decorator: 403 unless the user has one of `roles` (login is enforced globally)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not user_has_role(request.user, *roles):
                raise PermissionDenied("您的角色无权访问此页面。")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


class RoleRequiredMixin(AccessMixin):
    allowed_roles: tuple[str, ...] = ()

    def dispatch(self, request, *args, **kwargs):
        if not user_has_role(request.user, *self.allowed_roles):
            raise PermissionDenied("您的角色无权访问此页面。")
        return super().dispatch(request, *args, **kwargs)
