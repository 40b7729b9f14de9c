"""Set-based inserts for bulk writers (imports, search index rebuilds), the fastest way each database offers.

Rows are tuples of plain values in the given column order, already converted the way the field API would
(``connection.ops.adapt_*``); nothing is validated here. The caller holds the transaction.

* PostgreSQL: ``COPY ... FROM STDIN`` through psycopg: one stream per table instead of a statement per row
  (``executemany`` costs a round trip per row) and no parameter limit. New ids are taken from the table's
  sequence first (``reserve_ids``), so the rows that point at them can be written in the same way.
* SQLite: ``executemany`` of one prepared INSERT, which runs in-process without round trips.
"""

from django.db import connection


def _quote(name):
    return connection.ops.quote_name(name)


def insert_rows(table, columns, rows):
    """INSERT the rows (tuples in ``columns`` order) into ``table``."""
    if not rows:
        return
    names = ", ".join(_quote(c) for c in columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {_quote(table)} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {_quote(table)} ({names}) VALUES ({marks})", rows)


def reserve_ids(table, n):
    """n new ids from the table's own sequence (PostgreSQL), safe against concurrent writers."""
    if not n:
        return []
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)", [table, n])
        return [row[0] for row in cursor.fetchall()]
