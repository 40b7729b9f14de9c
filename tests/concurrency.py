"""Run one callable in several threads at once (each with its own database connection), for the
concurrency tests on PostgreSQL. SQLite serialises writers (transaction_mode=IMMEDIATE), so there the same
tests show the double submit one after the other."""

import threading

from django.db import connection


def run_together(target, n=8):
    """Start ``n`` threads behind a barrier; return (results, errors) — errors are unexpected exceptions."""
    barrier = threading.Barrier(n)
    results, errors = [], []

    def worker():
        try:
            barrier.wait()
            results.append(target())
        except Exception as exc:  # collected; the test asserts there are none
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results, errors
