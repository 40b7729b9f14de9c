"""A placement as a source of substitution requests (innovet.substitution.registry)."""

from django.utils import timezone
from django.utils.translation import gettext as _

from innovet.substitution.registry import Absence

from .models import ApplicationStatus
from .rules import is_applicant, releases_for


def describe(application):
    """Released or accepted placements that have not ended: the teacher is away on every day of it."""
    if application.status not in (ApplicationStatus.AWAITING_COMPANY, ApplicationStatus.ACCEPTED):
        return None
    if application.ends_on < timezone.localdate() or application.school is None:
        return None
    place = application.place
    return Absence(
        title=_("Bedrijfsstage: %(place)s (%(company)s)") % {"place": place.title, "company": place.company.name},
        school=application.school,
        teacher=application.teacher,
        starts_on=application.starts_on,
        ends_on=application.ends_on,
        studiedomein=place.studiedomein,
    )


def may_request(user, application):
    return bool(is_applicant(user, application) or releases_for(user, application))
