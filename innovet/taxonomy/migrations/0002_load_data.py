from django.db import migrations


def load(apps, schema_editor):
    from innovet.taxonomy.loader import load_taxonomies

    load_taxonomies(apps.get_model("taxonomy", "Vocabulary"), apps.get_model("taxonomy", "Term"))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
