"""Published events in the search, with the catalogue's facets (so one URL vocabulary serves both).

Only the search registry's contract (SearchIndex, Document, Facet) is used, whatever backend runs it.
"""

from django.db.models import Prefetch
from django.utils import timezone

from innovet.catalogue.search_indexes import OfferIndex, theme_paths
from innovet.search.registry import Document, SearchIndex

from .models import CATALOGUE_KIND, Event, EventStatus, Session, needs_substitution


class EventIndex(SearchIndex):
    name = "events"
    facets = OfferIndex.facets

    def get_queryset(self):
        return (
            Event.objects.published()
            .select_related("organiser", "province")
            .prefetch_related(
                "themes__parent",
                "transition_priorities",
                "studiedomeinen",
                "graden",
                "onderwijsvormen",
                Prefetch(
                    "days__slots__sessions",
                    queryset=Session.objects.select_related("theme__parent", "transition_priority").prefetch_related(
                        "partners"
                    ),
                ),
            )
            .order_by("pk")
        )

    def should_index(self, obj):
        return obj.status == EventStatus.PUBLISHED

    def to_document(self, obj):
        sessions, starts, moments = [], [], set()
        for day in obj.days.all():
            for slot in day.slots.all():
                for session in slot.sessions.all():
                    session.slot = slot
                    slot.day = day
                    sessions.append(session)
                starts.append(timezone.localtime(slot.starts_at))
                moments.add("binnen" if needs_substitution(slot.starts_at, slot.ends_at) else "buiten")
        themes = list(obj.themes.all()) + [s.theme for s in sessions if s.theme_id]
        transitions = {t.code for t in obj.transition_priorities.all()} | {
            s.transition_priority.code for s in sessions if s.transition_priority_id
        }
        partners = {p.name for s in sessions for p in s.partners.all()}
        body = "\n".join(
            part
            for part in [
                obj.summary,
                obj.description,
                obj.organiser.name,
                " ".join(s.title for s in sessions),
                " ".join(s.speakers for s in sessions if s.speakers),
                " ".join(sorted(partners)),
                " ".join(t.label for t in themes),
                f"{obj.venue_name} {obj.municipality}",
            ]
            if part
        )
        return Document(
            pk=obj.pk,
            title=obj.title,
            body=body,
            facets={
                "provincie": [obj.province.slug] if obj.province_id else [],
                "soort": [CATALOGUE_KIND.get(obj.kind, "netwerkmoment")],
                "thema": sorted(set(theme_paths(themes))),
                "transitie": sorted(transitions),
                "studiedomein": [t.code for t in obj.studiedomeinen.all()],
                "graad": [t.code for t in obj.graden.all()],
                "onderwijsvorm": [t.code for t in obj.onderwijsvormen.all()],
                "voorwie": ["individueel", "team"],
                "kost": ["gratis"],
                "maand": sorted({f"{d:%Y-%m}" for d in starts}),
                "moment": sorted(moments),
                "merkneutraal": ["ja"],
            },
            points=[(obj.latitude, obj.longitude)] if obj.has_point else [],
            dates=sorted({d.date() for d in starts}),
            published_at=obj.published_at,
        )
