"""Background work for material: remove stored files that no attachment refers to any more."""

from datetime import timedelta

from django.core.files.storage import default_storage
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from .models import Attachment

ROOT = "materials"


def remove_orphan_files(older_than=timedelta(hours=6)):
    """Files under media/materials/ without an Attachment row (an upload whose transaction rolled back)."""
    known = set(Attachment.objects.exclude(file="").values_list("file", flat=True))
    cutoff = timezone.now() - older_than
    removed = 0

    def walk(path):
        nonlocal removed
        try:
            dirs, files = default_storage.listdir(path)
        except FileNotFoundError:
            return
        for name in files:
            full = f"{path}/{name}"
            if full not in known and default_storage.get_modified_time(full) < cutoff:
                default_storage.delete(full)
                removed += 1
        for d in dirs:
            walk(f"{path}/{d}")

    walk(ROOT)
    return removed


@db_periodic_task(crontab(hour="3", minute="40"))
def remove_orphan_files_task():
    return remove_orphan_files()
