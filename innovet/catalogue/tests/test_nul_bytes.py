import pytest
from django.urls import reverse


@pytest.mark.django_db
def test_nul_byte_in_the_moderation_filter_is_refused_with_a_dutch_400(client, rtc_wvl):
    client.force_login(rtc_wvl)
    response = client.get(reverse("catalogue:moderation") + "?provincie=%00")
    assert response.status_code == 400
    assert "Ongeldig teken (NUL-byte) in ‘provincie’" in response.content.decode()
    assert client.get(reverse("catalogue:moderation") + "?provincie=").status_code == 200


@pytest.mark.django_db
def test_nul_byte_in_a_search_or_a_form_field_is_refused(client, make_user):
    assert client.get(reverse("catalogue:search") + "?q=las%00sen").status_code == 400
    response = client.post(reverse("accounts:login"), {"username": "a\x00@school.be", "password": "x"})
    assert response.status_code == 400
    assert "‘username’" in response.content.decode()
    api = client.get("/api/aanbod/?q=%00")
    assert api.status_code == 400 and api["Content-Type"].startswith("application/json")
