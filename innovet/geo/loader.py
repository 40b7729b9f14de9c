"""Loads the shipped geographic data. Used by the data migration and by ``load_reference_data``."""

import csv
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"


def load_geo(Province, Postcode):
    provinces = {}
    with open(DATA_DIR / "provinces.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    for row in rows:
        provinces[row["nis_code"]], _ = Province.objects.update_or_create(
            nis_code=row["nis_code"],
            defaults={
                "name": row["name"],
                "slug": row["slug"],
                "region": row["region"],
                "in_scope": row["in_scope"] == "1",
            },
        )
    for row in rows:
        if row["rtc_province_nis"]:
            province = provinces[row["nis_code"]]
            province.rtc_province = provinces[row["rtc_province_nis"]]
            province.save(update_fields=["rtc_province"])

    existing = set(Postcode.objects.values_list("code", "place_name"))
    new = []
    with open(DATA_DIR / "be_postcodes_geo.csv", encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            key = (row["postal_code"], row["place_name"])
            if key in existing:
                continue
            existing.add(key)
            new.append(
                Postcode(
                    code=row["postal_code"],
                    place_name=row["place_name"],
                    municipality=row["municipality_nl"].replace("|", ", "),
                    province=provinces[row["province_nis"]],
                    latitude=float(row["latitude"]),
                    longitude=float(row["longitude"]),
                )
            )
    Postcode.objects.bulk_create(new, batch_size=1000)
