from django.core.management.base import BaseCommand

from innovet.insights import refresh


class Command(BaseCommand):
    help = "Bouwt de samenvattingstabellen van Inzichten opnieuw op uit het deelnameregister."

    def handle(self, *args, **options):
        state = refresh.rebuild()
        self.stdout.write(f"Inzichten bijgewerkt: {state.participations} deelnames in {state.seconds} s.")
