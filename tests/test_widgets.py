"""reporting/widgets.py: QuickSelect writes the HTML Django's Select would."""

import re

import pytest
from django import forms

from measures.models import Organisation
from reporting.widgets import QuickSelect


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
