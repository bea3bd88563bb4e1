"""reporting/widgets.py: QuickSelect writes the HTML Django's Select would."""

import re

import pytest
from django import forms

from measures.models import Organisation
from reporting.widgets import (
    QuickHiddenInput,
    QuickSelect,
    QuickTextarea,
    QuickTextInput,
    use_quick_widgets,
)


def normalised(html: str) -> str:
    return re.sub(r">\s+<", "><", html).strip()


class UnitForm(forms.Form):
    quick = forms.ModelChoiceField(
        Organisation.objects.order_by("path"),
        to_field_name="code",
        required=False,
        empty_label="Alla",
        widget=QuickSelect(attrs={"aria-describedby": "hjalp"}),
    )
    plain = forms.ModelChoiceField(
        Organisation.objects.order_by("path"),
        to_field_name="code",
        required=False,
        empty_label="Alla",
        widget=forms.Select(attrs={"aria-describedby": "hjalp"}),
    )


@pytest.mark.django_db
@pytest.mark.parametrize("chosen", [None, "rvm-hsf"])
def test_same_html_as_select(chosen):
    form = UnitForm({"quick": chosen, "plain": chosen} if chosen else None)
    quick = normalised(str(form["quick"])).replace("quick", "FIELD")
    plain = normalised(str(form["plain"])).replace("plain", "FIELD")
    assert quick == plain
    assert quick.count("<option") == Organisation.objects.count() + 1
    assert quick.count(" selected>") == 1
    assert f'value="{chosen or ""}" selected>' in quick


def test_labels_and_values_are_escaped():
    widget = QuickSelect(choices=[("a&b", "<b>x</b>")])
    html = widget.render("f", "a&b")
    assert '<option value="a&amp;b" selected>&lt;b&gt;x&lt;/b&gt;</option>' in html


HOSTILE = '</textarea><script>alert("x")</script>&'


@pytest.mark.parametrize(
    ("quick", "plain"),
    [
        (QuickTextInput, forms.TextInput),
        (QuickHiddenInput, forms.HiddenInput),
        (QuickTextarea, forms.Textarea),
    ],
)
@pytest.mark.parametrize("value", [None, "", 0, 12, "1 234,5", HOSTILE])
@pytest.mark.parametrize(
    "attrs", [{}, {"inputmode": "decimal", "required": True, "disabled": False, "rows": 2}]
)
def test_quick_inputs_write_what_django_writes(quick, plain, value, attrs):
    mine = quick(attrs=dict(attrs)).render("rad-0-x", value, {"id": "id_rad-0-x"})
    django = plain(attrs=dict(attrs)).render("rad-0-x", value, {"id": "id_rad-0-x"})
    assert mine == django
    assert "<script>" not in mine


class RowForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "–"), ("a", "A")], required=False)
    amount = forms.CharField(required=False, show_hidden_initial=True)
    comment = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        use_quick_widgets(self)


class PlainRowForm(RowForm):
    def __init__(self, *args, **kwargs):
        forms.Form.__init__(self, *args, **kwargs)


def test_a_form_with_quick_widgets_renders_as_before_and_leaves_the_class_alone():
    data = {"status": "a", "amount": "7,5", "initial-amount": "7", "comment": HOSTILE}
    quick, plain = RowForm(data), PlainRowForm(data)
    for name in ("status", "amount", "comment"):
        assert normalised(str(quick[name])) == normalised(str(plain[name]))
    assert type(quick.fields["status"].widget) is QuickSelect
    assert type(RowForm.base_fields["status"].widget) is forms.Select
    assert type(PlainRowForm().fields["comment"].widget) is forms.Textarea
