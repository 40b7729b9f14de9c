import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Vocabulary",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.SlugField(max_length=40, unique=True, verbose_name="code")),
                ("name", models.CharField(max_length=120, verbose_name="naam")),
                ("hierarchical", models.BooleanField(default=False, verbose_name="boomstructuur")),
                ("source", models.CharField(blank=True, max_length=300, verbose_name="bron")),
            ],
            options={
                "verbose_name": "referentielijst",
                "verbose_name_plural": "referentielijsten",
                "ordering": ["name"],
            },
        ),
        migrations.CreateModel(
            name="Term",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=200, verbose_name="code")),
                ("label", models.CharField(max_length=300, verbose_name="label")),
                ("position", models.PositiveIntegerField(default=0, verbose_name="volgorde")),
                (
                    "active",
                    models.BooleanField(
                        default=True,
                        help_text="Niet-actieve items kunnen niet meer gekozen worden.",
                        verbose_name="actief",
                    ),
                ),
                ("data", models.JSONField(blank=True, default=dict, verbose_name="extra gegevens")),
                (
                    "parent",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="children",
                        to="taxonomy.term",
                        verbose_name="bovenliggend item",
                    ),
                ),
                (
                    "vocabulary",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="terms",
                        to="taxonomy.vocabulary",
                        verbose_name="lijst",
                    ),
                ),
            ],
            options={
                "verbose_name": "referentie-item",
                "verbose_name_plural": "referentie-items",
                "ordering": ["vocabulary", "position", "label"],
                "indexes": [
                    models.Index(fields=["vocabulary", "active", "position"], name="taxonomy_te_vocabul_f05845_idx")
                ],
                "constraints": [
                    models.UniqueConstraint(fields=("vocabulary", "code"), name="taxonomy_term_unique_code")
                ],
            },
        ),
    ]
