"""The permission matrix's world for the 10-dagenregeling (tests/test_permission_matrix.py calls ``build``):
a VDAB centre in Gent with a training and a wegwijssessie, and a request of the matrix school's teacher
(handled by RTC Oost-Vlaanderen, so RTC Limburg is the other province's RTC)."""

from datetime import timedelta

from django.utils import timezone

from innovet.organisations.models import OrganisationKind, Role
from innovet.taxonomy.models import Term
from innovet.tiendagen import services
from innovet.tiendagen.eligibility import Track

CLASS_NAME = "6 EM Matrixklas"


def _weekday(days):
    d = timezone.localdate() + timedelta(days=days)
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def build(w, make_org, make_user):
    stem = Term.objects.of("studiedomein").get(code="stem")
    w.vdab_centre = make_org("VDAB Matrix Gent", OrganisationKind.VDAB, "9000")
    w.vdab_staff = make_user(org=w.vdab_centre, role=Role.VDAB_STAFF)
    infra = services.create_infrastructure(w.vdab_staff, w.vdab_centre, "Werkplaats")
    services.add_availability(
        w.vdab_staff, infra, timezone.localdate() + timedelta(days=1), timezone.localdate() + timedelta(days=200)
    )
    w.vdab_training = services.save_training(
        w.vdab_staff, w.vdab_centre, {"title": "Elektriciteit", "infrastructure": infra, "studiedomeinen": [stem]}
    )
    w.wegwijs = services.create_wegwijs_session(w.vdab_staff, w.vdab_centre, _weekday(5))
    services.register_wegwijs(w.teacher, w.wegwijs, w.school)
    w.tiendagen_request = services.submit_request(
        w.teacher,
        w.school,
        w.vdab_training,
        {
            "class_name": CLASS_NAME,
            "track": Track.BSO,
            "grade": 3,
            "year": 3,
            "studiedomein": stem,
            "studierichting": "Elektrische installaties",
            "pupils": 8,
        },
        [_weekday(20)],
    )
