"""measures.access: who may read and write which organisation; scope is a subtree."""

import pytest
from django.contrib.auth import get_user_model

from measures.access import access_for
from measures.models import Measure, Organisation

pytestmark = pytest.mark.django_db


def org(code):
    return Organisation.objects.get(code=code)


def test_controller_scope_is_the_subtree(controller):
    access = access_for(controller)
    assert access.can_edit(org("rvm-hsf")) and access.can_edit(org("rvm-hsf-akut"))
    assert not access.can_edit(org("rvm")) and not access.can_edit(org("rvb-hsf"))
    codes = set(Organisation.objects.editable_by(controller).values_list("code", flat=True))
    assert codes == {"rvm-hsf", "rvm-hsf-akut", "rvm-hsf-naravard", "rvm-hsf-mdt"}
    assert (
        not Measure.objects.editable_by(controller)
        .filter(organisation__code__startswith="rvb")
        .exists()
    )


def test_reader_and_unknown_user_edit_nothing(reader):
    plain = get_user_model().objects.create_user("utan-roll")
    for user in (reader, plain):
        access = access_for(user)
        assert not access.is_admin and not access.is_controller
        assert not Organisation.objects.editable_by(user).exists()
    assert access_for(reader).reader_paths == ("/rvm/",)


def test_administrator_edits_everything(admin_user):
    assert access_for(admin_user).is_admin
    assert Organisation.objects.editable_by(admin_user).count() == Organisation.objects.count()


def test_inactive_user_has_no_rights(controller):
    controller.is_active = False
    assert not access_for(controller).is_controller


def test_every_page_needs_log_in(anonymous_client, open_period):
    for url in [
        "/manadsrapport/",
        "/manadsrapport/rvm-hsf/2023-03/",
        "/perioder/rvm/",
        f"/period/{open_period.pk}/lage/",
    ]:
        response = anonymous_client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/logga-in/")
