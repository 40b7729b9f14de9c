"""A committed transaction replaces the public pages' content version once, however many rows it wrote."""

import pytest
from django.db import transaction

from innovet.core import page_cache
from innovet.taxonomy.models import Term, Vocabulary

pytestmark = pytest.mark.django_db(transaction=True)


def test_one_bump_per_committed_transaction_and_none_for_a_rollback(monkeypatch):
    bumps = []
    monkeypatch.setattr(page_cache, "bump_content_version", lambda: bumps.append(1))
    vocabulary = Vocabulary.objects.create(code="bench-vocab", name="Test")
    bumps.clear()
    with transaction.atomic():
        Term.objects.bulk_create([Term(vocabulary=vocabulary, code=f"t{i}", label=f"T {i}") for i in range(30)])
        for term in Term.objects.filter(vocabulary=vocabulary):
            term.label += "!"
            term.save()
        Term.objects.filter(vocabulary=vocabulary, code__in=["t1", "t2", "t3"]).delete()
    assert len(bumps) == 1

    with pytest.raises(RuntimeError), transaction.atomic():
        Term.objects.filter(vocabulary=vocabulary, code="t4").update(label="x")
        Term.objects.get(vocabulary=vocabulary, code="t5").save()
        raise RuntimeError
    assert len(bumps) == 1  # rolled back: nothing changed, nothing to bump

    with transaction.atomic():
        Term.objects.get(vocabulary=vocabulary, code="t6").save()
    assert len(bumps) == 2  # the rollback left no stale pending bump behind


def test_the_release_step_serves_no_page_rendered_by_the_previous_code():
    # A deploy runs migrate; cached pages and fragments of the old templates must not outlive it.
    from django.core.management import call_command

    before = page_cache.content_version()
    call_command("migrate", verbosity=0)
    assert page_cache.content_version() != before
