"""Model permissions serve the admin only: staff keep them, and nobody else's pages ask the database for them."""

from django.contrib.auth.models import Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from innovet.organisations.models import OrganisationKind, Role


def test_only_staff_get_model_permissions(make_user):
    change_offer = Permission.objects.get(codename="change_offer", content_type__app_label="catalogue")
    staff = make_user(is_staff=True)
    teacher = make_user()
    for user in (staff, teacher):
        user.user_permissions.add(change_offer)
    assert staff.has_perm("catalogue.change_offer")
    assert not teacher.has_perm("catalogue.change_offer")


def test_a_members_page_does_not_read_permission_tables(client, make_org, make_user):
    school = make_org("VTI Brugge", OrganisationKind.SCHOOL, "8000")
    client.force_login(make_user(org=school, role=Role.TEACHER))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("core:dashboard")).status_code == 200
    assert not [q["sql"] for q in queries.captured_queries if "auth_permission" in q["sql"]]
