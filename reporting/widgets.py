"""Form widgets that write their HTML from Python instead of through a template.

Django renders every widget (and every ``<option>`` of a ``Select``) through the template
engine. For the unit filter (about 400 units at national scale) and the monthly form (a unit's
~160 measure rows, each with six widgets and the hidden initial values) that costs more than
the rest of the page. These widgets write the same HTML as Django's templates: the same
attributes in the same order, escaped by ``format_html``; ``tests/test_widgets.py`` holds them
to Django's output.
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


class QuickInputMixin:
    """``django/forms/widgets/input.html`` from Python (text, hidden and the other inputs)."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        shown = "" if widget["value"] is None else format_html(' value="{}"', widget["value"])
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            widget["type"],
            name,
            shown,
            html_attrs(widget["attrs"]),
        )


class QuickTextInput(QuickInputMixin, forms.TextInput):
    pass


class QuickHiddenInput(QuickInputMixin, forms.HiddenInput):
    pass


class QuickTextarea(forms.Textarea):
    """``django/forms/widgets/textarea.html`` from Python."""

    def render(self, name, value, attrs=None, renderer=None) -> SafeString:
        widget = self.get_context(name, value, attrs)["widget"]
        return format_html(
            '<textarea name="{}"{}>\n{}</textarea>',
            name,
            html_attrs(widget["attrs"]),
            widget["value"] or "",
        )


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


QUICK = {
    forms.TextInput: QuickTextInput,
    forms.HiddenInput: QuickHiddenInput,
    forms.Textarea: QuickTextarea,
    forms.Select: QuickSelect,
}


def use_quick_widgets(form: forms.BaseForm) -> None:
    """Give a form's fields the quick twins of their widgets, keeping every setting of the
    widget (attributes, choices, required); also for the hidden initial values of
    ``show_hidden_initial`` fields. The form's fields and widgets are its own deep copies of
    the class's, so the class's widgets are untouched."""
    for field in form.fields.values():
        quick = QUICK.get(type(field.widget))
        if quick is not None:
            field.widget.__class__ = quick
        if field.show_hidden_initial:
            field.hidden_widget = QuickHiddenInput
