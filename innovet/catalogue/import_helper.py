"""The helper process of a large import, beside the worker's: it shares the work of ``services.run_import``.

Started with multiprocessing's "spawn" (a fresh interpreter: nothing of the worker's threads, locks or
database connections is inherited), it sets Django up and opens its own connection to the same database.

* PostgreSQL: it writes every other chunk with the same code (``services.write_part``) and tells the parent,
  over a pipe, which offers each chunk created. The two writers meet only at the job row, which each chunk's
  transaction locks to add its ids (so whoever ends the job can remove everything).
* SQLite (one writer at a time): it only reads. It plans every chunk (``services.plan_all``: row values, text
  analysis, the statements and their parameters) under ids the parent reserved, and sends each plan to the
  parent, which runs it while the next one is planned. The pipe holds one plan at a time, so the helper is at
  most a chunk ahead.
"""

import multiprocessing

from django.db import connection
from django.utils.translation import gettext as _


class ImportHelper:
    """The parent's handle on the helper process: ``first_ids`` (table -> first reserved id) makes it plan every
    chunk; otherwise it writes the ``part``-th of every ``parts`` chunks."""

    def __init__(self, job_id, chunk_size, part=1, parts=2, first_ids=None):
        context = multiprocessing.get_context("spawn")
        self.messages, sender = context.Pipe(duplex=False)
        self.writes = first_ids is None
        self.process = context.Process(
            target=main,
            args=(job_id, part, parts, chunk_size, first_ids, connection.settings_dict["NAME"], sender),
            name=f"import-{job_id}-part-{part}",
        )
        self.process.start()
        self.finished = False
        sender.close()  # the parent only reads: the pipe reports EOF when the helper is gone

    def _receive(self):
        """The helper's next report; raises when it failed or stopped."""
        from .services import ImportHelperFailed, ImportInterrupted

        try:
            kind, *data = self.messages.recv()
        except EOFError:
            raise ImportHelperFailed(_("Het tweede importproces is onverwacht gestopt.")) from None
        if kind == "interrupted":
            raise ImportInterrupted
        if kind == "failed":
            raise ImportHelperFailed(data[0])
        if kind == "done":
            self.finished = True
        return kind, data

    def collect(self, done, wait=False):
        """Take the writing helper's reports into ``done`` (chunk index -> ids); with ``wait``, until it has
        finished."""
        while not self.finished and (wait or self.messages.poll()):
            kind, data = self._receive()
            if kind == "chunk":
                done[data[0]] = data[1]

    def plans(self):
        """(chunk index, plan) of every chunk, from the planning helper, as it makes them."""
        while not self.finished:
            kind, data = self._receive()
            if kind == "plan":
                yield data

    def finish(self, done):
        self.collect(done, wait=True)
        self.process.join()

    def stop(self):
        if self.process.is_alive():
            self.process.terminate()  # its open transaction is rolled back with its connection
        self.process.join()
        self.messages.close()


def main(job_id, part, parts, chunk_size, first_ids, database_name, pipe):
    """The helper process: write this part of the job's chunks, or plan all of them, and report each."""
    import django

    django.setup()
    from django.db import connections

    # The parent's database, also when that is a test database created under another name.
    connections["default"].settings_dict["NAME"] = database_name
    from . import services
    from .bulk import OfferWriter
    from .models import ImportJob

    try:
        job = ImportJob.objects.select_related("organisation", "uploaded_by").get(pk=job_id)
        writer = OfferWriter(job, job.uploaded_by)
        if first_ids is None:
            for index, ids in services.write_part(job, writer, part, parts, chunk_size):
                pipe.send(("chunk", index, ids))
        else:
            for index, plan in services.plan_all(job, writer, chunk_size, first_ids):
                pipe.send(("plan", index, plan))
        pipe.send(("done",))
    except services.ImportInterrupted:
        pipe.send(("interrupted",))
    except Exception as exc:
        services.logger.exception("Import %s: the helper process failed", job_id)
        pipe.send(("failed", services.failure_message(exc)))
    finally:
        pipe.close()
        connections.close_all()
