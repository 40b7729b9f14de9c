import time

from django.core.management.base import BaseCommand

from innovet.core.demo_registry import Context, innovet_modules


class Command(BaseCommand):
    help = (
        "Maakt deterministische synthetische volumes voor benchmarks (bulk inserts). "
        "--scale N maakt N organisaties en N gebruikers; elke module voegt er haar eigen volume aan toe."
    )

    def add_arguments(self, parser):
        parser.add_argument("--scale", type=int, required=True)
        parser.add_argument("--seed", type=int, default=42)
        parser.add_argument("--only", nargs="*", help="Enkel deze apps (labels), bv. organisations catalogue.")

    def handle(self, *args, scale, seed, only, **options):
        ctx = Context(seed=seed, scale=scale, stdout=self.stdout)
        for label, module in innovet_modules("scale"):
            if only and label not in only:
                continue
            started = time.perf_counter()
            summary = module.generate(ctx)
            self.stdout.write(f"{label}: {summary} in {time.perf_counter() - started:.1f} s")
