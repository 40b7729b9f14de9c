from django.core.management.base import BaseCommand

from innovet.surveys.services import load_templates


class Command(BaseCommand):
    help = "Laadt (opnieuw) de vragenlijsten uit de studie (Bijlage 2.1 en 2.2) als sjablonen."

    def handle(self, *args, **options):
        count = load_templates()
        self.stdout.write(self.style.SUCCESS(f"{count} sjablonen geladen."))
