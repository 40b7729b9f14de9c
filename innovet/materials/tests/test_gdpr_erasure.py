"""GDPR erasure reaches every copy of a person's name and address: material version snapshots, the
search index, the audit trail (pseudonymised, rows kept) and the sign-in throttle's records."""

import pytest
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.db.models import Q
from django.urls import reverse

from innovet.core.audit import log_action
from innovet.core.models import AuditLog
from innovet.organisations.models import Role
from innovet.search import services as search_services
from innovet.search.models import IndexedDocument
from innovet.search.query import SearchQuery

from .. import services
from ..models import Version

pytestmark = pytest.mark.django_db

NAME, EMAIL = "Joëlle Vandenbroucke", "joelle.vdb@school.be"


@pytest.fixture
def person(school, make_user):
    first, last = NAME.split()
    return make_user(email=EMAIL, org=school, role=Role.TEACHER, first_name=first, last_name=last)


def _mentions(text):
    return NAME.lower() in text.lower() or EMAIL in text.lower() or "vandenbroucke" in text.lower()


def test_erasure_reaches_snapshots_index_audit_trail_and_login_records(client, make_material, author, person):
    material = make_material()  # published by An Peeters
    invitation = services.invite_coauthor(author, material, person.email)
    services.accept_coauthor_invitation(person, invitation)
    services.publish_version(author, material, material.licence, "Tweede versie met Joëlle.")
    assert any(a["name"] == NAME for a in material.current_version().snapshot["authors"])
    assert IndexedDocument.objects.filter(index_name="materials", body__icontains="Vandenbroucke").exists()
    log_action(person, "accounts.user.profile_changed", person, {"fields": ["phone"]})
    audit_rows = AuditLog.objects.count()
    # Sign-in records under her address: a failure elsewhere, a failure here, then a success here.
    client.post(reverse("accounts:login"), {"username": EMAIL, "password": "fout"}, REMOTE_ADDR="198.51.100.4")
    client.post(reverse("accounts:login"), {"username": EMAIL, "password": "fout-wachtwoord"})
    client.post(reverse("accounts:login"), {"username": EMAIL, "password": "Een-sterk-wachtwoord-1"})
    AccessFailureLog.objects.create(username=EMAIL, ip_address="198.51.100.4", user_agent="x", locked_out=False)
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert model.objects.filter(username=EMAIL).exists()

    response = client.post(reverse("accounts:delete_account"), {"password": "Een-sterk-wachtwoord-1"})
    assert response.status_code == 302

    # Version snapshots: the credit stays, as the pseudonym.
    names = [a["name"] for v in Version.objects.filter(material=material) for a in v.snapshot["authors"]]
    assert NAME not in names and "Verwijderde gebruiker" in names and "An Peeters" in names
    # The search index: no stored document, term or suggestion word names her; the material is still found.
    docs = IndexedDocument.objects.all()
    assert not [d.pk for d in docs if _mentions(d.title) or _mentions(d.body) or "vandenbrouck" in d.body_terms]
    assert search_services.search("materials", SearchQuery(text="Vandenbroucke")).total == 0
    assert search_services.search("materials", SearchQuery(text="warmtepomp")).total == 1
    # The audit trail: every row kept (plus the erasure itself), none names her.
    rows = list(AuditLog.objects.all())
    assert len(rows) >= audit_rows + 1
    assert not [r.pk for r in rows if _mentions(r.object_repr) or _mentions(str(r.data))]
    pseudonym = f"verwijderd-{person.pk}@invalid.innovet"
    assert AuditLog.objects.filter(action="materials.author.added", data__author=pseudonym).exists()
    assert AuditLog.objects.filter(action="materials.author.invited", data__email=pseudonym).exists()
    # Sign-in records under her address are gone.
    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        assert not model.objects.filter(Q(username__iexact=EMAIL)).exists()
