import time

from django.core.management.base import BaseCommand, CommandError

from innovet.search import services
from innovet.search.registry import all_indexes, get_index


class Command(BaseCommand):
    help = (
        "Bouwt zoekindexen opnieuw op uit de databank. Zonder --index: alle indexen. "
        "--if-needed doet enkel wat ontbreekt of verouderd is (andere analyseversie)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--index", action="append", help="Naam van de index (bv. offers); herhaalbaar.")
        parser.add_argument("--if-needed", action="store_true")

    def handle(self, *args, index=None, if_needed=False, **options):
        names = index or [i.name for i in all_indexes()]
        for name in names:
            try:
                get_index(name)
            except LookupError as exc:
                raise CommandError(str(exc)) from exc
        for name in names:
            if if_needed and not services.needs_rebuild(name):
                self.stdout.write(f"{name}: in orde, niets te doen.")
                continue
            started = time.perf_counter()
            count = services.rebuild(name, progress=self._progress(name))[name]
            self.stdout.write(
                self.style.SUCCESS(f"{name}: {count} documenten in {time.perf_counter() - started:.1f} s")
            )

    def _progress(self, name):
        def report(count):
            if count % 10_000 == 0:
                self.stdout.write(f"  {name}: {count} …")

        return report
