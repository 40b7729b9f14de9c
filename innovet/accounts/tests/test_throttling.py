"""Login throttling per address + IP and per IP (password spraying); password-reset e-mails rate-limited."""

import re
import uuid

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import override_settings
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "Een-sterk-wachtwoord-1"


def _login(client, email, password, ip="203.0.113.7"):
    return client.post(reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


@override_settings(AXES_FAILURE_LIMIT=3, INNOVET_LOGIN_IP_FAILURE_LIMIT=4)
def test_password_spraying_from_one_ip_is_locked_out(client, make_user):
    """One wrong password on each of many accounts never reaches the per-account limit; the per-IP one stops it."""
    victims = [make_user(email=f"slachtoffer{i}@school.be") for i in range(5)]
    for victim in victims[:3]:
        assert _login(client, victim.email, "Zomer2026!").status_code == 200  # the form again, not locked
    assert _login(client, victims[3].email, "Zomer2026!").status_code == 429  # the 4th failure from this IP
    response = _login(client, victims[4].email, PASSWORD)
    assert response.status_code == 429 and "Te veel mislukte pogingen" in response.content.decode()
    # The same person from elsewhere (another IP address) is not locked out.
    assert _login(client, victims[4].email, PASSWORD, ip="198.51.100.20").status_code == 302


@override_settings(AXES_FAILURE_LIMIT=3, INNOVET_LOGIN_IP_FAILURE_LIMIT=4)
def test_a_few_mistakes_at_one_school_lock_nobody_and_a_login_does_not_clear_the_ip_count(client, make_user):
    staff = [make_user(email=f"collega{i}@school.be") for i in range(4)]
    for person in staff[:3]:
        _login(client, person.email, "verkeerd")
    assert _login(client, staff[3].email, PASSWORD).status_code == 302  # 3 failures on this IP: under 4
    client.logout()
    _login(client, staff[0].email, "nog eens verkeerd")  # the 4th failure from this IP address
    assert _login(client, staff[1].email, PASSWORD).status_code == 429


def _ip():
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


@pytest.fixture
def reset_limits():
    """Small limits, IP addresses of this test alone, and their counts removed afterwards (shared cache)."""
    ips = [_ip(), _ip()]
    with override_settings(INNOVET_PASSWORD_RESET_PER_ADDRESS=3, INNOVET_PASSWORD_RESET_PER_IP=5):
        yield ips
    for ip in ips:
        cache.delete(f"pwreset:ip:{ip}")


def _reset(client, email, ip):
    return client.post(reverse("accounts:password_reset"), {"email": email}, REMOTE_ADDR=ip)


def test_password_reset_mails_are_limited_per_address_without_telling_who_exists(client, make_user, reset_limits):
    tag = uuid.uuid4().hex[:8]
    known = make_user(email=f"bekend-{tag}@school.be").email
    unknown = f"onbekend-{tag}@school.be"
    answers = []
    for email, ip in ((known, reset_limits[0]), (unknown, reset_limits[1])):
        for _ in range(3):
            assert _reset(client, email, ip).status_code == 302  # 'if the address is known, a mail is on its way'
        answers.append(_reset(client, email, ip))
    assert len(mail.outbox) == 3  # three for the known address, none after its limit
    known_answer, unknown_answer = (re.sub(r'value="[^"]*"', "", r.content.decode()) for r in answers)
    assert answers[0].status_code == answers[1].status_code == 429
    assert "Je vroeg al enkele keren een nieuw wachtwoord aan" in known_answer
    assert known_answer == unknown_answer  # the same answer, whoever has an account


def test_password_reset_mails_are_limited_per_ip(client, reset_limits):
    tag = uuid.uuid4().hex[:8]
    for i in range(5):
        assert _reset(client, f"adres{i}-{tag}@school.be", reset_limits[0]).status_code == 302
    response = _reset(client, f"nog-een-{tag}@school.be", reset_limits[0])
    assert response.status_code == 429 and "Wacht een uur" in response.content.decode()
