"""Bulk writes of imported offers: one chunk of checked rows becomes offers with everything they own.

Rows arrive checked (``importer.Checker``), so nothing is validated here. A chunk costs a fixed number
of statements whatever its size: bulk inserts for offers, locations and sessions, plain ``executemany``
for the many-to-many rows and the audit trail, and one bulk search-index update built from the objects
in memory (no re-reading). Callers hold the transaction.
"""

import functools
import json

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone

from innovet.core.models import AuditLog
from innovet.geo.models import Province
from innovet.search import services as search_services
from innovet.taxonomy.models import Term

from .importer import M2M_KEYS
from .models import Initiative, Offer, OfferLocation, OfferSession, Status
from .signals import offers_bulk_created, offers_bulk_deleted


def _table(model):
    return connection.ops.quote_name(model._meta.db_table)


class OfferWriter:
    def __init__(self, job, user):
        self.job, self.user = job, user
        self.organisation = job.organisation
        self.publish = job.publish
        self.terms = {t.pk: t for t in Term.objects.select_related("parent").filter(vocabulary__code__in=_VOCABULARIES)}
        self.provinces = {p.pk: p for p in Province.objects.all()}
        self.content_type = ContentType.objects.get_for_model(Offer, for_concrete_model=False)
        self.through = {key: getattr(Offer, key).through for key in ["providers", *M2M_KEYS]}
        self.columns = {model: _columns(model) for model in (Offer, OfferLocation, OfferSession)}

    def write(self, records):
        """Create the offers of these checked rows; returns their ids in row order."""
        now = timezone.now()
        status = Status.PUBLISHED if self.publish else Status.DRAFT
        offers = []
        for record in records:
            location = record["location"]
            province_id = (location or {}).get("province") or self.organisation.province_id
            offer = Offer(
                **record["fields"],
                kind=self.terms[record["kind"]],
                pillar=self.terms[record["pillar"]] if record["pillar"] else None,
                province=self.provinces.get(province_id),
                status=status,
                published_at=now if self.publish else None,
                last_confirmed_at=now if self.publish else None,
                created_by_id=self.user.pk,
                created_at=now,
                updated_at=now,
            )
            offers.append(offer)
        for offer, pk in zip(offers, self._insert(Offer, offers), strict=True):
            offer.pk = pk
        locations = {}
        for offer, record in zip(offers, records, strict=True):
            data = record["location"]
            if data:
                locations[offer.pk] = OfferLocation(
                    offer_id=offer.pk,
                    location_type=self.terms[data["location_type"]],
                    name=data["name"],
                    street=data["street"],
                    postcode=data["postcode"],
                    municipality=data["municipality"],
                    province=self.provinces.get(data["province"]),
                    latitude=data["latitude"],
                    longitude=data["longitude"],
                )
        located = list(locations.values())
        for location, pk in zip(located, self._insert(OfferLocation, located), strict=True):
            location.pk = pk
        sessions = []
        for offer, record in zip(offers, records, strict=True):
            location = locations.get(offer.pk)
            offer_sessions = [
                _Row(
                    offer_id=offer.pk,
                    title="",
                    starts_at=start,
                    ends_at=end,
                    location_id=location.pk if location else None,
                    within_school_hours=within,
                )
                for start, end, within in record["sessions"]
            ]
            sessions.extend(offer_sessions)
            # What the search document reads, from memory (Django's related managers return this cache).
            offer._prefetched_objects_cache = {
                "locations": [location] if location else [],
                "sessions": sorted(offer_sessions, key=lambda s: s.starts_at),
                "providers": [self.organisation],
                **{key: [self.terms[pk] for pk in record["m2m"].get(key, [])] for key in M2M_KEYS},
            }
        self._insert(OfferSession, sessions, returning=False)
        self._link(offers, records)
        self._audit(offers, now)
        ids = [o.pk for o in offers]
        if self.publish:
            search_services.index_objects("offers", offers)
        offers_bulk_created.send(sender=Offer, offer_ids=ids)
        return ids

    def _insert(self, model, objects, returning=True):
        """INSERT the objects' column values as they are (already checked); returns the new ids in order.

        Django's bulk_create prepares every value of every object through the field API, which costs
        more than the insert itself; the values here are plain and only need the backend's adaptation.
        One multi-row INSERT ... RETURNING per batch, as bulk_create does on both databases.
        """
        if not objects:
            return []
        columns, adapters = self.columns[model]
        table = _table(model)
        names = ", ".join(connection.ops.quote_name(c.column) for c in columns)
        rows = [[adapt(getattr(obj, c.attname)) for c, adapt in zip(columns, adapters, strict=True)] for obj in objects]
        per_batch = max(1, min(500, 30000 // len(columns)))  # SQLite allows 32,766 parameters per statement
        ids = []
        one = "(" + ", ".join(["%s"] * len(columns)) + ")"
        with connection.cursor() as cursor:
            if not returning:
                cursor.executemany(f"INSERT INTO {table} ({names}) VALUES {one}", rows)
                return []
            for start in range(0, len(rows), per_batch):
                batch = rows[start : start + per_batch]
                cursor.execute(
                    f"INSERT INTO {table} ({names}) VALUES {', '.join([one] * len(batch))} RETURNING id",
                    [value for row in batch for value in row],
                )
                ids.extend(row[0] for row in cursor.fetchall())
        return ids

    def _link(self, offers, records):
        rows = {key: [] for key in self.through}
        for offer, record in zip(offers, records, strict=True):
            rows["providers"].append((offer.pk, self.organisation.pk))
            for key in M2M_KEYS:
                rows[key].extend((offer.pk, pk) for pk in record["m2m"].get(key, []))
        # Plain executemany: two integers per row, the ORM's per-object work would cost more than the insert.
        with connection.cursor() as cursor:
            for key, model in self.through.items():
                if rows[key]:
                    other = "organisation_id" if key == "providers" else "term_id"
                    cursor.executemany(f"INSERT INTO {_table(model)} (offer_id, {other}) VALUES (%s, %s)", rows[key])

    def _audit(self, offers, now):
        """One 'imported' entry per offer (its history shows where it came from), as ``log_action`` writes it."""
        data = json.dumps({"import": self.job.pk, "published": self.publish})
        created = connection.ops.adapt_datetimefield_value(now)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {_table(AuditLog)} (created_at, actor_id, action, content_type_id, object_id,"
                " object_repr, data) VALUES (%s, %s, %s, %s, %s, %s, %s)",
                [
                    (
                        created,
                        self.user.pk,
                        "catalogue.offer.imported",
                        self.content_type.pk,
                        str(o.pk),
                        o.title[:300],
                        data,
                    )
                    for o in offers
                ],
            )


class _Row:
    """A row to insert with the attributes of its model (a session: plain values, no model instance)."""

    def __init__(self, **values):
        self.__dict__.update(values)


def _columns(model):
    """The concrete columns but the id, and per column how a plain value becomes a database parameter."""
    ops = connection.ops
    columns, adapters = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field)
        kind = field.get_internal_type()
        if kind == "DateTimeField":
            adapters.append(ops.adapt_datetimefield_value)
        elif kind == "DateField":
            adapters.append(ops.adapt_datefield_value)
        elif kind == "DecimalField":
            adapters.append(functools.partial(_decimal, ops, field.max_digits, field.decimal_places))
        elif kind == "JSONField":
            adapters.append(lambda value, field=field: field.get_db_prep_save(value, connection))
        else:
            adapters.append(_same)
    return columns, adapters


def _same(value):
    return value


def _decimal(ops, max_digits, decimal_places, value):
    return None if value is None else ops.adapt_decimalfield_value(value, max_digits, decimal_places)


_VOCABULARIES = [
    "aanbodsoort",
    "pijler",
    "locatietype",
    "thema",
    "transitieprioriteit",
    "studiedomein",
    "graad",
    "onderwijsvorm",
    "noodtype",
]


def delete_offers(offer_ids):
    """Delete offers an unfinished import wrote, with everything they own, their index entries and audit rows.

    A few set-based deletes instead of the ORM's collector, which loads every offer and sends a signal
    per offer; listeners hear ``offers_bulk_deleted`` once instead (matching drops its suggestions).
    """
    if not offer_ids:
        return
    ids = list(offer_ids)
    search_services.index_objects("offers", [Offer(pk=pk, status=Status.DRAFT) for pk in ids])
    offers_bulk_deleted.send(sender=Offer, offer_ids=ids)
    OfferSession.objects.filter(offer_id__in=ids).delete()
    OfferLocation.objects.filter(offer_id__in=ids).delete()
    for field in [*Offer._meta.many_to_many, Initiative._meta.get_field("offers")]:
        field.remote_field.through.objects.filter(offer_id__in=ids).delete()
    AuditLog.objects.filter(action="catalogue.offer.imported", object_id__in=[str(pk) for pk in ids]).delete()
    # Rows of other apps that point at an offer (e.g. an event organising its sessions) get their own
    # on_delete rule, as the ORM's delete would apply it.
    for rel in Offer._meta.related_objects:
        if rel.one_to_many and rel.related_model not in (OfferLocation, OfferSession):
            linked = rel.related_model._base_manager.filter(**{f"{rel.field.name}__in": ids})
            if rel.on_delete is models.SET_NULL:
                linked.update(**{rel.field.name: None})
            else:
                linked.delete()  # CASCADE; PROTECT raises, as it should
    Offer.objects.filter(pk__in=ids)._raw_delete(connection.alias)
