from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from . import permissions, selectors, services
from .forms import NotificationSettingsForm
from .models import Member, Notification


def notification_inbox(request):
    unread_only = request.GET.get("unread") == "1"
    page = Paginator(selectors.notification_list(user=request.user, unread_only=unread_only), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "members/notifications.html", {"page_obj": page, "unread_only": unread_only})


@require_POST
def notification_read(request):
    ids = request.POST.getlist("ids") or None
    count = services.notification_mark_read(user=request.user, notification_ids=ids)
    messages.success(request, f"已将 {count} 条消息标记为已读。")
    return redirect("members:notifications")


def notification_open(request, pk: int):
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notification_mark_read(user=request.user, notification_ids=[notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(notification.url, allowed_hosts=None):
        return redirect(notification.url)
    return redirect("members:notifications")


def notification_settings(request):
    form = NotificationSettingsForm(
        request.POST or None, initial={"email_notifications": request.user.email_notifications}
    )
    if request.method == "POST" and form.is_valid():
        request.user.email_notifications = form.cleaned_data["email_notifications"]
        request.user.save(update_fields=["email_notifications"])
        messages.success(request, "提醒设置已保存。")
        return redirect("members:notifications")
    return render(request, "members/notification_settings.html", {"form": form})


def member_directory(request):
    if not permissions.can_view_directory(request.user):
        raise PermissionDenied("您无权查看委员名录。")
    qs = Member.objects.filter(is_active=True).select_related("sector", "work_committee")
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "members/directory.html",
        {"page_obj": page, "show_contacts": permissions.can_view_contact_details(request.user)},
    )


def member_detail(request, pk: int):
    if not permissions.can_view_directory(request.user):
        raise PermissionDenied("您无权查看委员信息。")
    member = get_object_or_404(
        Member.objects.select_related("sector", "work_committee", "village").prefetch_related(
            "special_committees", "terms"
        ),
        pk=pk,
    )
    return render(
        request,
        "members/member_detail.html",
        {"member": member, "show_contacts": permissions.can_view_contact_details(request.user)},
    )
