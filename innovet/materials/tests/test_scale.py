import pytest

from innovet.core.demo_registry import Context
from innovet.organisations import scale as organisations_scale
from innovet.search import services as search_services
from innovet.search.query import SearchQuery

from .. import scale
from ..models import Material

pytestmark = pytest.mark.django_db


def test_scale_generates_searchable_materials():
    ctx = Context(seed=7, scale=60)
    organisations_scale.generate(ctx)
    assert scale.generate(ctx) == "60 lesmaterialen"
    published = Material.objects.published().count()
    assert 40 <= published < 60
    assert search_services.rebuild("materials")["materials"] == published
    result = search_services.search("materials", SearchQuery(text="warmtepomp", filters={"studiedomein": ["stem"]}))
    assert result.total >= 1
    assert all(Material.objects.get(pk=pk).published_at for pk in result.pks)
