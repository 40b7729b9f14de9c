import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from innovet.taxonomy.models import term_fk, term_m2m


class OrganisationKind(models.TextChoices):
    SCHOOL = "school", _("School")
    RTC = "rtc", _("Regionaal Technologisch Centrum (RTC)")
    PBD = "pbd", _("Pedagogische begeleidingsdienst")
    SECTOR = "sector", _("Sectororganisatie")
    COMPANY = "bedrijf", _("Bedrijf")
    VDAB = "vdab", _("VDAB")
    SYNTRA = "syntra", _("Syntra")
    HIGHER_ED = "hoger-onderwijs", _("Hogeschool of universiteit")
    TEACHER_TRAINING = "lerarenopleiding", _("Lerarenopleiding")
    CLUSTER = "cluster", _("Speerpuntcluster of innovatief bedrijfsnetwerk")
    GOVERNMENT = "overheid", _("Overheid")
    OTHER = "andere", _("Andere")


class Role(models.TextChoices):
    TEACHER = "leerkracht", _("Leerkracht")
    TA = "ta", _("Technisch adviseur (TA)")
    TAC = "tac", _("Technisch adviseur-coördinator (TAC)")
    DIRECTOR = "directeur", _("Directeur")
    PEDAGOGICAL_ADVISER = "pedagogisch-begeleider", _("Pedagogisch begeleider")
    RTC_STAFF = "rtc-medewerker", _("RTC-medewerker")
    SECTOR_CONSULTANT = "sectorconsulent", _("Sectorconsulent")
    COMPANY_CONTACT = "bedrijfscontact", _("Bedrijfscontact")
    VDAB_STAFF = "vdab-medewerker", _("VDAB-medewerker")
    ORG_ADMIN = "organisatiebeheerder", _("Organisatiebeheerder")
    STAFF = "medewerker", _("Medewerker")


# Roles that belong with each kind of organisation. A role carries powers only together with its kind
# (a pedagogical adviser reviews material, RTC staff moderate a province), so a role outside its kind
# would be a privilege escalation: services, forms and the admin all refuse it (``check_role``).
# Every kind also has "medewerker" (no special powers) and "organisatiebeheerder".
SCHOOL_ROLES = {Role.TEACHER, Role.TA, Role.TAC, Role.DIRECTOR}
ROLES_BY_KIND = {
    OrganisationKind.SCHOOL: [Role.TEACHER, Role.TA, Role.TAC, Role.DIRECTOR],
    OrganisationKind.RTC: [Role.RTC_STAFF],
    OrganisationKind.PBD: [Role.PEDAGOGICAL_ADVISER],
    OrganisationKind.SECTOR: [Role.SECTOR_CONSULTANT],
    OrganisationKind.COMPANY: [Role.COMPANY_CONTACT],
    OrganisationKind.VDAB: [Role.VDAB_STAFF],
}
COMMON_ROLES = [Role.STAFF, Role.ORG_ADMIN]


def allowed_roles(kind):
    """The roles a member of an organisation of this kind may have, in the order forms offer them."""
    return ROLES_BY_KIND.get(kind, []) + COMMON_ROLES


def role_fits(kind, role):
    return role in allowed_roles(kind)


def role_choices(kind):
    return [(role.value, role.label) for role in allowed_roles(kind)]


def check_role(kind, role, field="role"):
    """Raise a Dutch ``ValidationError`` at ``field`` when the role does not fit the organisation's kind."""
    if role_fits(kind, role):
        return
    role_label = Role(role).label if role in Role.values else role
    kind_label = OrganisationKind(kind).label if kind in OrganisationKind.values else kind
    raise ValidationError(
        {
            field: _(
                "De rol ‘%(role)s’ past niet bij een organisatie van de soort ‘%(kind)s’. Kies een van deze rollen: "
                "%(allowed)s."
            )
            % {"role": role_label, "kind": kind_label, "allowed": ", ".join(str(r.label) for r in allowed_roles(kind))}
        }
    )


class OrganisationQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)

    def of_kind(self, *kinds):
        return self.filter(kind__in=kinds)


class Organisation(models.Model):
    kind = models.CharField(_("soort"), max_length=30, choices=OrganisationKind.choices, db_index=True)
    name = models.CharField(_("naam"), max_length=200)
    slug = models.SlugField(_("korte naam in de URL"), max_length=220, unique=True)
    description = models.TextField(_("omschrijving"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("algemeen e-mailadres"), blank=True)
    phone = models.CharField(_("telefoon"), max_length=40, blank=True)
    # Address. Municipality, province and coordinates follow from the postcode (geo.services).
    street = models.CharField(_("straat en nummer"), max_length=200, blank=True)
    postcode = models.CharField(_("postcode"), max_length=4)
    municipality = models.CharField(_("gemeente"), max_length=160, blank=True)
    province = models.ForeignKey(
        "geo.Province", verbose_name=_("provincie"), on_delete=models.PROTECT, related_name="organisations"
    )
    latitude = models.FloatField(_("breedtegraad"), null=True, blank=True)
    longitude = models.FloatField(_("lengtegraad"), null=True, blank=True)
    # RTCs: the province whose entries its staff moderate (plus the provinces that province's RTC serves,
    # geo.Province.rtc_province). Assigned by platform administrators only, never derived from the
    # address, which the RTC edits itself (services.assign_rtc_province, audited).
    served_province = models.ForeignKey(
        "geo.Province",
        verbose_name=_("werkgebied van het RTC"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="serving_rtcs",
        help_text=_("Alleen voor een RTC: de provincie die het bedient. Alleen platformbeheerders wijzigen dit."),
    )
    # Schools
    institution_number = models.CharField(_("instellingsnummer"), max_length=12, blank=True)
    onderwijsnet = term_fk("onderwijsnet", _("onderwijsnet / koepel"))
    onderwijsvormen = term_m2m("onderwijsvorm", _("onderwijsvormen"), related_name="schools_by_form")
    studiedomeinen = term_m2m("studiedomein", _("studiedomeinen"), related_name="schools_by_domain")
    graden = term_m2m("graad", _("graden"), related_name="schools_by_grade")
    teacher_count = models.PositiveIntegerField(
        _("aantal leerkrachten"), null=True, blank=True, validators=[MinValueValidator(1)]
    )
    # Sector organisations and companies
    paritaire_comites = term_m2m("paritair_comite", _("paritaire comités"), related_name="organisations_by_pc")
    sectors = term_m2m("sector", _("sectoren"), related_name="organisations_by_sector")
    size_class = term_fk("bedrijfsgrootte", _("grootte (aantal werknemers)"))
    nace_codes = term_m2m("nace", _("NACE-activiteiten"), related_name="organisations_by_nace")
    themes = term_m2m("thema", _("innovatiethema's"), related_name="organisations_by_theme")

    is_active = models.BooleanField(_("actief"), default=True)
    created_at = models.DateTimeField(_("aangemaakt op"), auto_now_add=True)
    updated_at = models.DateTimeField(_("gewijzigd op"), auto_now=True)

    objects = OrganisationQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("organisatie")
        verbose_name_plural = _("organisaties")
        indexes = [models.Index(fields=["kind", "province"])]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # A new RTC starts out serving the province of its address (only platform administrators create
        # RTCs); later address changes never move it.
        if self._state.adding and self.kind == OrganisationKind.RTC and self.served_province_id is None:
            self.served_province_id = self.province_id
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("organisations:detail", kwargs={"slug": self.slug})

    def clean(self):
        if self.served_province_id is not None and self.kind != OrganisationKind.RTC:
            raise ValidationError({"served_province": _("Alleen een RTC heeft een werkgebied.")})

    @property
    def is_school(self):
        return self.kind == OrganisationKind.SCHOOL

    @property
    def has_location(self):
        return self.latitude is not None and self.longitude is not None


class Membership(models.Model):
    """A person's role in an organisation. Managers (organisatiebeheerders) manage the organisation."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    is_manager = models.BooleanField(
        _("organisatiebeheerder"), default=False, help_text=_("Mag de gegevens en de leden van de organisatie beheren.")
    )
    created_at = models.DateTimeField(_("lid sinds"), auto_now_add=True)

    class Meta:
        ordering = ["organisation__name", "user__last_name"]
        verbose_name = _("lidmaatschap")
        verbose_name_plural = _("lidmaatschappen")
        constraints = [models.UniqueConstraint(fields=["user", "organisation"], name="organisations_one_membership")]

    def __str__(self):
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"

    def clean(self):
        # The admin's forms validate through this; the services call check_role themselves.
        if self.organisation_id is not None and self.role:
            check_role(self.organisation.kind, self.role)

    @property
    def can_manage(self):
        return self.is_manager or self.role == Role.ORG_ADMIN


def _invitation_token():
    return secrets.token_urlsafe(32)


class Invitation(models.Model):
    class Status(models.TextChoices):
        PENDING = "open", _("Openstaand")
        ACCEPTED = "aanvaard", _("Aanvaard")
        REVOKED = "ingetrokken", _("Ingetrokken")

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mailadres"))
    role = models.CharField(_("rol"), max_length=30, choices=Role.choices)
    is_manager = models.BooleanField(_("organisatiebeheerder"), default=False)
    token = models.CharField(max_length=64, unique=True, default=_invitation_token, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(_("geldig tot"))
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")
        constraints = [
            # At most one open invitation per address and organisation (addresses are stored in lower case).
            models.UniqueConstraint(
                fields=["organisation", "email"],
                condition=models.Q(status="open"),
                name="organisations_one_open_invitation",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"

    def clean(self):
        if self.organisation_id is not None and self.role:
            check_role(self.organisation.kind, self.role)

    @property
    def is_usable(self):
        return self.status == self.Status.PENDING and self.expires_at > timezone.now()
