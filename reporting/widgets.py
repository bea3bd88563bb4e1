"""Form widgets for long choice lists.

Django renders every ``<option>`` of a ``Select`` through a template; for the unit filter
(every unit of every readable region: about 400 at national scale) that costs more than the
rest of a table page. ``QuickSelect`` writes the same HTML from Python: the same choices,
attributes and selected state (``Select.optgroups``), escaped by ``format_html``.
"""

from __future__ import annotations

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe


class QuickSelect(forms.Select):
    """A ``Select`` rendered without a template per option (flat choices, no option groups);
    ``tests/test_widgets.py`` holds it to the same HTML as ``Select``."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        final = {"name": name, **self.build_attrs(self.attrs, attrs)}
        chosen = set(self.format_value(value))
        if not self.allow_multiple_selected and len(chosen) > 1:
            chosen = {next(iter(chosen))}
        body = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (key, SELECTED if key in chosen else "", label)
                for key, label in (("" if v is None else str(v), lab) for v, lab in self.choices)
            ),
        )
        return format_html("<select{}>{}</select>", html_attrs(final), body)


def html_attrs(attrs: dict) -> SafeString:
    """Attributes in the order given, as Django's ``attrs.html`` writes them (True: bare
    name, False: left out)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", k) if v is True else format_html(' {}="{}"', k, v),)
            for k, v in attrs.items()
            if v is not False
        ),
    )


SELECTED = mark_safe(" selected")  # noqa: S308 (a constant)
