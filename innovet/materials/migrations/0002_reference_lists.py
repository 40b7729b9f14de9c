"""Reference lists of the material repository: licences (with their badge and remix rule) and didactic
work forms. Loaded as taxonomy vocabularies so labels never appear in code."""

from django.db import migrations

LICENCES = [
    # code, label, data
    (
        "cc-by",
        "Naamsvermelding (CC BY 4.0)",
        {
            "badge": "CC BY",
            "spdx": "CC-BY-4.0",
            "url": "https://creativecommons.org/licenses/by/4.0/deed.nl",
            "remix": True,
            "share_alike": False,
            "commercial": True,
        },
    ),
    (
        "cc-by-sa",
        "Naamsvermelding-GelijkDelen (CC BY-SA 4.0)",
        {
            "badge": "CC BY-SA",
            "spdx": "CC-BY-SA-4.0",
            "url": "https://creativecommons.org/licenses/by-sa/4.0/deed.nl",
            "remix": True,
            "share_alike": True,
            "commercial": True,
        },
    ),
    (
        "cc-by-nc",
        "Naamsvermelding-NietCommercieel (CC BY-NC 4.0)",
        {
            "badge": "CC BY-NC",
            "spdx": "CC-BY-NC-4.0",
            "url": "https://creativecommons.org/licenses/by-nc/4.0/deed.nl",
            "remix": True,
            "share_alike": False,
            "commercial": False,
        },
    ),
    (
        "cc-by-nc-sa",
        "Naamsvermelding-NietCommercieel-GelijkDelen (CC BY-NC-SA 4.0)",
        {
            "badge": "CC BY-NC-SA",
            "spdx": "CC-BY-NC-SA-4.0",
            "url": "https://creativecommons.org/licenses/by-nc-sa/4.0/deed.nl",
            "remix": True,
            "share_alike": True,
            "commercial": False,
        },
    ),
    (
        "cc0",
        "Publiek domein (CC0 1.0)",
        {
            "badge": "CC0",
            "spdx": "CC0-1.0",
            "url": "https://creativecommons.org/publicdomain/zero/1.0/deed.nl",
            "remix": True,
            "share_alike": False,
            "commercial": True,
        },
    ),
    (
        "alle-rechten-voorbehouden",
        "Alle rechten voorbehouden",
        {"badge": "©", "spdx": "", "url": "", "remix": False, "share_alike": False, "commercial": False},
    ),
]

WORK_FORMS = [
    ("demonstratie", "Demonstratie"),
    ("projectopdracht", "Projectopdracht"),
    ("zelfstudie", "Zelfstudiepakket"),
    ("practicum", "Practicum / labo-opdracht"),
    ("groepswerk", "Groepswerk"),
    ("hoekenwerk", "Hoekenwerk / contractwerk"),
    ("flipped-classroom", "Flipped classroom"),
    ("bedrijfsbezoek", "Opdracht bij een bedrijfsbezoek"),
    ("simulatie", "Simulatie of serious game"),
    ("evaluatie", "Evaluatie-instrument"),
]


def load(apps, schema_editor):
    Vocabulary = apps.get_model("taxonomy", "Vocabulary")
    Term = apps.get_model("taxonomy", "Term")
    licences, _ = Vocabulary.objects.update_or_create(
        code="licentie",
        defaults={"name": "Licentie voor lesmateriaal", "source": "Creative Commons 4.0 (creativecommons.org)"},
    )
    for position, (code, label, data) in enumerate(LICENCES):
        Term.objects.update_or_create(
            vocabulary=licences, code=code, defaults={"label": label, "data": data, "position": position}
        )
    forms, _ = Vocabulary.objects.update_or_create(
        code="werkvorm", defaults={"name": "Didactische werkvorm", "source": "InnoVET-studie 2018, hoofdstuk 5"}
    )
    for position, (code, label) in enumerate(WORK_FORMS):
        Term.objects.update_or_create(vocabulary=forms, code=code, defaults={"label": label, "position": position})


class Migration(migrations.Migration):
    dependencies = [("materials", "0001_initial"), ("taxonomy", "0002_load_data")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
