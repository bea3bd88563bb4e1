"""Administrators give users their roles on the user's page in the admin."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_roles_are_edited_on_the_users_admin_page(admin_client, reader):
    url = reverse("admin:auth_user_change", args=[reader.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    assert "memberships-TOTAL_FORMS" in page.content.decode()


def test_controllers_and_readers_cannot_reach_the_admin(controller_client, reader_client):
    for client in (controller_client, reader_client):
        response = client.get(reverse("admin:index"))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]
