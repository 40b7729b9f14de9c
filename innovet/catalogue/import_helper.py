"""The helper processes of a large import, beside the worker's: each shares the work of one step.

Each is started with multiprocessing's "spawn" (a fresh interpreter: nothing of the worker's threads, locks
or database connections is inherited), sets Django up and opens its own connection to the same database.

``CheckHelper`` checks every other batch of rows of a long file (``importer.checked_batches``) with the same
rules, loaded from the database as the worker's.

``ImportHelper`` shares the work of ``services.run_import``:

* PostgreSQL: it writes every other chunk with the same code (``services.write_part``) and tells the parent,
  over a pipe, which offers each chunk created. The two writers meet only at the job row, which each chunk's
  transaction locks to add its ids (so whoever ends the job can remove everything).
* SQLite (one writer at a time): it only reads. It plans every chunk (``services.plan_all``: row values, text
  analysis, the statements and their parameters) under ids the parent reserved, and sends each plan to the
  parent, which runs it while the next one is planned. The pipe holds one plan at a time, so the helper is at
  most a chunk ahead.
"""

import multiprocessing
import os

from django.core.exceptions import ValidationError
from django.db import connection
from django.utils.translation import gettext as _

SPAWN = multiprocessing.get_context("spawn")


def available():
    """Whether a helper process can share this connection's work: not inside a transaction (a test's), whose
    rows another process would not see, nor on an in-memory SQLite database, which another process cannot open,
    nor on one core."""
    in_memory = connection.vendor == "sqlite" and connection.is_in_memory_db()
    return not (connection.in_atomic_block or in_memory) and (os.cpu_count() or 1) >= 2


def _start(target, args, pipe, name):
    """Start ``target(*args, database name, pipe)`` in a fresh interpreter; the parent keeps the other end."""
    process = SPAWN.Process(target=target, args=(*args, connection.settings_dict["NAME"], pipe), name=name)
    process.start()
    pipe.close()  # the child's end: the parent's end reports EOF when the child is gone
    return process


def _setup(database_name):
    """Django in a helper process, on the parent's database (also a test database created under another name)."""
    import django

    django.setup()
    from django.db import connections

    connections["default"].settings_dict["NAME"] = database_name
    return connections


class ImportHelper:
    """The parent's handle on the helper process: ``first_ids`` (table -> first reserved id) makes it plan every
    chunk; otherwise it writes the ``part``-th of every ``parts`` chunks."""

    def __init__(self, job_id, chunk_size, part=1, parts=2, first_ids=None):
        self.messages, sender = SPAWN.Pipe(duplex=False)
        self.writes = first_ids is None
        args = (job_id, part, parts, chunk_size, first_ids)
        self.process = _start(main, args, sender, f"import-{job_id}-part-{part}")
        self.finished = False

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
    connections = _setup(database_name)
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


class CheckHelper:
    """A process that checks batches of rows of a long file (``importer.checked_batches``), one at a time."""

    def __init__(self, headers):
        self.pipe, child = SPAWN.Pipe()
        self.process = _start(check_main, (headers,), child, "import-check")
        self.started = False

    def ready(self):
        """Whether it has loaded the rules (vocabularies, postcodes) and takes rows; never waits."""
        if not self.started and self.pipe.poll():
            self.started = self._receive() == "ready"
        return self.started

    def submit(self, seen, rows):
        self.pipe.send((seen, rows))

    def has_result(self):
        return self.pipe.poll()

    def result(self):
        """The outcomes of the submitted rows (``importer.check_batch``); raises what checking them raised."""
        return self._receive()

    def _receive(self):
        try:
            kind, data = self.pipe.recv()
        except EOFError:
            raise ValidationError(
                _("Het tweede controleproces is onverwacht gestopt. Er is niets bewaard: laad het bestand opnieuw op.")
            ) from None
        if kind == "invalid":
            raise ValidationError(data)
        if kind == "failed":
            raise RuntimeError(data)
        return data

    def stop(self):
        if self.started and self.process.is_alive():
            try:
                self.pipe.send(None)  # it ends when it has answered what it was sent
                self.process.join(timeout=5)
            except OSError:
                pass
        if self.process.is_alive():
            self.process.terminate()  # still starting (a short file), or stuck: it only reads
        self.process.join()
        self.pipe.close()


def check_main(headers, database_name, pipe):
    """The checking helper: check each batch of rows it is sent and answer its outcomes, in order. Threads
    take the batches in and send the outcomes out, so that the checking never waits for the pipe."""
    import queue
    import threading

    connections = _setup(database_name)
    from . import importer

    inbox, outbox = queue.Queue(), queue.Queue()

    def receive():
        try:
            while (work := pipe.recv()) is not None:
                inbox.put(work)
        except (EOFError, OSError):
            pass  # the parent is gone
        inbox.put(None)

    def send():
        while (message := outbox.get()) is not None:
            try:
                pipe.send(message)
            except OSError:
                return

    threads = [threading.Thread(target=receive, daemon=True), threading.Thread(target=send)]
    for thread in threads:
        thread.start()
    try:
        checker = importer.Checker(headers)
        outbox.put(("ready", "ready"))
        while (work := inbox.get()) is not None:
            try:
                outbox.put(("checked", importer.check_batch(checker, *work)))
            except ValidationError as exc:
                outbox.put(("invalid", exc.messages))
    except Exception as exc:
        outbox.put(("failed", f"{type(exc).__name__}: {str(exc)[:200]}"))
    finally:
        outbox.put(None)
        threads[1].join()
        pipe.close()
        connections.close_all()
