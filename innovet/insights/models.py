"""Summary tables of the insights dashboards, rebuilt by the worker (``refresh.rebuild``) from the
participation ledger and the activities it points to. The ledger stays the one source: these rows are
derived, hold no personal data beyond the person's id, and can be thrown away and rebuilt at any time.

Dashboards read these tables only (one small GROUP BY per figure), so that with 100k teachers and 1M
participations every dashboard answers within a second. Their keys carry no database constraints (and
nothing cascades into them): checking and row-locking every referenced user, school and term at commit
made a rebuild of a million participations take many minutes, and the next rebuild replaces any row that
points to something deleted meanwhile. ``school_year`` is the first calendar year of a
school year (2025 = 2025-2026, 1 September to 31 August); NULL means 'all school years together'.
``domain`` NULL means 'all studiedomeinen together'.
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class ActivityFact(models.Model):
    """What insights needs to know of one activity of the ledger: the grades and domains it is aimed at
    and where it takes place. Filled by the activity sources of ``registry`` (events, catalogue, ...)."""

    activity_type = models.ForeignKey(ContentType, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    activity_id = models.CharField(max_length=64)
    grade_known = models.BooleanField(default=False)  # names at least one graad
    upper_only = models.BooleanField(default=False)  # only the 3rd grade / Se-n-Se
    lower_grades = models.BooleanField(default=False)  # (also) the 1st or 2nd grade
    domain_known = models.BooleanField(default=False)  # names at least one hard or soft studiedomein
    soft = models.BooleanField(default=False)
    hard = models.BooleanField(default=False)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity_type", "activity_id"], name="insights_one_fact")]

    def __str__(self):
        return f"{self.activity_type_id}:{self.activity_id}"


class ActivityDomain(models.Model):
    """The studiedomeinen of an activity (for the domain filter and the sector dashboard)."""

    activity_type = models.ForeignKey(ContentType, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    activity_id = models.CharField(max_length=64)
    domain = models.ForeignKey("taxonomy.Term", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")

    class Meta:
        indexes = [models.Index(fields=["activity_type", "activity_id"])]

    def __str__(self):
        return f"{self.activity_type_id}:{self.activity_id} – {self.domain_id}"


class PersonFact(models.Model):
    """Per school year (or all), studiedomein (or all), person and school: how many participations and of
    which sort. Erased people (person NULL) are one row per school: their participations count, they don't."""

    school_year = models.PositiveSmallIntegerField(null=True)
    domain = models.ForeignKey(
        "taxonomy.Term", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    school = models.ForeignKey(
        "organisations.Organisation", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    province = models.ForeignKey("geo.Province", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    participations = models.PositiveIntegerField(default=0)
    active = models.PositiveIntegerField(default=0)
    grade_known = models.PositiveIntegerField(default=0)
    upper_only = models.PositiveIntegerField(default=0)
    lower_grades = models.PositiveIntegerField(default=0)
    domain_known = models.PositiveIntegerField(default=0)
    soft = models.PositiveIntegerField(default=0)
    hard = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["school_year", "domain", "province"], name="insights_person_scope"),
            models.Index(fields=["school", "school_year"], name="insights_person_school"),
        ]

    def __str__(self):
        return f"{self.school_year} {self.person_id} @ {self.school_id}"


class SchoolFact(models.Model):
    """Per school year (or all), studiedomein (or all) and school: people reached and participations."""

    school_year = models.PositiveSmallIntegerField(null=True)
    domain = models.ForeignKey(
        "taxonomy.Term", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    school = models.ForeignKey(
        "organisations.Organisation", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    province = models.ForeignKey("geo.Province", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    people = models.PositiveIntegerField(default=0)
    participations = models.PositiveIntegerField(default=0)
    active = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [
            models.Index(fields=["school_year", "domain", "province"], name="insights_school_scope"),
            models.Index(fields=["school", "school_year", "domain"], name="insights_school_school"),
        ]

    def __str__(self):
        return f"{self.school_year} {self.school_id}"


class ScopeFact(models.Model):
    """Per school year (or all), studiedomein (or all) and province of the school: the sums of ``PersonFact``
    and the number of different people. The pitfall shares and their trends are read from here."""

    school_year = models.PositiveSmallIntegerField(null=True)
    domain = models.ForeignKey(
        "taxonomy.Term", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    province = models.ForeignKey("geo.Province", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    people = models.PositiveIntegerField(default=0)
    # the people behind the grade and the domain shares (small counts are suppressed on these)
    people_grade = models.PositiveIntegerField(default=0)
    people_domain = models.PositiveIntegerField(default=0)
    participations = models.PositiveIntegerField(default=0)
    active = models.PositiveIntegerField(default=0)
    grade_known = models.PositiveIntegerField(default=0)
    upper_only = models.PositiveIntegerField(default=0)
    lower_grades = models.PositiveIntegerField(default=0)
    domain_known = models.PositiveIntegerField(default=0)
    soft = models.PositiveIntegerField(default=0)
    hard = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["school_year", "domain", "province"], name="insights_scope_scope")]

    def __str__(self):
        return f"{self.school_year} {self.domain_id} {self.province_id}"


class ConcentrationFact(models.Model):
    """Per school year (or all), studiedomein (or all) and province (or NULL: all provinces): the sums the
    concentration needs over the people's counts xᵢ — n, Σx, Σ(i·xᵢ) with i the rank in rising order, and
    the sum of the most active tenth (NTILE(10)) — computed with window functions by the worker."""

    school_year = models.PositiveSmallIntegerField(null=True)
    domain = models.ForeignKey(
        "taxonomy.Term", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    province = models.ForeignKey(
        "geo.Province", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    people = models.PositiveIntegerField(default=0)
    total = models.PositiveBigIntegerField(default=0)
    weighted = models.PositiveBigIntegerField(default=0)
    top = models.PositiveBigIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["school_year", "domain", "province"], name="insights_conc_scope")]

    def __str__(self):
        return f"{self.school_year} {self.domain_id} {self.province_id}"


class DistanceFact(models.Model):
    """Per school year (or all), studiedomein (or all), the school's province and whole kilometres between
    school and activity: how many participations. The median travel distance is read from these bins."""

    school_year = models.PositiveSmallIntegerField(null=True)
    domain = models.ForeignKey(
        "taxonomy.Term", null=True, on_delete=models.DO_NOTHING, db_constraint=False, related_name="+"
    )
    province = models.ForeignKey("geo.Province", on_delete=models.DO_NOTHING, db_constraint=False, related_name="+")
    km = models.PositiveIntegerField()
    participations = models.PositiveIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["school_year", "domain", "province"], name="insights_distance_scope")]

    def __str__(self):
        return f"{self.school_year} {self.km} km"


class RefreshState(models.Model):
    """When the summary tables were last rebuilt (one row), shown under every dashboard."""

    refreshed_at = models.DateTimeField(_("bijgewerkt op"), null=True)
    seconds = models.FloatField(default=0)
    participations = models.PositiveIntegerField(default=0)
    # What the ledger looked like at the last rebuild (count, last id, last recording time): the worker skips
    # a rebuild when it has not changed, unless the last one is older than an hour (activity edits).
    signature = models.CharField(max_length=100, blank=True)

    def __str__(self):
        return str(self.refreshed_at)
