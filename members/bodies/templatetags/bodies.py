"""{% load bodies %}{% trace_chain obj %}: the chain of where an object came from and what it led
to; {% activity_bodies_panel activity %}: the activity's changes (edit/postpone/cancel), the picker
invite link and its chain — one line in any template."""

from django import template

from ..trace import trace_chain as build_chain

register = template.Library()


@register.inclusion_tag("bodies/_trace.html", takes_context=True)
def trace_chain(context, obj):
    return {"chain": build_chain(obj, user=context["request"].user)}


@register.inclusion_tag("bodies/_activity_panel.html", takes_context=True)
def activity_bodies_panel(context, activity):
    from consultations.activity_services import available_changes

    user = context["request"].user
    return {
        "activity": activity,
        "changes": available_changes(activity, user),
        "history": list(activity.changes.select_related("by")),
        "chain": build_chain(activity, user=user, implicit_below=False),
        "can_manage": context.get("can_manage"),
    }
