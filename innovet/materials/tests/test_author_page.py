"""'Bekijk je auteurspagina' never leads to a page that does not exist."""

import re

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

AUTHOR_URL = re.compile(r'href="(/[^"]*)"')


def _author_links(client, html):
    prefix = reverse("materials:author", args=[0]).replace("0/", "")
    return [href for href in AUTHOR_URL.findall(html) if href.startswith(prefix)]


def test_author_without_published_material_gets_no_dead_link(client, make_material, author):
    draft = make_material(publish=False)
    client.force_login(author)
    for url in (reverse("materials:mine"), draft.get_absolute_url()):
        html = client.get(url).content.decode()
        assert all(client.get(href).status_code == 200 for href in _author_links(client, html)), url
        assert "Bekijk je auteurspagina" not in html
    assert "Je hebt nog geen materiaal gepubliceerd" in client.get(reverse("materials:mine")).content.decode()


def test_author_with_published_material_is_linked_to_the_page(client, make_material, author):
    make_material()
    client.force_login(author)
    html = client.get(reverse("materials:mine")).content.decode()
    links = _author_links(client, html)
    assert "Bekijk je auteurspagina" in html and links
    assert all(client.get(href).status_code == 200 for href in links)
