import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Province",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("nis_code", models.CharField(max_length=5, unique=True, verbose_name="NIS-code")),
                ("name", models.CharField(max_length=80, verbose_name="naam")),
                ("slug", models.SlugField(unique=True)),
                ("region", models.CharField(max_length=80, verbose_name="gewest")),
                ("in_scope", models.BooleanField(default=False, verbose_name="werkgebied InnoVET")),
                (
                    "rtc_province",
                    models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="served_provinces",
                        to="geo.province",
                        verbose_name="bediend door RTC van",
                    ),
                ),
            ],
            options={
                "verbose_name": "provincie",
                "verbose_name_plural": "provincies",
                "ordering": ["-in_scope", "name"],
            },
        ),
        migrations.CreateModel(
            name="Postcode",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(db_index=True, max_length=4, verbose_name="postcode")),
                ("place_name", models.CharField(max_length=120, verbose_name="plaats")),
                ("municipality", models.CharField(max_length=160, verbose_name="gemeente")),
                ("latitude", models.FloatField(verbose_name="breedtegraad")),
                ("longitude", models.FloatField(verbose_name="lengtegraad")),
                (
                    "province",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT, to="geo.province", verbose_name="provincie"
                    ),
                ),
            ],
            options={
                "verbose_name": "postcode",
                "verbose_name_plural": "postcodes",
                "ordering": ["code", "place_name"],
            },
        ),
        migrations.AddConstraint(
            model_name="postcode",
            constraint=models.UniqueConstraint(fields=("code", "place_name"), name="geo_postcode_unique_place"),
        ),
    ]
