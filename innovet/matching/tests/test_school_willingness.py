"""Issue 11, item 6: a school's willingness (to co-develop material) makes it a candidate partner; it is
not a back door to other schools' needs (only non-school organisations read needs of a region)."""

import pytest
from django.urls import reverse

from innovet.matching import selectors, services

from .conftest import service_data

pytestmark = pytest.mark.django_db


def _flanders_wide(user, organisation):
    return services.create_willingness(
        user,
        organisation,
        {
            "title": "Samen lesmateriaal maken",
            "resources": ["personeel"],
            "themes": ["warmtepompen"],
            "studiedomeinen": ["stem"],
            "region": "vlaanderen",
            "capacity_per_year": 3,
            "school_year": "2026-2027",
        },
    )


def test_a_teacher_cannot_read_other_schools_needs_through_a_flanders_wide_willingness(
    client, school, teacher, other_school, other_teacher
):
    need = services.create_need(teacher, school, service_data())
    _flanders_wide(other_teacher, other_school)
    client.force_login(other_teacher)
    assert client.get(need.get_absolute_url()).status_code == 404
    assert not other_teacher.has_perm("matching.view_need", need)
    assert need not in selectors.provider_needs(other_teacher)
    listing = client.get(reverse("matching:need_list") + "?lijst=regio")
    assert listing.status_code == 404
    assert "Opleiding warmtepompen" not in client.get(reverse("matching:need_list")).content.decode()


def test_a_company_with_a_flanders_wide_willingness_still_reads_needs_without_names(
    client, school, teacher, far_company, far_contact
):
    need = services.create_need(teacher, school, service_data())
    client.force_login(far_contact)
    assert client.get(need.get_absolute_url()).status_code == 404
    _flanders_wide(far_contact, far_company)
    page = client.get(need.get_absolute_url())
    assert page.status_code == 200 and "Vervaet" not in page.content.decode()
