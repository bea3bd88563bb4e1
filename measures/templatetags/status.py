"""Status badges: colour, icon and words together, from the one mapping in measures.choices."""

from django import template
from django.utils.html import format_html

from measures.choices import STATUS_DISPLAY, MeasureStatus

register = template.Library()

VERDICT_LOOK = {
    "green": ("green", "✔"),
    "yellow": ("yellow", "●"),
    "red": ("red", "▲"),
    "unknown": ("unknown", "?"),
}


@register.simple_tag
def measure_status(value: str) -> str:
    """A measure or follow-up status as a badge: icon + words, never colour alone."""
    if not value:
        return format_html('<span class="muted">{}</span>', "–")
    look = STATUS_DISPLAY.get(value)
    label = MeasureStatus(value).label if value in MeasureStatus.values else value
    if look is None:
        return format_html('<span class="badge grey">{}</span>', label)
    return format_html(
        '<span class="badge {}"><span aria-hidden="true">{}</span> {}</span>',
        look.colour,
        look.icon,
        label,
    )


@register.simple_tag
def verdict_badge(verdict, stated: bool = False) -> str:
    """An indicator verdict as a badge; ``stated`` marks the report's own judgement."""
    colour, icon = VERDICT_LOOK[str(verdict)]
    suffix = format_html(' <span class="small">{}</span>', "(enligt rapport)") if stated else ""
    return format_html(
        '<span class="badge {}"><span aria-hidden="true">{}</span> {}</span>{}',
        colour,
        icon,
        verdict.label,
        suffix,
    )


@register.simple_tag
def direction_badge(direction, stated: bool = False) -> str:
    """A trend as arrow + word (↑ Förbättras); ``stated`` marks the report's own judgement."""
    if direction is None:
        return format_html('<span class="muted">{}</span>', "–")
    suffix = format_html(' <span class="small">{}</span>', "(enligt rapport)") if stated else ""
    return format_html(
        '<span class="trend {}"><span aria-hidden="true">{}</span> {}</span>{}',
        direction.value,
        direction.arrow,
        direction.label,
        suffix,
    )
