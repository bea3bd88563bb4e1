"""The board's long tables rendered in one pass: the flagged measures' rows (up to a hundred
on the dashboard, all of them in the board report) with two links each. The same markup as a
template loop, built without a template node, a ``{% url %}`` and a filter call per cell;
every text is escaped."""

from __future__ import annotations

from html import escape

from django import template
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from measures.templatetags.status import measure_status
from measures.templatetags.sv import mkr

register = template.Library()

_PK = 2147483647


def pk_url(name: str) -> str:
    """The URL of ``name`` for a primary key as a ``{}`` format string: reversed once per
    table, not once per row."""
    return escape(reverse(name, args=[_PK])).replace(str(_PK), "{}", 1)


@register.simple_tag
def flagged_rows(flagged, year: int) -> SafeString:
    """The ``<tr>`` rows of the flagged-measures table (``includes/flagged.html``)."""
    measure_url = pk_url("measure")
    savings_url = pk_url("measure_savings") + f"?ar={int(year)}"
    per_month = escape(gettext("per månad"))
    late_text = escape(gettext("Försenad"))
    off_plan_text = escape(gettext("prognos under plan"))
    badges: dict = {}
    rows = []
    for f in flagged:
        m = f.measure
        link = f'<a href="{measure_url.format(m.pk)}">{escape(str(m))}</a>'
        if f.planned is not None:
            link += f' <a class="small no-print" href="{savings_url.format(m.pk)}">{per_month}</a>'
        badge = badges.get(m.current_status)
        if badge is None:
            badge = badges[m.current_status] = measure_status(m.current_status)
        org = m.organisation.short_name or m.organisation.name
        why = ", ".join(t for t, on in ((late_text, f.late), (off_plan_text, f.off_plan)) if on)
        rows.append(
            f'<tr><th scope="row">{link}</th>\n'
            f"      <td>{escape(str(org))}</td>\n"
            f"      <td>{badge}</td>\n"
            f'      <td class="num">{escape(mkr(f.planned))}</td>'
            f'<td class="num">{escape(mkr(m.month_forecast))}</td>\n'
            f'      <td class="flag">{why}</td>\n'
            f'      <td class="small">{escape(str(m.month_comment or "–"))}</td></tr>'
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every text above is escaped
