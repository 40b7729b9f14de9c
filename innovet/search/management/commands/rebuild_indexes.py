import time

from django.core.management.base import BaseCommand, CommandError

from innovet.search import services
from innovet.search.backends import BACKEND_NAMES, configured_backend_name
from innovet.search.outbox import drain as drain_outbox
from innovet.search.outbox import pending
from innovet.search.registry import all_indexes, get_index


class Command(BaseCommand):
    help = (
        "Bouwt zoekindexen opnieuw op uit de databank. Zonder --index: alle indexen. "
        "--backend tantivy bouwt daarna ook de snelle zoekmotor op. --if-needed doet enkel wat ontbreekt "
        "of verouderd is (andere analyseversie). --drain past enkel de wachtrij (outbox) toe."
    )

    def add_arguments(self, parser):
        parser.add_argument("--index", action="append", help="Naam van de index (bv. offers); herhaalbaar.")
        parser.add_argument("--backend", choices=BACKEND_NAMES, help="Standaard: de ingestelde zoekmotor.")
        parser.add_argument("--if-needed", action="store_true")
        parser.add_argument(
            "--drain", action="store_true", help="Enkel de wachtrij naar de snelle zoekmotor toepassen."
        )

    def handle(self, *args, index=None, backend=None, if_needed=False, drain=False, **options):
        backend = backend or configured_backend_name()
        if drain:
            applied, failed = drain_outbox()
            self.stdout.write(f"Wachtrij: {applied} toegepast, {failed} mislukt, {pending()} in wachtrij.")
            return
        names = index or [i.name for i in all_indexes()]
        for name in names:
            try:
                get_index(name)
            except LookupError as exc:
                raise CommandError(str(exc)) from exc
        for name in names:
            db_needed = services.needs_rebuild(name, "database")
            engine_needed = backend != "database" and services.needs_rebuild(name, backend)
            if if_needed and not db_needed and not engine_needed:
                self.stdout.write(f"{name}: in orde, niets te doen.")
                continue
            started = time.perf_counter()
            if not if_needed or db_needed:
                counts = services.rebuild(name, backend=backend, progress=self._progress(name))
                count = counts[name]
            else:
                count = services.rebuild_engine(name, backend, progress=self._progress(name))
            self.stdout.write(
                self.style.SUCCESS(f"{name}: {count} documenten ({backend}) in {time.perf_counter() - started:.1f} s")
            )

    def _progress(self, name):
        def report(count):
            if count % 10_000 == 0:
                self.stdout.write(f"  {name}: {count} …")

        return report
