import pytest
from django.core import mail
from django.urls import reverse

from innovet.notifications import registry, services
from innovet.notifications.models import Notification, Preference


@pytest.fixture(autouse=True)
def categories():
    registry.register_category("test.immediate", "Testmeldingen", default=registry.IMMEDIATE)
    registry.register_category("test.digest", "Testoverzicht", default=registry.DIGEST)


@pytest.mark.django_db
def test_notify_creates_in_app_notification_and_mails_immediately(make_user, django_capture_on_commit_callbacks):
    user = make_user(first_name="Els")
    actor = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify([user, actor], "test.immediate", "Nieuwe match voor je nood", url="/noden/1/", actor=actor)
    assert Notification.objects.filter(recipient=user).count() == 1
    assert not Notification.objects.filter(recipient=actor).exists()  # the actor is not told about their own act
    assert len(mail.outbox) == 1 and "Nieuwe match voor je nood" in mail.outbox[0].subject


@pytest.mark.django_db
def test_digest_bundles_notifications_once_a_day(make_user, django_capture_on_commit_callbacks):
    user = make_user()
    with django_capture_on_commit_callbacks(execute=True):
        services.notify([user], "test.digest", "Eerste")
        services.notify([user], "test.digest", "Tweede")
    assert mail.outbox == []
    assert services.send_daily_digests() == 1
    assert len(mail.outbox) == 1 and "Eerste" in mail.outbox[0].body and "Tweede" in mail.outbox[0].body
    assert services.send_daily_digests() == 0  # not sent twice


@pytest.mark.django_db
def test_preferences_page_changes_delivery(client, make_user, django_capture_on_commit_callbacks):
    user = make_user()
    client.force_login(user)
    response = client.get(reverse("notifications:preferences"))
    assert "Testmeldingen" in response.content.decode()
    client.post(reverse("notifications:preferences"), {"test.immediate": "enkel-platform", "test.digest": "dagelijks"})
    assert Preference.objects.get(user=user, category="test.immediate").delivery == "enkel-platform"
    with django_capture_on_commit_callbacks(execute=True):
        services.notify([user], "test.immediate", "Stil")
    assert mail.outbox == []


@pytest.mark.django_db
def test_inbox_shows_only_own_notifications_and_marks_read(client, make_user):
    user, other = make_user(), make_user()
    services.notify([user], "test.digest", "Voor mij", url="/aanbod/")
    theirs = services.notify([other], "test.digest", "Niet voor mij")[0]
    client.force_login(user)
    content = client.get(reverse("notifications:inbox")).content.decode()
    assert "Voor mij" in content and "Niet voor mij" not in content
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    mine = Notification.objects.get(recipient=user)
    response = client.post(reverse("notifications:open", args=[mine.pk]))
    assert response["Location"] == "/aanbod/"
    mine.refresh_from_db()
    assert mine.is_read
