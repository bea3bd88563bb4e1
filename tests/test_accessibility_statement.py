"""The accessibility statement (reporting.views_accessibility): public, in Swedish, linked from
every page, with a form that stores a reported problem."""

import pytest
from django.test import Client
from django.urls import reverse

from reporting.models import AccessibilityFeedback

URL = "/tillganglighet/"


def test_the_url_is_the_named_one():
    assert reverse("accessibility") == URL


@pytest.mark.django_db
def test_anonymous_reads_the_statement(client, settings):
    settings.ACCESSIBILITY_CONTACT_EMAIL = "hjalp@region.example"
    response = client.get(URL + "?sida=/oversikt/rvm/")
    assert response.status_code == 200
    page = response.content.decode()
    assert '<html lang="sv">' in page
    for heading in (
        "Hur tillgänglig är tjänsten?",
        "Innehåll som inte är tillgängligt",
        "Rapportera brister i tjänstens tillgänglighet",
        "Tillsyn",
        "Myndigheten för digital förvaltning (Digg)",
    ):
        assert heading in page
    assert 'href="mailto:hjalp@region.example"' in page
    assert 'value="/oversikt/rvm/"' in page  # the page the footer link came from
    assert 'name="csrfmiddlewaretoken"' in page


@pytest.mark.django_db
def test_every_page_links_to_it_from_the_footer(client, controller_client):
    login_page = client.get(reverse("login")).content.decode()
    home = controller_client.get(reverse("home")).content.decode()
    for page in (login_page, home):
        footer = page.split('<footer class="site-footer')[1]
        assert 'href="/tillganglighet/?sida=' in footer


@pytest.mark.django_db
def test_anonymous_report_is_stored_and_confirmed():
    client = Client(enforce_csrf_checks=True)
    client.get(URL)
    token = client.cookies["csrftoken"].value
    data = {
        "page_url": "/manadsrapport/rvm-hsf/2023-03/",
        "description": "  Felmeddelandet läses inte upp av skärmläsaren.  ",
        "contact": "",
        "csrfmiddlewaretoken": token,
    }
    response = client.post(URL, data)
    assert response.status_code == 302 and response.url == URL
    feedback = AccessibilityFeedback.objects.get()
    assert feedback.description == "Felmeddelandet läses inte upp av skärmläsaren."
    assert feedback.page_url == "/manadsrapport/rvm-hsf/2023-03/"
    assert feedback.created is not None
    assert "Tack! Din synpunkt är mottagen." in client.get(URL).content.decode()


@pytest.mark.django_db
def test_a_post_without_csrf_token_is_refused():
    client = Client(enforce_csrf_checks=True)
    response = client.post(URL, {"description": "Något"})
    assert response.status_code == 403
    assert not AccessibilityFeedback.objects.exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"description": "   "}, "description", "Beskriv problemet."),
        ({"description": "x" * 2001}, "description", "som mest 2000 tecken"),
        ({"description": "Ok", "contact": "x" * 201}, "contact", "som mest 200 tecken"),
    ],
)
def test_an_invalid_report_shows_the_error_next_to_the_field(client, data, field, message):
    response = client.post(URL, data)
    assert response.status_code == 200
    page = response.content.decode()
    error = page.split(f'id="id_{field}-error"')[1].split("</ul>")[0]
    assert message in error
    assert 'aria-invalid="true"' in page
    assert not AccessibilityFeedback.objects.exists()


@pytest.mark.django_db
def test_reports_are_listed_in_the_admin(admin_client):
    AccessibilityFeedback.objects.create(page_url="/x/", description="Kontrasten är för låg.")
    page = admin_client.get(reverse("admin:reporting_accessibilityfeedback_changelist"))
    assert page.status_code == 200 and "/x/" in page.content.decode()
