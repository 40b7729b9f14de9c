"""Bulk writes of imported offers: one chunk of checked rows becomes offers with everything they own.

Rows arrive checked (``importer.Checker``), so nothing is validated here, and they stay plain values: no
model instances, no related managers. A chunk costs a fixed number of statements whatever its size
(``core.bulk_sql``: COPY on PostgreSQL, executemany on SQLite) and one bulk search-index update whose
documents ``search_indexes.offer_document`` builds from the same values as from a saved offer. Callers hold
the transaction.
"""

import functools
import json
from typing import NamedTuple

from django.contrib.contenttypes.models import ContentType
from django.db import connection, models
from django.utils import timezone

from innovet.core.bulk_sql import insert_rows, reserve_ids, run_statements, sqlite_statements
from innovet.core.models import AuditLog
from innovet.geo.models import Province
from innovet.search import services as search_services
from innovet.search.models import IndexedDocument
from innovet.taxonomy.models import Term

from .importer import M2M_KEYS
from .models import Initiative, Offer, OfferLocation, OfferSession, Status
from .search_indexes import OFFER_TEXT, OfferFacts, offer_document, theme_path
from .signals import offers_bulk_created, offers_bulk_deleted


class OfferWriter:
    def __init__(self, job, user):
        self.job, self.user = job, user
        self.organisation = job.organisation
        self.publish = job.publish
        terms = list(Term.objects.select_related("parent").filter(vocabulary__code__in=_VOCABULARIES))
        self.terms = {t.pk: t for t in terms}
        # A term list as the database lists it (Term.Meta.ordering within one vocabulary), so that a document
        # built here equals the one built from the saved offer.
        self.term_order = {t.pk: (t.position, t.label) for t in terms}
        self.province_slugs = dict(Province.objects.values_list("pk", "slug"))
        self.content_type = ContentType.objects.get_for_model(Offer, for_concrete_model=False)
        self.through = {key: getattr(Offer, key).through for key in ["providers", *M2M_KEYS]}
        self.columns = {model: _columns(model) for model in (Offer, OfferLocation, OfferSession)}
        # What Offer(...) would set for the columns an import leaves alone.
        self.offer_defaults = {field.attname: field.get_default() for field in self.columns[Offer][0]}

    def prepare(self, records):
        """What can be computed before the transaction, kept in each record under "prepared": the offer's
        column values and its analysed search document (the most of a chunk's CPU). The transaction then only
        assigns ids and writes, so SQLite's write lock is held for the statements alone."""
        now = timezone.now()
        today = timezone.localdate(now)
        status = Status.PUBLISHED if self.publish else Status.DRAFT
        published = now if self.publish else None
        org_province = self.organisation.province_id
        fields, adapters = self.columns[Offer]
        columns = list(zip([f.attname for f in fields], adapters, strict=True))
        for record in records:
            values = {**self.offer_defaults, **record["fields"]}
            values.update(
                kind_id=record["kind"],
                pillar_id=record["pillar"],
                province_id=(record["location"] or {}).get("province") or org_province,
                status=status,
                published_at=published,
                last_confirmed_at=published,
                created_by_id=self.user.pk,
                created_at=now,
                updated_at=now,
            )
            row = tuple(adapt(values[name]) if adapt else values[name] for name, adapt in columns)
            document = None
            if self.publish:
                document = search_services.analyse_document("offers", self._document(record, now, today))
            record["prepared"] = (now, row, document)
        return records

    def write(self, records):
        """Create the offers of these checked rows (prepared first when they are not); returns their ids."""
        return self.apply(self.plan(records))

    def referenced_tables(self):
        """The tables whose new rows the other new rows point at (checked by foreign keys)."""
        return [Offer._meta.db_table, OfferLocation._meta.db_table, IndexedDocument._meta.db_table]

    def numbered_tables(self):
        """The tables whose ids ``plan`` reserves: at most one new row per checked row in each."""
        tables = [Offer._meta.db_table, OfferLocation._meta.db_table]
        return tables + [IndexedDocument._meta.db_table] if self.publish else tables

    def plan(self, records, reserve=reserve_ids):
        """Every row that creates the offers of these checked rows (prepared first when they are not), under new
        ids from ``reserve(table, n)``: plain values, written by ``apply``. A large import on SQLite plans in a
        helper process, with ids reserved beforehand, while the writing process applies the previous chunk."""
        if "prepared" not in records[0]:
            self.prepare(records)
        now = records[0]["prepared"][0]
        inserts = []

        def insert(model, values, returning=True):
            table, columns = model._meta.db_table, [f.column for f in self.columns[model][0]]
            if not returning:
                inserts.append((table, columns, values))
                return []
            ids = reserve(table, len(values))
            inserts.append((table, ["id", *columns], [(pk, *row) for pk, row in zip(ids, values, strict=True)]))
            return ids

        ids = insert(Offer, [record["prepared"][1] for record in records])
        located = [(pk, record["location"]) for pk, record in zip(ids, records, strict=True) if record["location"]]
        location_ids = insert(
            OfferLocation,
            self._values(
                OfferLocation,
                [
                    {**data, "offer_id": pk, "location_type_id": data["location_type"], "province_id": data["province"]}
                    for pk, data in located
                ],
            ),
        )
        location_of = {pk: location_id for (pk, _data), location_id in zip(located, location_ids, strict=True)}
        sessions = [
            {
                "offer_id": pk,
                "title": "",
                "starts_at": start,
                "ends_at": end,
                "location_id": location_of.get(pk),
                "within_school_hours": within,
            }
            for pk, record in zip(ids, records, strict=True)
            for start, end, within in record["sessions"]
        ]
        insert(OfferSession, self._values(OfferSession, sessions), returning=False)
        inserts.extend(self._links(ids, records))
        inserts.append(self._audit(ids, records, now))
        words = None
        if self.publish:
            documents = [(pk, record["prepared"][2]) for pk, record in zip(ids, records, strict=True)]
            index_rows, words = search_services.new_document_rows(
                "offers", documents, reserve(IndexedDocument._meta.db_table, len(documents))
            )
            inserts.extend(index_rows)
        return Plan(records[0]["row"], records[-1]["row"], ids, [i for i in inserts if i[2]], words)

    def apply(self, plan):
        """Write a ``plan`` in the caller's transaction; returns the ids of its offers."""
        if plan.statements is not None:
            run_statements(plan.statements)
        else:
            for table, columns, rows in plan.inserts:
                insert_rows(table, columns, rows)
        if plan.words is not None:
            search_services.new_documents_stored("offers", plan.words)
        offers_bulk_created.send(sender=Offer, offer_ids=plan.offer_ids)
        return plan.offer_ids

    def _document(self, record, now, today):
        """The offer's search document from its checked row (what ``OfferIndex.to_document`` reads from the
        saved offer, here from memory); its pk is given when it is stored."""
        fields, location, terms, m2m = record["fields"], record["location"], self.terms, record["m2m"]

        def listed(key):
            return sorted((terms[t] for t in m2m.get(key, ())), key=lambda t: self.term_order[t.pk])

        kind = terms[record["kind"]]
        sessions = record["sessions"]
        # Offer.is_stale of a just published offer: confirmed now, so stale only when it ended already.
        end = fields.get("valid_until") or (max(e for _s, e, _w in sessions).date() if sessions else None)
        province = (location or {}).get("province") or self.organisation.province_id
        return offer_document(
            OfferFacts(
                pk=None,
                text={name: fields.get(name, "") for name in OFFER_TEXT},
                kind=(kind.code, kind.label),
                pillar=terms[record["pillar"]].code if record["pillar"] else None,
                province=self.province_slugs.get(province),
                providers=[self.organisation.name],
                themes=[(theme_path(t), t.label) for t in listed("themes")],
                studiedomeinen=[(t.code, t.label) for t in listed("studiedomeinen")],
                transition_priorities=[t.code for t in listed("transition_priorities")],
                graden=[t.code for t in listed("graden")],
                onderwijsvormen=[t.code for t in listed("onderwijsvormen")],
                need_types=[t.code for t in listed("need_types")],
                audience=fields["audience"],
                cost=fields["cost"],
                brand_neutral=fields["brand_neutral"],
                locations=[]
                if location is None
                else [
                    (
                        location["name"],
                        location["municipality"],
                        self.province_slugs.get(location["province"]),
                        terms[location["location_type"]].code,
                        location["latitude"],
                        location["longitude"],
                    )
                ],
                # The checked rows keep local wall-clock times (their own UTC offset).
                sessions=[(start, within) for start, _end, within in sessions],
                published_at=now,
                stale=end is not None and end < today,
            )
        )

    def _values(self, model, rows):
        """Rows (dicts with every column's attribute name) as tuples of database parameters."""
        fields, adapters = self.columns[model]
        names = list(zip([f.attname for f in fields], adapters, strict=True))
        return [tuple(adapt(row[name]) if adapt else row[name] for name, adapt in names) for row in rows]

    def _links(self, ids, records):
        organisation = self.organisation.pk
        for key, model in self.through.items():
            if key == "providers":
                rows = [(pk, organisation) for pk in ids]
                yield model._meta.db_table, ["offer_id", "organisation_id"], rows
                continue
            rows = [(pk, t) for pk, record in zip(ids, records, strict=True) for t in record["m2m"].get(key, ())]
            yield model._meta.db_table, ["offer_id", "term_id"], rows

    def _audit(self, ids, records, now):
        """One 'imported' entry per offer (its history shows where it came from), as ``log_action`` writes it."""
        data = json.dumps({"import": self.job.pk, "published": self.publish})
        created = connection.ops.adapt_datetimefield_value(now)
        action, actor, content_type = "catalogue.offer.imported", self.user.pk, self.content_type.pk
        return (
            AuditLog._meta.db_table,
            ["created_at", "actor_id", "action", "content_type_id", "object_id", "object_repr", "data"],
            [
                (created, actor, action, content_type, str(pk), record["fields"]["title"][:300], data)
                for pk, record in zip(ids, records, strict=True)
            ],
        )


class Plan(NamedTuple):
    """The writes of one chunk of checked rows (``OfferWriter.plan``)."""

    first_row: int
    last_row: int
    offer_ids: list
    inserts: list  # (table, columns, rows) in the order they are written
    words: object  # the new index documents' vocabulary (a Counter), None when nothing is indexed
    statements: list = None  # on SQLite, the inserts as (sql, parameters), when another process made them

    def for_sqlite(self):
        """This plan with its inserts as SQLite statements (``core.bulk_sql.sqlite_statements``), the rows dropped:
        what a helper sends, so that the writing process only runs them."""
        statements = [s for table, columns, rows in self.inserts for s in sqlite_statements(table, columns, rows)]
        return self._replace(inserts=[], statements=statements)


def _columns(model):
    """The concrete columns but the id, and per column how a plain value becomes a database parameter
    (None where it is passed as it is)."""
    ops = connection.ops
    columns, adapters = [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field)
        kind = field.get_internal_type()
        # Remembered per value: a chunk's rows share their timestamps, and sessions and validity dates repeat.
        if kind == "DateTimeField":
            adapters.append(functools.lru_cache(maxsize=4096)(ops.adapt_datetimefield_value))
        elif kind == "DateField":
            adapters.append(functools.lru_cache(maxsize=4096)(ops.adapt_datefield_value))
        elif kind == "DecimalField":
            adapters.append(functools.partial(_decimal, ops, field.max_digits, field.decimal_places))
        elif kind == "JSONField":
            adapters.append(lambda value, field=field: field.get_db_prep_save(value, connection))
        else:
            adapters.append(None)
    return columns, adapters


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
    AuditLog.objects.filter(
        content_type=ContentType.objects.get_for_model(Offer, for_concrete_model=False),
        object_id__in=[str(pk) for pk in ids],
        action="catalogue.offer.imported",
    ).delete()
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
