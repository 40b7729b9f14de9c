"""Innovatielabs: school–company trajectories from a preparation track (voortraject) to a showcase and a
follow-up track (natraject) that other schools join.

A lab brings schools, partners (companies, sectors, clusters, VDAB, teacher training) and a pedagogical
adviser together around a theme. Partners state explicit commitments (the study's categories, the
``bedrijfsmiddel`` vocabulary) with an amount and a status. The material a lab makes is repository
material (``materials.Material``) linked to the lab: its versions, classroom tests (usage reports) and
PBD review are the repository's own, so a lab is 'presenteerbaar' when its material is validated and tested.
Who took part with which role goes to the one participation ledger, never to a table of this app.
"""

from datetime import timedelta

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovet.taxonomy.models import term_fk, term_m2m


class Phase(models.TextChoices):
    """Where a lab stands. The first seven are the default preparation plan (3–6 months); the coordinator
    adapts dates and titles of its milestones, the order of the phases stays."""

    INTAKE = "intake", _("Intake")
    CO_DESIGN = "co-design", _("Co-design")
    FIRST_VERSION = "eerste-versie", _("Eerste versie")
    CLASS_TEST = "klastest", _("Test in de klas")
    ADJUSTMENT = "bijsturing", _("Bijsturing")
    PBD_CHECK = "pbd-check", _("Controle door de pedagogische begeleiding")
    READY = "klaar", _("Klaar om te presenteren")
    FOLLOW_UP = "natraject", _("Natraject")
    CLOSED = "afgerond", _("Afgerond")
    STOPPED = "stopgezet", _("Stopgezet")


PREPARATION_PHASES = [
    Phase.INTAKE,
    Phase.CO_DESIGN,
    Phase.FIRST_VERSION,
    Phase.CLASS_TEST,
    Phase.ADJUSTMENT,
    Phase.PBD_CHECK,
    Phase.READY,
]
# The default plan: weeks after the start at which each phase's milestone is due (about 5 months).
DEFAULT_PLAN_WEEKS = {
    Phase.INTAKE: 2,
    Phase.CO_DESIGN: 6,
    Phase.FIRST_VERSION: 10,
    Phase.CLASS_TEST: 14,
    Phase.ADJUSTMENT: 17,
    Phase.PBD_CHECK: 19,
    Phase.READY: 21,
}
# The study's first aim: about 50 presentable, tested projects.
PRESENTABLE_TARGET = 50


def inactivity_days():
    return getattr(settings, "INNOVET_LAB_INACTIVITY_DAYS", 42)


class LabQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(phase=Phase.STOPPED)


class Lab(models.Model):
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("korte naam in de URL"), max_length=220, unique=True)
    summary = models.TextField(_("korte omschrijving"), max_length=1000)
    description = models.TextField(_("wat ontwikkelt het lab?"), blank=True, max_length=5000)
    themes = term_m2m("thema", _("innovatiethema's"), related_name="labs_by_theme")
    studiedomein = term_fk("studiedomein", _("studiedomein"))
    graden = term_m2m("graad", _("graden"), related_name="labs_by_grade")
    # The main province decides which RTC follows the lab (permissions, inactivity signals); a lab can work
    # across provinces (``provinces``).
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("provincie"), on_delete=models.PROTECT, related_name="labs"
    )
    provinces = models.ManyToManyField(
        "geo.Province", verbose_name=_("provincies"), blank=True, related_name="labs_across"
    )
    coordinator_organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("coördinerende organisatie"),
        on_delete=models.PROTECT,
        related_name="coordinated_labs",
        help_text=_("Een RTC of een school."),
    )
    coordinator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("coördinator"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="coordinated_labs",
    )
    adviser = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("pedagogisch begeleider"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="advised_labs",
    )
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices, default=Phase.INTAKE, db_index=True)
    starts_on = models.DateField(_("start"))
    follow_up_open = models.BooleanField(
        _("natraject open"), default=False, help_text=_("Andere scholen kunnen vragen om aan te sluiten.")
    )
    need = models.ForeignKey(
        "matching.Need", verbose_name=_("nood"), null=True, blank=True, on_delete=models.SET_NULL, related_name="labs"
    )
    introduction = models.OneToOneField(
        "matching.Introduction",
        verbose_name=_("introductie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lab",
    )
    willingness = models.ManyToManyField(
        "matching.Willingness", verbose_name=_("aanbod tot samenwerking"), blank=True, related_name="labs"
    )
    last_activity_at = models.DateTimeField(_("laatste activiteit"), default=timezone.now, db_index=True)
    inactivity_signalled_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("aangemaakt op"), default=timezone.now)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = LabQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("innovatielab")
        verbose_name_plural = _("innovatielabs")
        indexes = [models.Index(fields=["province", "phase"])]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("labs:detail", kwargs={"slug": self.slug})

    @property
    def in_preparation(self):
        return self.phase in PREPARATION_PHASES and self.phase != Phase.READY

    @property
    def is_inactive(self):
        return self.last_activity_at < timezone.now() - timedelta(days=inactivity_days())


class LabSchool(models.Model):
    """A school that develops in the lab (co-developer), with its vakgroep. A school that leaves keeps
    what it contributed: the row stays with ``left_on``."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="schools")
    school = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("school"), on_delete=models.PROTECT, related_name="lab_schools"
    )
    vakgroep = models.CharField(_("vakgroep"), max_length=120, blank=True)
    joined_on = models.DateField(_("sinds"), default=timezone.localdate)
    left_on = models.DateField(_("vertrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["school__name"]
        verbose_name = _("school in een lab")
        verbose_name_plural = _("scholen in een lab")
        constraints = [models.UniqueConstraint(fields=["lab", "school"], name="labs_school_once")]

    def __str__(self):
        return f"{self.school} – {self.lab}"

    @property
    def is_active(self):
        return self.left_on is None


class LabTeacher(models.Model):
    """A teacher who co-develops in the lab for their school."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="teachers")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="lab_roles")
    school = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("school"), on_delete=models.PROTECT, related_name="+"
    )
    joined_on = models.DateField(_("sinds"), default=timezone.localdate)
    left_on = models.DateField(_("vertrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["user__last_name", "user__first_name"]
        verbose_name = _("leerkracht in een lab")
        verbose_name_plural = _("leerkrachten in een lab")
        constraints = [models.UniqueConstraint(fields=["lab", "user"], name="labs_teacher_once")]

    def __str__(self):
        return f"{self.user} – {self.lab}"


class LabPartner(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="partners")
    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("partner"), on_delete=models.PROTECT, related_name="lab_partners"
    )
    role = models.CharField(_("rol in het lab"), max_length=200, blank=True)
    joined_on = models.DateField(_("sinds"), default=timezone.localdate)
    left_on = models.DateField(_("vertrokken op"), null=True, blank=True)

    class Meta:
        ordering = ["organisation__name"]
        verbose_name = _("partner van een lab")
        verbose_name_plural = _("partners van een lab")
        constraints = [models.UniqueConstraint(fields=["lab", "organisation"], name="labs_partner_once")]

    def __str__(self):
        return f"{self.organisation} – {self.lab}"


class CommitmentStatus(models.TextChoices):
    PROPOSED = "voorgesteld", _("Voorgesteld")
    CONFIRMED = "bevestigd", _("Bevestigd")
    DELIVERED = "geleverd", _("Geleverd")
    WITHDRAWN = "ingetrokken", _("Ingetrokken")


# proposed → confirmed → delivered; a partner may withdraw what it has not delivered yet.
COMMITMENT_TRANSITIONS = {
    CommitmentStatus.PROPOSED: {CommitmentStatus.CONFIRMED, CommitmentStatus.WITHDRAWN},
    CommitmentStatus.CONFIRMED: {CommitmentStatus.DELIVERED, CommitmentStatus.WITHDRAWN},
    CommitmentStatus.DELIVERED: set(),
    CommitmentStatus.WITHDRAWN: set(),
}


class Unit(models.TextChoices):
    HOURS = "uren", _("uren")
    EURO = "euro", _("euro")
    UNITS = "stuks", _("stuks")
    DAYS = "dagen", _("dagen")
    PLACES = "plaatsen", _("plaatsen")


class Commitment(models.Model):
    """What a partner promises (and later delivers), in the study's categories (time, means, staff, expertise)."""

    partner = models.ForeignKey(LabPartner, on_delete=models.CASCADE, related_name="commitments")
    category = term_fk("bedrijfsmiddel", _("soort inbreng"), null=False, blank=False)
    description = models.CharField(_("omschrijving"), max_length=300, blank=True)
    amount = models.DecimalField(
        _("hoeveelheid"),
        max_digits=10,
        decimal_places=2,
        validators=[MinValueValidator(0, message=_("De hoeveelheid kan niet negatief zijn."))],
    )
    unit = models.CharField(_("eenheid"), max_length=10, choices=Unit.choices, default=Unit.HOURS)
    status = models.CharField(
        _("status"), max_length=12, choices=CommitmentStatus.choices, default=CommitmentStatus.PROPOSED, db_index=True
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["partner__organisation__name", "id"]
        verbose_name = _("engagement")
        verbose_name_plural = _("engagementen")
        constraints = [models.CheckConstraint(condition=models.Q(amount__gte=0), name="labs_commitment_not_negative")]

    def __str__(self):
        return f"{self.partner.organisation}: {self.amount} {self.get_unit_display()}"


class Milestone(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="milestones")
    phase = models.CharField(_("fase"), max_length=20, choices=Phase.choices)
    title = models.CharField(_("mijlpaal"), max_length=200)
    due_on = models.DateField(_("tegen"))
    done_on = models.DateField(_("bereikt op"), null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    overdue_signalled_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["position", "due_on", "id"]
        verbose_name = _("mijlpaal")
        verbose_name_plural = _("mijlpalen")

    def __str__(self):
        return self.title

    @property
    def is_overdue(self):
        return self.done_on is None and self.due_on < timezone.localdate()


class Task(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="tasks")
    milestone = models.ForeignKey(
        Milestone, verbose_name=_("mijlpaal"), null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks"
    )
    title = models.CharField(_("taak"), max_length=200)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("verantwoordelijke"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lab_tasks",
    )
    due_on = models.DateField(_("tegen"), null=True, blank=True)
    done_at = models.DateTimeField(_("afgewerkt op"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["done_at", "due_on", "id"]
        verbose_name = _("taak")
        verbose_name_plural = _("taken")

    def __str__(self):
        return self.title


class Message(models.Model):
    """The lab's shared discussion thread."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="lab_messages"
    )
    text = models.TextField(_("bericht"), max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("bericht")
        verbose_name_plural = _("berichten")

    def __str__(self):
        return self.text[:60]


def document_path(instance, filename):
    return f"labs/{instance.lab_id}/{timezone.now():%Y%m}/{filename}"


class Document(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("bestand"), upload_to=document_path, max_length=400)
    filename = models.CharField(_("bestandsnaam"), max_length=200)
    content_type = models.CharField(_("bestandstype"), max_length=120)
    size = models.PositiveBigIntegerField(_("grootte (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("document")
        verbose_name_plural = _("documenten")

    def __str__(self):
        return self.title


class LabMaterial(models.Model):
    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="lab_materials")
    material = models.ForeignKey("materials.Material", on_delete=models.CASCADE, related_name="lab_links")
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("materiaal van een lab")
        verbose_name_plural = _("materiaal van labs")
        constraints = [models.UniqueConstraint(fields=["lab", "material"], name="labs_material_once")]

    def __str__(self):
        return f"{self.material} – {self.lab}"


class ShowcaseFormat(models.TextChoices):
    STAND = "stand", _("Stand")
    SESSION = "sessie", _("Sessie")


class Showcase(models.Model):
    """A ready lab in the programme of a showcase event (events.Event): a stand or a session."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="showcases")
    event = models.ForeignKey("events.Event", on_delete=models.CASCADE, related_name="lab_showcases")
    session = models.ForeignKey(
        "events.Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="lab_showcases"
    )
    format = models.CharField(_("vorm"), max_length=10, choices=ShowcaseFormat.choices, default=ShowcaseFormat.STAND)
    presented_on = models.DateField(_("gepresenteerd op"), null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("presentatie op een toonmoment")
        verbose_name_plural = _("presentaties op toonmomenten")
        constraints = [models.UniqueConstraint(fields=["lab", "event"], name="labs_showcase_once")]

    def __str__(self):
        return f"{self.lab} @ {self.event}"


class AdoptionStatus(models.TextChoices):
    REQUESTED = "aangevraagd", _("Aanvraag")
    INTERESTED = "geinteresseerd", _("Geïnteresseerd")
    STARTED = "gestart", _("Gestart")
    USING = "in-gebruik", _("Gebruikt het in de klas")
    STOPPED = "gestopt", _("Gestopt")


ADOPTION_ORDER = [AdoptionStatus.REQUESTED, AdoptionStatus.INTERESTED, AdoptionStatus.STARTED, AdoptionStatus.USING]


class Adoption(models.Model):
    """A school that joins a lab's follow-up track: request, intake, onboarding, adoption status."""

    lab = models.ForeignKey(Lab, on_delete=models.CASCADE, related_name="adoptions")
    school = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("school"), on_delete=models.PROTECT, related_name="lab_adoptions"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("aangevraagd door"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lab_adoptions",
    )
    motivation = models.TextField(_("waarom willen jullie aansluiten?"), max_length=2000, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=AdoptionStatus.choices, default=AdoptionStatus.REQUESTED, db_index=True
    )
    intake_on = models.DateField(_("intake op"), null=True, blank=True)
    intake_notes = models.TextField(_("verslag van de intake"), max_length=3000, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("aansluiting bij het natraject")
        verbose_name_plural = _("aansluitingen bij het natraject")
        constraints = [models.UniqueConstraint(fields=["lab", "school"], name="labs_adoption_once")]

    def __str__(self):
        return f"{self.school} – {self.lab}"


class OnboardingSession(models.Model):
    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="onboarding")
    held_on = models.DateField(_("datum"))
    topic = models.CharField(_("onderwerp"), max_length=200)
    hours = models.DecimalField(_("uren"), max_digits=5, decimal_places=2, default=2)

    class Meta:
        ordering = ["held_on", "id"]
        verbose_name = _("opstartsessie")
        verbose_name_plural = _("opstartsessies")

    def __str__(self):
        return self.topic


class FundingOpportunity(models.Model):
    """A funding call an RTC found (e.g. an ESF call): labs and schools with a matching theme are told."""

    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("RTC"), on_delete=models.CASCADE, related_name="funding_calls"
    )
    title = models.CharField(_("titel"), max_length=200)
    description = models.TextField(_("omschrijving"), max_length=3000)
    url = models.URLField(_("meer info"), blank=True)
    deadline = models.DateField(_("indienen tegen"))
    themes = term_m2m("thema", _("thema's"), related_name="funding_by_theme")
    notified = models.PositiveIntegerField(_("verwittigd"), default=0, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["deadline", "id"]
        verbose_name = _("financieringskans")
        verbose_name_plural = _("financieringskansen")

    def __str__(self):
        return self.title
