"""Generic search index tables, shared by every registered index.

The search backend reads these tables directly (SQLite FTS5 / PostgreSQL tsvector over the
pre-analysed ``title_terms``/``body_terms``, facet counts by GROUP BY). Raw SQL for the FTS5 virtual
table and the tsvector column with its GIN index lives in the migrations.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class IndexedDocument(models.Model):
    index_name = models.CharField(_("index"), max_length=40)
    object_pk = models.BigIntegerField(_("object"))
    title = models.TextField(_("titel"))
    body = models.TextField(_("tekst"), blank=True)
    title_terms = models.TextField(blank=True)  # analysed tokens (see analysis.py)
    body_terms = models.TextField(blank=True)
    boost = models.FloatField(default=1.0)
    published_at = models.DateTimeField(null=True, blank=True)
    indexed_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("geïndexeerd document")
        verbose_name_plural = _("geïndexeerde documenten")
        constraints = [models.UniqueConstraint(fields=["index_name", "object_pk"], name="search_doc_unique")]
        # Also search_doc_default_order (migration 0006): the order of a search without words.
        indexes = [models.Index(fields=["index_name", "published_at"], name="search_doc_newest")]

    def __str__(self):
        return f"{self.index_name}:{self.object_pk} {self.title[:60]}"


class DocumentFacet(models.Model):
    # No index of its own on document: search_facet_unique starts with it (one b-tree less per row written).
    document = models.ForeignKey(IndexedDocument, on_delete=models.CASCADE, related_name="facet_values", db_index=False)
    index_name = models.CharField(max_length=40)
    facet = models.CharField(max_length=40)
    value = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "facet", "value"], name="search_facet_unique"),
        ]
        indexes = [models.Index(fields=["index_name", "facet", "value", "document"], name="search_facet_lookup")]

    def __str__(self):
        return f"{self.facet}={self.value}"


class DocumentPoint(models.Model):
    document = models.ForeignKey(IndexedDocument, on_delete=models.CASCADE, related_name="points", db_index=False)
    index_name = models.CharField(max_length=40)
    latitude = models.FloatField()
    longitude = models.FloatField()

    class Meta:
        indexes = [
            models.Index(fields=["index_name", "latitude", "longitude"], name="search_point_bbox"),
            models.Index(fields=["document"], name="search_point_doc"),
        ]

    def __str__(self):
        return f"{self.latitude:.5f}, {self.longitude:.5f}"


class DocumentDate(models.Model):
    document = models.ForeignKey(IndexedDocument, on_delete=models.CASCADE, related_name="dates", db_index=False)
    date = models.DateField()

    class Meta:
        indexes = [models.Index(fields=["document", "date"], name="search_date_doc")]

    def __str__(self):
        return self.date.isoformat()


class VocabularyWord(models.Model):
    """Folded words of an index with their document frequency: the source of 'bedoelde je …'."""

    index_name = models.CharField(max_length=40)
    word = models.CharField(max_length=100)
    stem = models.CharField(max_length=100)
    doc_count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["index_name", "word"], name="search_vocab_unique")]
        indexes = [models.Index(fields=["index_name", "stem"], name="search_vocab_stem")]

    def __str__(self):
        return f"{self.word} ({self.doc_count})"


class IndexVersion(models.Model):
    """A token per index that every write to it replaces, in the writer's own transaction.

    Cached search results and facet totals live in the shared cache under the current token, so a
    committed write makes every process miss the cache at once; a rolled-back write's token is never
    seen again (tokens are random, not counters that a rollback could hand out twice).
    """

    index_name = models.CharField(max_length=40, unique=True)
    token = models.CharField(max_length=32)

    def __str__(self):
        return f"{self.index_name}@{self.token}"


class IndexState(models.Model):
    """Bookkeeping per (index, backend): when it was last rebuilt and with which analysis version."""

    index_name = models.CharField(max_length=40)
    backend = models.CharField(max_length=20)
    analysis_version = models.CharField(max_length=40)
    rebuilt_at = models.DateTimeField(null=True, blank=True)
    documents = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["index_name", "backend"], name="search_state_unique")]

    def __str__(self):
        return f"{self.index_name}/{self.backend}"
