"""PostgreSQL only: what a search reads moves to a narrow table of its own, ``search_match``.

Every search visits the rows of the documents it matches, often most of the index (the text test, the
filters, the facet counts). Those rows also carried the stored title and text, which no search reads: about
half of every row, and at 100,000 documents more than the default shared buffers hold. ``search_match``
keeps per document only what searches read: index, object, boost, publication, the tsvector and the facet
value ids (same id as the document row). The document row keeps the stored copy (title, text, analysed
terms, facet keys as text) for maintenance (vocabulary, GDPR scrub, rebuilds).

Statement-level triggers with transition tables keep the two in step, set-based (one statement per insert,
COPY included, or delete): new facet keys enter the dictionary ``search_facetkey``, and the match row is
computed from the terms and keys. TRUNCATE (a test database's flush) empties the match table too. SQLite is
unchanged: FTS5 and its facet table.
"""

from importlib import import_module

from django.db import migrations

FUNCTION = r"""
CREATE OR REPLACE FUNCTION search_match_sync() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP IN ('DELETE', 'UPDATE') THEN
        DELETE FROM search_match m USING old_docs o WHERE m.id = o.id;
    END IF;
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        -- Values never seen before enter the dictionary (concurrent writers meet at its unique key).
        INSERT INTO search_facetkey (key) SELECT DISTINCT unnest(n.facet_keys) FROM new_docs n
            ON CONFLICT DO NOTHING;
        INSERT INTO search_match (id, index_name, object_pk, boost, published_at, tsv, facet_ids)
        SELECT n.id, n.index_name, n.object_pk, n.boost, n.published_at,
               setweight(to_tsvector('simple', coalesce(n.title_terms, '')), 'A')
               || setweight(to_tsvector('simple', coalesce(n.body_terms, '')), 'D'),
               ARRAY(SELECT k.id FROM search_facetkey k WHERE k.key = ANY(n.facet_keys) ORDER BY k.id)
        FROM new_docs n;
    END IF;
    IF TG_OP = 'TRUNCATE' THEN
        TRUNCATE search_match;
    END IF;
    RETURN NULL;
END $$
"""

FORWARD = [
    """CREATE TABLE search_match (
        id bigint PRIMARY KEY,
        index_name varchar(40) NOT NULL,
        object_pk bigint NOT NULL,
        boost double precision NOT NULL,
        published_at timestamp with time zone,
        tsv tsvector NOT NULL,
        facet_ids integer[] NOT NULL DEFAULT '{}'
    )""",
    """INSERT INTO search_match (id, index_name, object_pk, boost, published_at, tsv, facet_ids)
       SELECT id, index_name, object_pk, boost, published_at, coalesce(tsv, ''), facet_ids
       FROM search_indexeddocument""",
    # The document rows get their facet keys back as text (0005 had cleared them): the stored copy is whole.
    """UPDATE search_indexeddocument d
       SET facet_keys = ARRAY(SELECT f.key FROM search_facetkey f WHERE f.id = ANY(d.facet_ids) ORDER BY f.key)""",
    "CREATE INDEX search_match_tsv ON search_match USING GIN (tsv)",
    "CREATE INDEX search_match_facet_ids ON search_match USING GIN (facet_ids)",
    "CREATE INDEX search_match_default_order ON search_match"
    " (index_name, boost DESC, published_at DESC NULLS LAST, object_pk)",
    "CREATE INDEX search_match_newest ON search_match (index_name, published_at)",
    "DROP TRIGGER IF EXISTS search_doc_narrow ON search_indexeddocument",
    "DROP FUNCTION IF EXISTS search_doc_narrow()",
    "DROP INDEX IF EXISTS search_doc_tsv",
    "DROP INDEX IF EXISTS search_doc_facet_ids",
    "ALTER TABLE search_indexeddocument DROP COLUMN tsv, DROP COLUMN facet_ids",
    FUNCTION,
    "CREATE TRIGGER search_match_insert AFTER INSERT ON search_indexeddocument"
    " REFERENCING NEW TABLE AS new_docs FOR EACH STATEMENT EXECUTE FUNCTION search_match_sync()",
    "CREATE TRIGGER search_match_update AFTER UPDATE ON search_indexeddocument"
    " REFERENCING OLD TABLE AS old_docs NEW TABLE AS new_docs FOR EACH STATEMENT EXECUTE FUNCTION search_match_sync()",
    "CREATE TRIGGER search_match_delete AFTER DELETE ON search_indexeddocument"
    " REFERENCING OLD TABLE AS old_docs FOR EACH STATEMENT EXECUTE FUNCTION search_match_sync()",
    "CREATE TRIGGER search_match_truncate AFTER TRUNCATE ON search_indexeddocument"
    " FOR EACH STATEMENT EXECUTE FUNCTION search_match_sync()",
]

BACKWARD = [
    "DROP TRIGGER IF EXISTS search_match_insert ON search_indexeddocument",
    "DROP TRIGGER IF EXISTS search_match_update ON search_indexeddocument",
    "DROP TRIGGER IF EXISTS search_match_delete ON search_indexeddocument",
    "DROP TRIGGER IF EXISTS search_match_truncate ON search_indexeddocument",
    "DROP FUNCTION IF EXISTS search_match_sync()",
    "ALTER TABLE search_indexeddocument ADD COLUMN tsv tsvector, ADD COLUMN facet_ids integer[] NOT NULL DEFAULT '{}'",
    """UPDATE search_indexeddocument d SET tsv = m.tsv, facet_ids = m.facet_ids, facet_keys = '{}',
       title_terms = '', body_terms = '' FROM search_match m WHERE m.id = d.id""",
    "CREATE INDEX search_doc_tsv ON search_indexeddocument USING GIN (tsv)",
    "CREATE INDEX search_doc_facet_ids ON search_indexeddocument USING GIN (facet_ids)",
    "DROP TABLE search_match",
]


def _run(statements, then=None):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)
            if then:
                then(schema_editor)

    return run


def _narrow_trigger_again(schema_editor):
    """Going back: 0005's BEFORE INSERT trigger, as that migration made it."""
    schema_editor.execute(import_module("innovet.search.migrations.0005_narrow_rows").TRIGGER)
    schema_editor.execute(
        "CREATE TRIGGER search_doc_narrow BEFORE INSERT ON search_indexeddocument"
        " FOR EACH ROW EXECUTE FUNCTION search_doc_narrow()"
    )


class Migration(migrations.Migration):
    dependencies = [("search", "0006_default_order_index")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD, _narrow_trigger_again))]
