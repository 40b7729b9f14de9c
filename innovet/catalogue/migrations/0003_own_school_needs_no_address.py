"""'In de eigen school' comes to the teacher: like 'online', it has no address (and no distance)."""

from django.db import migrations


def mark(apps, schema_editor):
    Term = apps.get_model("taxonomy", "Term")
    for term in Term.objects.filter(vocabulary__code="locatietype", code="eigen-school"):
        term.data = {**(term.data or {}), "at_school": True}
        term.save(update_fields=["data"])


class Migration(migrations.Migration):
    dependencies = [("catalogue", "0002_reference_lists")]
    operations = [migrations.RunPython(mark, migrations.RunPython.noop)]
