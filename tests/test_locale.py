"""Swedish locale: ISO-only date input, Swedish number display, Stockholm time."""

import datetime as dt

import pytest
from django import forms
from django.conf import settings
from django.utils import translation


class DateForm(forms.Form):
    day = forms.DateField()


@pytest.mark.parametrize(
    ("typed", "valid"),
    [("2025-03-07", True), ("03/07/2025", False), ("07/03/25", False), ("7 mars 2025", False)],
)
def test_dates_are_iso_only(typed, valid):
    with translation.override("sv"):
        form = DateForm(data={"day": typed})
        assert form.is_valid() is valid
        if valid:
            assert form.cleaned_data["day"] == dt.date(2025, 3, 7)


def test_settings():
    assert settings.LANGUAGE_CODE == "sv"
    assert ("en", "English") in settings.LANGUAGES
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert settings.USE_THOUSAND_SEPARATOR
