"""bin/backup and bin/restore, run for real against the PostgreSQL test server."""

import os
import subprocess
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.db import connection

from innovet.catalogue.models import Offer

ROOT = Path(__file__).resolve().parents[2]

pytestmark = [
    pytest.mark.skipif(not settings.IS_POSTGRES, reason="backups are of the PostgreSQL database"),
    pytest.mark.django_db(transaction=True),
]


def url(settings_dict, name):
    user = f"{settings_dict['USER']}@" if settings_dict["USER"] else ""
    return f"postgres://{user}{settings_dict['HOST'] or '127.0.0.1'}:{settings_dict['PORT'] or 5432}/{name}"


def test_a_backup_restores_into_an_empty_database_with_its_media(make_offer, provider, tmp_path):
    make_offer([provider], title="Hernieuwbare energie in de praktijk")
    make_offer([provider], title="Lasrobots programmeren", publish=False)
    media = tmp_path / "media"
    (media / "lesmateriaal").mkdir(parents=True)
    (media / "lesmateriaal" / "fiche.pdf").write_bytes(b"%PDF-1.4 fiche")
    source = connection.settings_dict
    env = {**os.environ, "DATABASE_URL": url(source, source["NAME"]), "INNOVET_MEDIA_ROOT": str(media)}
    subprocess.run(["bin/backup", str(tmp_path / "backup")], cwd=ROOT, env=env, check=True, capture_output=True)

    restored_name = f"{source['NAME']}_restore"
    admin = url(source, "postgres")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{restored_name}"')
        conn.execute(f'CREATE DATABASE "{restored_name}"')
    try:
        restored_media = tmp_path / "restored-media"
        env = {**os.environ, "DATABASE_URL": url(source, restored_name), "INNOVET_MEDIA_ROOT": str(restored_media)}
        subprocess.run(["bin/restore", str(tmp_path / "backup")], cwd=ROOT, env=env, check=True, capture_output=True)
        with psycopg.connect(url(source, restored_name)) as conn:
            titles = sorted(row[0] for row in conn.execute(f'SELECT title FROM "{Offer._meta.db_table}"'))
            postcodes = conn.execute("SELECT count(*) FROM geo_postcode").fetchone()[0]
        assert titles == sorted(Offer.objects.values_list("title", flat=True))
        assert titles == ["Hernieuwbare energie in de praktijk", "Lasrobots programmeren"]
        assert postcodes > 2000
        assert (restored_media / "lesmateriaal" / "fiche.pdf").read_bytes() == b"%PDF-1.4 fiche"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{restored_name}" WITH (FORCE)')


def test_a_damaged_backup_is_refused_before_anything_is_touched(tmp_path):
    backup = tmp_path / "backup"
    backup.mkdir()
    (backup / "database.dump").write_bytes(b"not a dump")
    (backup / "media.tar.gz").write_bytes(b"")
    (backup / "SHA256SUMS").write_text("0" * 64 + "  database.dump\n" + "0" * 64 + "  media.tar.gz\n")
    media = tmp_path / "media"
    env = {**os.environ, "DATABASE_URL": url(connection.settings_dict, "postgres"), "INNOVET_MEDIA_ROOT": str(media)}
    result = subprocess.run(["bin/restore", str(backup)], cwd=ROOT, env=env, capture_output=True, text=True)
    assert result.returncode != 0
    assert not media.exists()
