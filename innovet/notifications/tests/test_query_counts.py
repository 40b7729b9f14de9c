import pytest
from django.urls import reverse

from innovet.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_inbox_and_back_office_list(client, make_user, admin_user, django_assert_max_num_queries):
    user = make_user()
    actor = make_user()
    Notification.objects.bulk_create(
        Notification(recipient=user, actor=actor, category="matching.introduction", title=f"Bericht {i}", url="/")
        for i in range(30)
    )
    client.force_login(user)
    with django_assert_max_num_queries(10):
        response = client.get(reverse("notifications:inbox"))
    assert len(response.context["page"].object_list) == 25
    client.force_login(admin_user)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:notifications_notification_changelist"))
    assert response.context["cl"].result_count == 30
