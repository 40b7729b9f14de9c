"""The lab list is a search over the 'labs' index: reads the request, asks the engine, labels the facets."""

from django.utils.translation import gettext_lazy as _

from innovet.geo.models import Province
from innovet.search import services as search_services
from innovet.search.query import SearchQuery
from innovet.taxonomy.models import Term

from . import selectors
from .models import Phase
from .search_indexes import FACETS

PER_PAGE = 20
SORTS = [("relevance", _("Meest relevant")), ("newest", _("Nieuwste eerst"))]
VOCABULARIES = {"thema": "thema", "studiedomein": "studiedomein", "graad": "graad"}


def _labels():
    labels = {name: {} for name in VOCABULARIES}
    by_vocab = {v: k for k, v in VOCABULARIES.items()}
    for code, vocab, label, parent_code in Term.objects.filter(vocabulary__code__in=by_vocab).values_list(
        "code", "vocabulary__code", "label", "parent__code"
    ):
        key = f"{parent_code}/{code}" if vocab == "thema" and parent_code else code
        labels[by_vocab[vocab]][key] = label
    labels["provincie"] = dict(Province.objects.values_list("slug", "name"))
    labels["fase"] = dict(Phase.choices)
    labels["presenteerbaar"] = {"ja": _("Presenteerbaar"), "nee": _("Nog in ontwikkeling")}
    labels["natraject"] = {"open": _("Scholen kunnen aansluiten")}
    return labels


def run(request):
    text = request.GET.get("q", "").strip()[:200]
    filters = {f.name: request.GET.getlist(f.name) for f in FACETS if request.GET.getlist(f.name)}
    sort = request.GET.get("sorteer", "newest" if not text else "relevance")
    if sort not in dict(SORTS):
        sort = "relevance"
    try:
        page = max(1, int(request.GET.get("pagina", 1)))
    except ValueError:
        page = 1
    query = SearchQuery(text=text, filters=filters, sort=sort, page=page, per_page=PER_PAGE)
    result = search_services.search("labs", query)
    labs = selectors.by_pks(result.pks)
    labels = _labels()
    facets = []
    for facet in FACETS:
        values = result.facets.get(facet.name, [])
        chosen = set(filters.get(facet.name, []))
        items = [
            {
                "value": value,
                "label": labels.get(facet.name, {}).get(value, value),
                "count": count,
                "checked": value in chosen,
                "depth": value.count("/") if facet.hierarchical else 0,
            }
            for value, count in values
        ]
        for value in chosen - {v for v, _c in values}:
            items.append(
                {
                    "value": value,
                    "label": labels.get(facet.name, {}).get(value, value),
                    "count": 0,
                    "checked": True,
                    "depth": 0,
                }
            )
        if facet.hierarchical:
            items.sort(key=lambda i: (i["value"].split("/")[0], i["depth"], -i["count"]))
        if items:
            facets.append({"name": facet.name, "label": facet.label, "items": items})
    active = [
        {"name": name, "value": v, "label": labels.get(name, {}).get(v, v)} for name, vs in filters.items() for v in vs
    ]
    pages = max(1, -(-result.total // PER_PAGE))
    user = request.user
    return {
        "q": text,
        "sort": sort,
        "sorts": SORTS,
        "labs": labs,
        "total": result.total,
        "facets": facets,
        "active_filters": active,
        "suggestion": result.suggestion,
        "page_number": min(page, pages),
        "pages": pages,
        "has_previous": page > 1,
        "has_next": page < pages,
        "can_create": user.is_authenticated and user.has_perm("labs.add_lab"),
        "can_overview": user.is_authenticated and user.has_perm("labs.view_overview"),
    }
