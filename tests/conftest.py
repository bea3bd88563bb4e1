"""Shared test set-up: the five source reports are loaded once per test session.

Tests that use the ``db`` fixture run inside a transaction that is rolled back, so the loaded
history is the same for every test.

The same users everywhere: a controller of the organisation (Region Västmanland HSF,
``rvm-hsf``), a controller of another one (Region Västerbotten HSF, ``rvb-hsf``), a board
reader (Region Västmanland), a national board reader (all three regions) and an administrator.
"""

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from measures.choices import Role
from measures.models import Membership, Organisation, ReportingPeriod
from reporting.past_reports import load_past_reports

PASSWORD = "test-password-2026"
OPEN_MONTH = dt.date(2023, 3, 1)
CLOSED_MONTH = dt.date(2023, 2, 1)


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """Hashing the test users' passwords with PBKDF2 would dominate the run time."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_past_reports()


def _member(username: str, role: str, code: str, full_name: str):
    user = get_user_model().objects.create_user(username, password=PASSWORD)
    user.first_name, _, user.last_name = full_name.partition(" ")
    user.save()
    Membership.objects.create(
        user=user, organisation=Organisation.objects.get(code=code), role=role
    )
    return user


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_user(db):
    return get_user_model().objects.create_superuser(
        "admin-test", "admin@example.invalid", PASSWORD, first_name="Ada", last_name="Admin"
    )


@pytest.fixture
def controller(db):
    """Controller of Region Västmanland HSF and every unit below it."""
    return _member("controller-test", Role.CONTROLLER, "rvm-hsf", "Cecilia Controller")


@pytest.fixture
def other_controller(db):
    """Controller of another organisation: Region Västerbotten HSF."""
    return _member("other-controller-test", Role.CONTROLLER, "rvb-hsf", "Olle Annan")


@pytest.fixture
def reader(db):
    """A board member who reads Region Västmanland and changes nothing."""
    return _member("reader-test", Role.READER, "rvm", "Rita Läsare")


@pytest.fixture
def board_reader(db):
    """A national board reader: reader of all three regions (rvb, rvm, vgr).

    For tests whose point is a page's figures for any region, not the read scope."""
    user = _member("board-reader-test", Role.READER, "rvm", "Bo Styrelse")
    for code in ("rvb", "vgr"):
        Membership.objects.create(
            user=user, organisation=Organisation.objects.get(code=code), role=Role.READER
        )
    return user


@pytest.fixture
def no_member(db):
    """A logged-in user without any membership: reads nothing."""
    return get_user_model().objects.create_user("no-member-test", password=PASSWORD)


@pytest.fixture
def admin_client(admin_user):
    return _client(admin_user)


@pytest.fixture
def controller_client(controller):
    return _client(controller)


@pytest.fixture
def other_controller_client(other_controller):
    return _client(other_controller)


@pytest.fixture
def reader_client(reader):
    return _client(reader)


@pytest.fixture
def board_reader_client(board_reader):
    return _client(board_reader)


@pytest.fixture
def no_member_client(no_member):
    return _client(no_member)


@pytest.fixture
def anonymous_client(db):
    return Client()


@pytest.fixture
def open_period(db):
    """Region Västmanland's March 2023: open (February, from the source report, is closed)."""
    region = Organisation.objects.get(code="rvm")
    period, _ = ReportingPeriod.objects.get_or_create(region=region, month=OPEN_MONTH)
    return period


@pytest.fixture
def closed_period(db):
    return ReportingPeriod.objects.get(region__code="rvm", month=CLOSED_MONTH)
