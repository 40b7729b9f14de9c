"""Signals other apps listen to. Bulk writes (imports) send no per-object ``post_save``: they send these."""

from django.dispatch import Signal

# Sent inside the writing transaction with ``offer_ids`` (a list) after offers were bulk-created.
offers_bulk_created = Signal()
# Sent inside the deleting transaction with ``offer_ids`` before offers are deleted in bulk (an import undone).
offers_bulk_deleted = Signal()
