from django.core.management.base import BaseCommand
from django.db import transaction

from innovet.geo.loader import load_geo
from innovet.geo.models import Postcode, Province
from innovet.taxonomy.loader import load_taxonomies
from innovet.taxonomy.models import Term, Vocabulary


class Command(BaseCommand):
    help = "Werkt de referentielijsten en postcodes bij vanuit de meegeleverde bestanden (verwijdert niets)."

    def handle(self, *args, **options):
        with transaction.atomic():
            load_geo(Province, Postcode)
            load_taxonomies(Vocabulary, Term)
        self.stdout.write(
            self.style.SUCCESS(f"{Term.objects.count()} referentie-items, {Postcode.objects.count()} postcodes.")
        )
