"""Swedish locale: ISO-only date input, Swedish number display, Stockholm time, and a Swedish
interface whatever language the browser asks for (there is no other translation)."""

import datetime as dt

import pytest
from django import forms
from django.conf import settings
from django.test import Client
from django.urls import reverse
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
    assert settings.LANGUAGES == [("sv", "Svenska")]
    assert not any("LocaleMiddleware" in m for m in settings.MIDDLEWARE)
    assert settings.TIME_ZONE == "Europe/Stockholm"
    assert settings.USE_THOUSAND_SEPARATOR


ENGLISH = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


@pytest.mark.django_db
def test_a_browser_asking_for_english_gets_a_page_marked_swedish(reader_client):
    """The text is Swedish, so the page must say so (WCAG 3.1.1): a screen reader reads it with
    the language the page names."""
    response = reader_client.get(reverse("about"), **ENGLISH)
    assert response.status_code == 200
    assert '<html lang="sv">' in response.content.decode()
    assert response.get("Content-Language") in (None, "sv")


@pytest.mark.django_db
def test_django_own_messages_are_swedish_for_an_english_browser():
    """A log-in without a password: Django's "required" message, in Swedish, at the field."""
    response = Client().post(reverse("login"), {"username": "someone", "password": ""}, **ENGLISH)
    page = response.content.decode()
    assert response.status_code == 200
    assert 'id="password-error">Detta fält måste fyllas i.' in page
    assert 'aria-describedby="password-error" aria-invalid="true"' in page
    assert "This field is required" not in page
