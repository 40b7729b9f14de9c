from django.db import migrations


def load(apps, schema_editor):
    # terms.csv now says which studiedomeinen are 'hard' (STEM, land- en tuinbouw) and which 'soft' (the
    # study's care, hairdressing, retail...): insights measures whether soft domains are left out.
    from innovet.taxonomy.loader import load_taxonomies

    load_taxonomies(apps.get_model("taxonomy", "Vocabulary"), apps.get_model("taxonomy", "Term"))


class Migration(migrations.Migration):
    dependencies = [("taxonomy", "0002_load_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
