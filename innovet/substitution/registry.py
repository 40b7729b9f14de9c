"""Activities that can raise a substitution request: each module registers its own kind of absence.

A source says, for one of its objects, what absence it means (``Absence``: school, teacher, dates,
hours) and who may ask for substitution for it. Placements and event registrations register here; an
innovation lab registers the same way later. The substitution app never imports its sources' models.
"""

from dataclasses import dataclass
from datetime import date, time

from django.apps import apps
from django.urls import reverse

# The school day a placement or other full-day absence covers when a source has no times of its own.
SCHOOL_DAY = (time(8, 25), time(16, 0))


@dataclass
class Absence:
    title: str
    school: object  # Organisation
    teacher: object  # User or None
    starts_on: date
    ends_on: date
    start_time: time = SCHOOL_DAY[0]
    end_time: time = SCHOOL_DAY[1]
    studiedomein: object = None  # Term or None


@dataclass
class Source:
    key: str  # in URLs: /vervanging/aanvragen/nieuw/<key>/<pk>/
    label: str
    model: str  # "app_label.ModelName"
    describe: object  # callable(obj) -> Absence | None (None: no substitution needed or possible)
    may_request: object  # callable(user, obj) -> bool

    def model_class(self):
        return apps.get_model(self.model)


_sources: dict[str, Source] = {}


def register_source(key, label, model, describe, may_request):
    _sources[key] = Source(key, label, model, describe, may_request)


def get_source(key):
    try:
        return _sources[key]
    except KeyError:
        raise LookupError(key) from None


def source_for(obj):
    label = obj._meta.label
    for source in _sources.values():
        if source.model == label:
            return source
    return None


def request_url(user, obj):
    """Where ``user`` asks substitution for ``obj``, or None (not during school hours, not theirs, or a
    request already runs: then its own page)."""
    source = source_for(obj)
    if source is None or not getattr(user, "is_authenticated", False):
        return None
    if not source.may_request(user, obj):
        return None
    from .selectors import running_request_for

    running = running_request_for(obj)
    if running is not None:
        return running.get_absolute_url()
    absence = source.describe(obj)
    if absence is None:
        return None
    return reverse("substitution:request_create", kwargs={"source": source.key, "pk": obj.pk})
