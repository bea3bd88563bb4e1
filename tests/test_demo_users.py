"""create_demo_users: one log-in per role, printed, and an open month to report in."""

from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import RequestFactory

from measures.access import access_for
from measures.models import Organisation, ReportingPeriod

pytestmark = pytest.mark.django_db


def test_demo_users_cover_each_role():
    out = StringIO()
    call_command("create_demo_users", stdout=out)
    text = out.getvalue()
    for name in ("admin", "lasare", "controller-rvm", "controller-rvb"):
        assert name in text
    # django-axes checks every authentication against the lockouts, so it needs the request.
    request = RequestFactory().post("/logga-in/")
    admin = authenticate(request, username="admin", password="admin-demo-2026")
    reader = authenticate(request, username="lasare", password="lasare-demo-2026")
    rvm = authenticate(request, username="controller-rvm", password="controller-rvm-2026")
    rvb = authenticate(request, username="controller-rvb", password="controller-rvb-2026")
    assert access_for(admin).is_admin
    assert not access_for(reader).is_controller
    assert access_for(reader).reader_paths == ("/rvb/", "/rvm/", "/vgr/")
    assert access_for(rvm).can_edit(Organisation.objects.get(code="rvm-hsf-akut"))
    assert not access_for(rvm).can_edit(Organisation.objects.get(code="rvb-hsf"))
    assert access_for(rvb).controller_paths == ("/rvb/rvb-hsf/",)
    assert ReportingPeriod.objects.open().filter(region__code="rvm", month="2023-03-01").exists()
    call_command("create_demo_users", stdout=StringIO())  # a second run changes nothing
    assert ReportingPeriod.objects.filter(region__code="rvm").count() == 2
