from django import template

register = template.Library()


@register.simple_tag
def chosen(selected: dict, question) -> list[str]:
    """The values shown as chosen for one question (posted back after an error, or stored)."""
    return list((selected or {}).get(f"q{question.pk}", []))
