"""GDPR erasure reaches the search index: documents that name an erased person are rebuilt from their
source (which now shows the anonymised account, e.g. a material's author), and a name or address that the
source still holds verbatim is stripped from the stored copy (title, text, analysed terms, suggestions)."""

from django.db import transaction

from . import store
from .models import IndexedDocument
from .registry import all_indexes
from .services import touch


@transaction.atomic
def forget_person(user, former):
    """``core.gdpr`` after-erase step: returns the number of documents rewritten."""
    rewritten = 0
    for index in all_indexes():
        pks = set(
            IndexedDocument.objects.filter(index_name=index.name)
            .filter(former.mentioned_in("title") | former.mentioned_in("body"))
            .values_list("object_pk", flat=True)
        )
        if not pks:
            continue
        objects = [obj for obj in index.get_queryset().filter(pk__in=pks) if index.should_index(obj)]
        documents = []
        for obj in objects:
            document = index.to_document(obj)
            document.title, document.body = former.scrub(document.title), former.scrub(document.body or "")
            documents.append(document)
        store.upsert_documents(index, documents)
        gone = pks - {int(d.pk) for d in documents}
        if gone:
            store.delete_documents(index, gone)
        touch(index.name)  # cached results that named the person go stale at commit
        rewritten += len(pks)
    return rewritten
