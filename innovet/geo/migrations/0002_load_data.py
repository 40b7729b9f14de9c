from django.db import migrations


def load(apps, schema_editor):
    from innovet.geo.loader import load_geo

    load_geo(apps.get_model("geo", "Province"), apps.get_model("geo", "Postcode"))


class Migration(migrations.Migration):
    dependencies = [("geo", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
