"""Shared test set-up: the five source reports are loaded once per test session.

Tests that use the ``db`` fixture run inside a transaction that is rolled back, so the loaded
history is the same for every test.
"""

import pytest
from django.contrib.auth import get_user_model

from reporting.past_reports import load_past_reports

PASSWORD = "test-password-2026"


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_past_reports()


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(
        "admin-test", "admin@example.invalid", PASSWORD
    )


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    return client


@pytest.fixture
def reader_client(client, db):
    user = get_user_model().objects.create_user("reader-test", password=PASSWORD)
    client.force_login(user)
    return client
