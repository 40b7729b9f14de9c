"""PostgreSQL only: narrower document rows, so that a search reads fewer pages.

Every search scans the matching document rows (text test, filters, counts); half of a row's bytes were
copies that only feed the index: the analysed terms (``tsv`` is made from them) and the facet keys as text.
A BEFORE INSERT trigger now computes ``tsv`` from the terms and stores the facet keys as integer ids from a
dictionary table (``search_facetkey``: 'facet=value' -> id), then clears the terms and the text keys. The
rows become about half as wide, and array tests and GROUP BY work on integers. The Python writer is
unchanged (it sends terms and keys as before); SQLite keeps its FTS5 triggers and facet table.

Documents are never updated in place (``store`` deletes and inserts), so only INSERT needs the trigger.
Going back restores the generated column and the text keys; the terms must then be rebuilt
(``manage.py rebuild_indexes``).
"""

from django.db import migrations

TRIGGER = r"""
CREATE OR REPLACE FUNCTION search_doc_narrow() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.tsv := setweight(to_tsvector('simple', coalesce(NEW.title_terms, '')), 'A')
            || setweight(to_tsvector('simple', coalesce(NEW.body_terms, '')), 'D');
    NEW.title_terms := '';
    NEW.body_terms := '';
    IF cardinality(NEW.facet_keys) > 0 THEN
        NEW.facet_ids := ARRAY(SELECT id FROM search_facetkey WHERE key = ANY(NEW.facet_keys) ORDER BY id);
        IF cardinality(NEW.facet_ids) < (SELECT count(DISTINCT k) FROM unnest(NEW.facet_keys) k) THEN
            -- A value never seen before: add it (concurrent writers meet at the unique key).
            INSERT INTO search_facetkey (key) SELECT DISTINCT unnest(NEW.facet_keys) ON CONFLICT DO NOTHING;
            NEW.facet_ids := ARRAY(SELECT id FROM search_facetkey WHERE key = ANY(NEW.facet_keys) ORDER BY id);
        END IF;
        NEW.facet_keys := '{}';
    END IF;
    RETURN NEW;
END $$
"""

FORWARD = [
    "CREATE TABLE search_facetkey (id serial PRIMARY KEY, key text NOT NULL UNIQUE)",
    "INSERT INTO search_facetkey (key) SELECT DISTINCT unnest(facet_keys) FROM search_indexeddocument ORDER BY 1",
    "ALTER TABLE search_indexeddocument ALTER COLUMN tsv DROP EXPRESSION",
    "ALTER TABLE search_indexeddocument ADD COLUMN facet_ids integer[] NOT NULL DEFAULT '{}'",
    """UPDATE search_indexeddocument d SET title_terms = '', body_terms = '', facet_keys = '{}',
       facet_ids = ARRAY(SELECT f.id FROM search_facetkey f WHERE f.key = ANY(d.facet_keys) ORDER BY f.id)""",
    "DROP INDEX IF EXISTS search_doc_facet_keys",
    "CREATE INDEX search_doc_facet_ids ON search_indexeddocument USING GIN (facet_ids)",
    TRIGGER,
    "CREATE TRIGGER search_doc_narrow BEFORE INSERT ON search_indexeddocument"
    " FOR EACH ROW EXECUTE FUNCTION search_doc_narrow()",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS search_doc_narrow ON search_indexeddocument",
    "DROP FUNCTION IF EXISTS search_doc_narrow()",
    """UPDATE search_indexeddocument d SET
       facet_keys = ARRAY(SELECT f.key FROM search_facetkey f WHERE f.id = ANY(d.facet_ids) ORDER BY f.key)""",
    "DROP INDEX IF EXISTS search_doc_facet_ids",
    "ALTER TABLE search_indexeddocument DROP COLUMN facet_ids",
    "CREATE INDEX search_doc_facet_keys ON search_indexeddocument USING GIN (facet_keys)",
    "DROP INDEX IF EXISTS search_doc_tsv",
    "ALTER TABLE search_indexeddocument DROP COLUMN tsv",
    """ALTER TABLE search_indexeddocument ADD COLUMN tsv tsvector GENERATED ALWAYS AS (
       setweight(to_tsvector('simple', coalesce(title_terms, '')), 'A')
       || setweight(to_tsvector('simple', coalesce(body_terms, '')), 'D')) STORED""",
    "CREATE INDEX search_doc_tsv ON search_indexeddocument USING GIN (tsv)",
    "DROP TABLE search_facetkey",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_facet_keys")]

    operations = [migrations.RunPython(_run(FORWARD), _run(BACKWARD))]
