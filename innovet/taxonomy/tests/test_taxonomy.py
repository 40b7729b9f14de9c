import io

import pytest
from django.db.models import ProtectedError

from innovet.taxonomy.models import Term


@pytest.mark.django_db
def test_reference_lists_carry_the_study_labels():
    labels = set(Term.objects.of("bedrijfsgrootte").values_list("label", flat=True))
    assert labels == {
        "1-9 werknemers",
        "10-49 werknemers",
        "50-99 werknemers",
        "100-249 werknemers",
        "250 werknemers of meer",
    }
    assert Term.objects.of("studiedomein").filter(code="stem").exists()
    assert Term.objects.of("sector").filter(label="Bouwnijverheid").exists()
    assert Term.objects.of("transitieprioriteit").count() == 7
    assert Term.objects.of("esco").count() > 3000
    assert Term.objects.of("nace").get(code="01.11").parent.code == "01.1"


@pytest.mark.django_db
def test_innovation_themes_are_a_two_level_tree():
    industrie = Term.objects.of("thema").get(code="industrie-4-0")
    children = set(industrie.children.values_list("label", flat=True))
    assert {"Internet of Things", "3D-printing", "Robotica en automatisering"} <= children
    assert Term.objects.of("thema").filter(parent__isnull=True).count() == 5


@pytest.mark.django_db
def test_a_term_in_use_cannot_be_deleted_but_an_unused_one_can(school):
    stem = Term.objects.of("studiedomein").get(code="stem")
    school.studiedomeinen.add(stem)
    with pytest.raises(ProtectedError):
        stem.delete()
    with pytest.raises(ProtectedError):
        Term.objects.filter(pk=stem.pk).delete()
    assert Term.objects.filter(pk=stem.pk).exists()
    sport = Term.objects.of("studiedomein").get(code="sport")
    sport.delete()
    assert not Term.objects.filter(pk=sport.pk).exists()


@pytest.mark.django_db
def test_reference_data_loader_is_idempotent():
    from django.core.management import call_command

    before = Term.objects.count()
    call_command("load_reference_data", stdout=io.StringIO())
    assert Term.objects.count() == before
