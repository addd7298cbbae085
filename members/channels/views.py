from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render

from members.permissions import is_staff

from . import selectors, services
from .forms import PreferencesForm
from .models import DeliveryProfile


def preferences(request):
    """提醒设置: channels per notice group and quiet hours of the signed-in person."""
    user = request.user
    channels = selectors.available_channels()
    profile = DeliveryProfile.objects.filter(user=user).first()
    initial = PreferencesForm.initial_for(
        user=user, preferences=selectors.preferences_of(user=user), profile=profile
    )
    form = PreferencesForm(request.POST or None, channels=channels, initial=initial)
    if request.method == "POST" and form.is_valid():
        choices = form.choices()
        offered = {code for code, _ in channels}
        # channels this deployment does not offer keep the person's earlier choice
        for group, before in selectors.preferences_of(user=user).items():
            choices[group] |= before - offered
        try:
            services.preferences_save(
                user=user,
                by=user,
                choices=choices,
                quiet_enabled=form.cleaned_data["quiet_enabled"],
                quiet_start=form.cleaned_data["quiet_start"],
                quiet_end=form.cleaned_data["quiet_end"],
                email_notifications=form.cleaned_data["email_notifications"],
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "提醒设置已保存。")
            return redirect("members:notification_settings")
    return render(
        request,
        "members/notification_settings.html",
        {
            "form": form,
            "channels": channels,
            "has_phone": bool(selectors.phone_of(user)),
            "second_factor": is_staff(user),
        },
    )
