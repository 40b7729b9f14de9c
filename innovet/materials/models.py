"""Lesmateriaal: didactic material developed with companies, linked to the curriculum.

A ``Material`` is the living, editable work of its co-authors. Publishing freezes it into a numbered
``Version`` (snapshot of the metadata + the files of that moment); older versions stay downloadable.
Files (``Attachment``) are immutable once uploaded: removing one only detaches it from the working
copy, so the versions that contain it keep it. Pedagogical advisers review versions (``Review``);
teachers report use in class (``UsageReport``).
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovet.taxonomy.models import Term, term_fk, term_m2m


class Status(models.TextChoices):
    CONCEPT = "concept", _("Concept")
    IN_TEST = "in-test", _("In test in de klas")
    TESTED = "getest", _("Getest")
    VALIDATED = "gevalideerd", _("Gevalideerd")


class Language(models.TextChoices):
    DUTCH = "nl", _("Nederlands")
    FRENCH = "fr", _("Frans")
    ENGLISH = "en", _("Engels")
    GERMAN = "de", _("Duits")


class MaterialQuerySet(models.QuerySet):
    def published(self):
        return self.filter(published_at__isnull=False)

    def visible_to(self, user):
        """Published material, plus the private drafts the user co-authors."""
        if getattr(user, "is_authenticated", False):
            mine = Author.objects.filter(material=models.OuterRef("pk"), user=user)
            return self.filter(models.Q(published_at__isnull=False) | models.Exists(mine))
        return self.published()

    def authored_by(self, user):
        return self.filter(models.Exists(Author.objects.filter(material=models.OuterRef("pk"), user=user)))


class Material(models.Model):
    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("korte naam in de URL"), max_length=220, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    summary = models.TextField(_("samenvatting"), max_length=1000)
    body = models.TextField(_("inhoud"), blank=True, help_text=_("Opgekuiste HTML."))
    language = models.CharField(_("taal"), max_length=5, choices=Language.choices, default=Language.DUTCH)
    duration_minutes = models.PositiveIntegerField(
        _("duur in de klas (minuten)"), null=True, blank=True, validators=[MinValueValidator(5)]
    )
    licence = term_fk("licentie", _("licentie"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.CONCEPT)
    # Alignment
    themes = term_m2m("thema", _("innovatiethema's"), related_name="materials_by_theme")
    studiedomeinen = term_m2m("studiedomein", _("studiedomeinen"), related_name="materials_by_domain")
    graden = term_m2m("graad", _("graden"), related_name="materials_by_grade")
    onderwijsvormen = term_m2m("onderwijsvorm", _("onderwijsvormen"), related_name="materials_by_form")
    noodtypes = term_m2m("noodtype", _("type nood"), related_name="materials_by_need")
    equipment = models.TextField(_("benodigde uitrusting"), blank=True, max_length=2000)
    brand_neutral = models.BooleanField(
        _("merkneutraal"),
        default=True,
        help_text=_("Vink uit als het materiaal gebonden is aan één merk of leverancier."),
    )
    brand_name = models.CharField(_("merk of leverancier"), max_length=120, blank=True)
    organisations = models.ManyToManyField(
        "organisations.Organisation",
        verbose_name=_("organisaties"),
        blank=True,
        related_name="materials",
        help_text=_("Scholen, bedrijven en sectororganisaties die aan het materiaal meewerkten."),
    )
    original = models.ForeignKey(
        "self",
        verbose_name=_("kopie van"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="copies",
    )
    original_version = models.ForeignKey(
        "Version", null=True, blank=True, on_delete=models.SET_NULL, related_name="copies"
    )
    published_at = models.DateTimeField(_("eerst gepubliceerd op"), null=True, blank=True, db_index=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)
    download_count = models.PositiveIntegerField(_("downloads"), default=0)

    objects = MaterialQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        verbose_name = _("lesmateriaal")
        verbose_name_plural = _("lesmateriaal")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("materials:detail", kwargs={"slug": self.slug})

    @property
    def is_published(self):
        return self.published_at is not None

    @property
    def allows_remix(self):
        return bool(self.licence_id and self.licence.data.get("remix"))

    def current_version(self):
        return self.versions.order_by("-number").first()

    def unpublished_changes(self, version):
        """The text fields whose working copy differs from what the version published."""
        if version is None:
            return []
        return [f for f in PUBLISHED_TEXT_FIELDS if f in version.snapshot and version.snapshot[f] != getattr(self, f)]

    def show_published(self, version, relations=False, terms=None):
        """Let this (unsaved) instance show what the version published instead of the working copy.

        Visitors, the search index and harvesters see the published text; co-authors see their work.
        With ``relations`` also the published themes, study labels, leerplan goals and work forms:
        ``material.themes.all()`` and the like then answer from the snapshot (``terms``: the
        ``published_terms`` of a batch, looked up here when not given)."""
        if version is None:
            return self
        snap = version.snapshot
        for field in PUBLISHED_TEXT_FIELDS:
            if field in snap:
                setattr(self, field, snap[field])
        if relations:
            terms = published_terms([snap]) if terms is None else terms
            for field, vocabulary in PUBLISHED_TERM_FIELDS.items():
                if field in snap:
                    found = [terms.get((vocabulary, code)) for code in snap[field]]
                    _show_related(self, field, Term, [t for t in found if t is not None])
            if "alignments" in snap:
                alignments = [
                    Alignment(
                        material=self,
                        kind=a["kind"],
                        network=terms.get(("onderwijsnet", a["network"])),
                        code=a["code"],
                        text=a["text"],
                    )
                    for a in snap["alignments"]
                ]
                _show_related(self, "alignments", Alignment, alignments)
            if "work_forms" in snap:
                forms = [
                    # The id stays: the version's files point at their work form by it.
                    WorkForm(pk=w["id"], material=self, kind=kind, title=w["title"], description=w["description"])
                    for w in snap["work_forms"]
                    if (kind := terms.get(("werkvorm", w["kind"]))) is not None
                ]
                _show_related(self, "work_forms", WorkForm, forms)
        return self


# Text of the working copy that only reaches visitors with a new version.
PUBLISHED_TEXT_FIELDS = [
    "title", "summary", "body", "language", "duration_minutes", "equipment", "brand_neutral", "brand_name",
]  # fmt: skip
# Links of the working copy that only reach visitors with a new version (field -> vocabulary).
PUBLISHED_TERM_FIELDS = {"themes": "thema", "studiedomeinen": "studiedomein", "graden": "graad"}
PUBLISHED_TERM_FIELDS["onderwijsvormen"] = "onderwijsvorm"


def published_terms(snapshots):
    """{(vocabulary, code): Term} for every term the snapshots name, in one query."""
    wanted = set()
    for snap in snapshots:
        for field, vocabulary in PUBLISHED_TERM_FIELDS.items():
            wanted.update((vocabulary, code) for code in snap.get(field, []))
        wanted.update(("onderwijsnet", a["network"]) for a in snap.get("alignments", []) if a.get("network"))
        wanted.update(("werkvorm", w["kind"]) for w in snap.get("work_forms", []))
    if not wanted:
        return {}
    found = Term.objects.filter(
        vocabulary__code__in={v for v, _c in wanted}, code__in={c for _v, c in wanted}
    ).select_related("vocabulary", "parent")
    return {(t.vocabulary.code, t.code): t for t in found if (t.vocabulary.code, t.code) in wanted}


def _show_related(instance, name, model, objects):
    """Make ``instance.<name>.all()`` answer ``objects`` (as a prefetch would) without a query; anything
    that asks the database instead (``.filter()``) gets nothing rather than the working copy."""
    queryset = model._default_manager.none()
    queryset._result_cache = list(objects)
    queryset._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = queryset


class Author(models.Model):
    """A person credited as (co-)author. Co-authors may come from different organisations."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="authors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="material_authorships")
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("organisatie"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    position = models.PositiveIntegerField(default=0)
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["position", "added_at"]
        verbose_name = _("auteur")
        verbose_name_plural = _("auteurs")
        constraints = [models.UniqueConstraint(fields=["material", "user"], name="materials_author_once")]

    def __str__(self):
        return str(self.user)


def _invitation_token():
    return secrets.token_urlsafe(32)


class CoauthorInvitation(models.Model):
    """An invitation to co-author a material, sent by e-mail to an address. Nobody becomes co-author
    without accepting it, signed in with that address; the sender never learns whether it has an account."""

    class Status(models.TextChoices):
        PENDING = "open", _("Openstaand")
        ACCEPTED = "aanvaard", _("Aanvaard")
        DECLINED = "geweigerd", _("Geweigerd")
        REVOKED = "ingetrokken", _("Ingetrokken")

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="coauthor_invitations")
    email = models.EmailField(_("e-mailadres"))  # stored in lower case
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("geldig tot"))
    responded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitnodiging als co-auteur")
        verbose_name_plural = _("uitnodigingen als co-auteur")
        constraints = [
            # At most one open invitation per material and address: a double submit can't send two.
            models.UniqueConstraint(
                fields=["material", "email"],
                condition=models.Q(status="open"),
                name="materials_one_open_coauthor_invitation",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.material}"

    @property
    def is_usable(self):
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()


class Alignment(models.Model):
    """A link to the curriculum: a leerplan goal (network + code + text) or a beroepskwalificatie."""

    class Kind(models.TextChoices):
        GOAL = "leerplandoel", _("Leerplandoel")
        QUALIFICATION = "beroepskwalificatie", _("Beroepskwalificatie")

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="alignments")
    kind = models.CharField(_("soort"), max_length=30, choices=Kind.choices, default=Kind.GOAL)
    network = term_fk("onderwijsnet", _("onderwijsnet"))
    code = models.CharField(_("code"), max_length=60)
    text = models.TextField(_("omschrijving"), max_length=1000)

    class Meta:
        ordering = ["kind", "network__position", "code"]
        verbose_name = _("koppeling met leerplan of beroepskwalificatie")
        verbose_name_plural = _("koppelingen met leerplan en beroepskwalificaties")

    def __str__(self):
        return f"{self.code} {self.text[:60]}"


class WorkForm(models.Model):
    """A didactic variant of the same content (demonstration, project assignment, self-study...)."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="work_forms")
    kind = term_fk("werkvorm", _("werkvorm"), null=False, blank=False)
    title = models.CharField(_("titel"), max_length=200, blank=True)
    description = models.TextField(_("aanpak"), max_length=3000, blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("werkvorm")
        verbose_name_plural = _("werkvormen")

    def __str__(self):
        return self.title or str(self.kind)


def attachment_path(instance, filename):
    # An unguessable folder per file: names never collide and never reveal a draft.
    return f"materials/{instance.material.uuid}/{uuid.uuid4().hex}/{filename}"


class Attachment(models.Model):
    """An uploaded file or an external link. Immutable once created; versions refer to it."""

    class Kind(models.TextChoices):
        FILE = "bestand", _("Bestand")
        LINK = "link", _("Externe link")

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="attachments")
    work_form = models.ForeignKey(
        WorkForm,
        verbose_name=_("werkvorm"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="attachments",
    )
    kind = models.CharField(_("soort"), max_length=10, choices=Kind.choices, default=Kind.FILE)
    title = models.CharField(_("titel"), max_length=200)
    file = models.FileField(_("bestand"), upload_to=attachment_path, max_length=400, blank=True)
    filename = models.CharField(_("bestandsnaam"), max_length=200, blank=True)
    content_type = models.CharField(_("bestandstype"), max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("grootte (bytes)"), default=0)
    url = models.URLField(_("webadres"), max_length=500, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    detached_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Niet meer in de werkversie; oudere versies houden het bestand.")
    )
    download_count = models.PositiveIntegerField(_("downloads"), default=0)

    class Meta:
        ordering = ["work_form__position", "created_at"]
        verbose_name = _("bijlage")
        verbose_name_plural = _("bijlagen")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        if self.kind == self.Kind.LINK:
            return self.url
        return reverse("materials:file", kwargs={"uuid": self.uuid})

    @property
    def is_image(self):
        return self.content_type in {"image/png", "image/jpeg", "image/gif", "image/webp"}


class Version(models.Model):
    """A published state of a material: numbered, with a changelog and a frozen set of files."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    changelog = models.TextField(_("wat is er veranderd"), max_length=3000)
    snapshot = models.JSONField(_("metadata op dat moment"), default=dict)
    attachments = models.ManyToManyField(Attachment, related_name="versions", blank=True)
    licence = term_fk("licentie", _("licentie"))
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("gepubliceerd op"), auto_now_add=True)

    class Meta:
        ordering = ["-number"]
        verbose_name = _("versie")
        verbose_name_plural = _("versies")
        constraints = [models.UniqueConstraint(fields=["material", "number"], name="materials_version_number")]

    def __str__(self):
        return f"{self.material} v{self.number}"

    def get_absolute_url(self):
        return reverse("materials:version", kwargs={"slug": self.material.slug, "number": self.number})

    def approved_review(self):
        return self.reviews.filter(decision=Review.Decision.APPROVED).order_by("-created_at").first()


class Review(models.Model):
    """A pedagogical adviser's review of one version against the criteria."""

    class Decision(models.TextChoices):
        APPROVED = "goedgekeurd", _("Goedgekeurd: gevalideerd")
        CHANGES = "aanpassen", _("Aanpassingen gevraagd")

    class Score(models.TextChoices):
        OK = "voldoet", _("Voldoet")
        PARTLY = "deels", _("Voldoet deels")
        NOT = "voldoet-niet", _("Voldoet niet")

    version = models.ForeignKey(Version, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    reviewer_organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    curriculum_link = models.CharField(_("link met het leerplan"), max_length=20, choices=Score.choices)
    didactic_quality = models.CharField(_("didactische kwaliteit"), max_length=20, choices=Score.choices)
    correctness = models.CharField(_("inhoudelijke correctheid"), max_length=20, choices=Score.choices)
    accessibility = models.CharField(_("toegankelijkheid"), max_length=20, choices=Score.choices)
    brand_neutrality = models.CharField(_("merkneutraliteit"), max_length=20, choices=Score.choices)
    comment = models.TextField(_("toelichting"), max_length=5000)
    decision = models.CharField(_("besluit"), max_length=20, choices=Decision.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    CRITERIA = ["curriculum_link", "didactic_quality", "correctness", "accessibility", "brand_neutrality"]

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("review")
        verbose_name_plural = _("reviews")

    def __str__(self):
        return f"{self.version} – {self.get_decision_display()}"

    def criteria(self):
        return [
            (self._meta.get_field(name).verbose_name, getattr(self, f"get_{name}_display")()) for name in self.CRITERIA
        ]


class ReviewComment(models.Model):
    """The conversation under a review: the authors answer, the adviser replies."""

    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    text = models.TextField(_("reactie"), max_length=3000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("reactie op een review")
        verbose_name_plural = _("reacties op reviews")

    def __str__(self):
        return self.text[:60]


class UsageReport(models.Model):
    """'Ik gebruikte dit in de klas'."""

    material = models.ForeignKey(Material, on_delete=models.CASCADE, related_name="usage_reports")
    version = models.ForeignKey(Version, null=True, blank=True, on_delete=models.SET_NULL, related_name="usage_reports")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="material_usage"
    )
    school = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("school"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="material_usage",
    )
    graad = term_fk("graad", _("graad"), null=False, blank=False)
    studierichting = models.CharField(_("studierichting"), max_length=150)
    work_form = models.ForeignKey(
        WorkForm, verbose_name=_("werkvorm"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    how_it_went = models.TextField(_("hoe verliep het?"), max_length=3000)
    rating = models.PositiveSmallIntegerField(_("waardering"), validators=[MinValueValidator(1), MaxValueValidator(5)])
    comment = models.TextField(_("tips voor collega's"), max_length=3000, blank=True)
    used_on = models.DateField(_("gebruikt op"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-used_on", "-created_at"]
        verbose_name = _("gebruik in de klas")
        verbose_name_plural = _("gebruik in de klas")

    def __str__(self):
        return f"{self.material} – {self.school or '?'}"
