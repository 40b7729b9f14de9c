from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction

from innovet.core.demo_registry import DEMO_PASSWORD, Context, innovet_modules


class Command(BaseCommand):
    help = "Laadt de Vlaamse demodataset (organisaties, demogebruikers per rol en de inhoud van elke module)."

    def add_arguments(self, parser):
        parser.add_argument("--seed", type=int, default=2018)
        parser.add_argument("--if-empty", action="store_true", help="Niets doen als de demodata al geladen is.")

    def handle(self, *args, seed, if_empty, **options):
        User = get_user_model()
        if if_empty and User.objects.filter(email="admin@innovet.test").exists():
            self.stdout.write("Demodata is al geladen.")
            self.print_accounts()
            return
        ctx = Context(seed=seed, stdout=self.stdout)
        for label, module in innovet_modules("demo"):
            with transaction.atomic():
                module.load(ctx)
            self.stdout.write(f"  ✓ {label}")
        self.stdout.write(self.style.SUCCESS("Demodata geladen."))
        self.print_accounts()

    def print_accounts(self):
        from innovet.organisations.demo import DEMO_ACCOUNTS

        self.stdout.write(f"\nDemo-accounts (enkel lokaal), wachtwoord: {DEMO_PASSWORD}")
        for email, role, org in DEMO_ACCOUNTS:
            self.stdout.write(f"  {email:<32} {role:<28} {org}")
