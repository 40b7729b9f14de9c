"""The side tables' own index on document_id duplicated an index that starts with it (search_facet_unique,
search_point_doc, search_date_doc): every row written kept one b-tree more for nothing."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0007_match_table"),
    ]

    operations = [
        migrations.AlterField(
            model_name="documentdate",
            name="document",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="dates",
                to="search.indexeddocument",
            ),
        ),
        migrations.AlterField(
            model_name="documentfacet",
            name="document",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="facet_values",
                to="search.indexeddocument",
            ),
        ),
        migrations.AlterField(
            model_name="documentpoint",
            name="document",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="points",
                to="search.indexeddocument",
            ),
        ),
    ]
