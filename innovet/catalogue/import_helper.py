"""The second writer of a large import: a process of its own that writes every other chunk.

Started by ``services.run_import`` with multiprocessing's "spawn" (a fresh interpreter: nothing of the
worker's threads, locks or database connections is inherited). It sets Django up, opens its own connection
to the same database, writes its chunks with the same code (``services.write_part``) and tells the parent,
over a pipe, which offers each chunk created, or why it stopped. The two writers meet only at the job row,
which each chunk's transaction locks to add its ids (so whoever ends the job can remove everything).
"""

import multiprocessing

from django.db import connection
from django.utils.translation import gettext as _


class ImportHelper:
    """The parent's handle on the helper process."""

    def __init__(self, job_id, part, parts, chunk_size):
        context = multiprocessing.get_context("spawn")
        self.messages, sender = context.Pipe(duplex=False)
        self.process = context.Process(
            target=main,
            args=(job_id, part, parts, chunk_size, connection.settings_dict["NAME"], sender),
            name=f"import-{job_id}-part-{part}",
        )
        self.process.start()
        self.finished = False
        sender.close()  # the parent only reads: the pipe reports EOF when the helper is gone

    def collect(self, done, wait=False):
        """Take the helper's reports into ``done`` (chunk index -> ids); with ``wait``, until it has finished.
        Raises when it failed or stopped."""
        from .services import ImportHelperFailed, ImportInterrupted

        while not self.finished and (wait or self.messages.poll()):
            try:
                kind, *data = self.messages.recv()
            except EOFError:
                raise ImportHelperFailed(_("Het tweede importproces is onverwacht gestopt.")) from None
            if kind == "chunk":
                done[data[0]] = data[1]
            elif kind == "done":
                self.finished = True
            elif kind == "interrupted":
                raise ImportInterrupted
            else:
                raise ImportHelperFailed(data[0])

    def finish(self, done):
        self.collect(done, wait=True)
        self.process.join()

    def stop(self):
        if self.process.is_alive():
            self.process.terminate()  # its open transaction is rolled back with its connection
        self.process.join()
        self.messages.close()


def main(job_id, part, parts, chunk_size, database_name, pipe):
    """The helper process: write this part of the job's chunks and report each."""
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
        for index, ids in services.write_part(job, writer, part, parts, chunk_size):
            pipe.send(("chunk", index, ids))
        pipe.send(("done",))
    except services.ImportInterrupted:
        pipe.send(("interrupted",))
    except Exception as exc:
        services.logger.exception("Import %s: part %s of the commit failed", job_id, part)
        pipe.send(("failed", services.failure_message(exc)))
    finally:
        pipe.close()
        connections.close_all()
