"""Surveys (bevragingen): questionnaires in versions, distribution, responses and answers.

A survey belongs to an organisation. Its questions live in a ``SurveyVersion``; a published version is
never edited in place: changing it makes a new draft version (a copy), so collected answers always
point to the exact questions and options the respondent saw.

Answers are stored one row per value (``Answer``): a single-choice answer is one row, a multiple-choice
answer one row per chosen option, a matrix one row per row (or per cell for multi-answer matrices).
That makes frequencies, funnels and cross-tabs plain GROUP BY queries on indexed columns.
Contact details given in a survey are kept apart (``RespondentContact``) and can be erased alone.
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


def _token():
    return secrets.token_urlsafe(24)


class SurveyTemplate(models.Model):
    """A ready-made questionnaire (the study's Bijlage 2), loaded from the YAML data of this app."""

    key = models.SlugField(_("sleutel"), max_length=60, unique=True)
    title = models.CharField(_("titel"), max_length=200)
    source = models.CharField(_("bron"), max_length=300, blank=True)
    description = models.TextField(_("omschrijving"), blank=True)
    definition = models.JSONField(_("definitie"))

    class Meta:
        ordering = ["key"]
        verbose_name = _("sjabloon")
        verbose_name_plural = _("sjablonen")

    def __str__(self):
        return self.title


class Survey(models.Model):
    class Status(models.TextChoices):
        DRAFT = "concept", _("Concept")
        PUBLISHED = "gepubliceerd", _("Gepubliceerd")
        CLOSED = "afgesloten", _("Afgesloten")

    organisation = models.ForeignKey(
        "organisations.Organisation", verbose_name=_("eigenaar"), on_delete=models.PROTECT, related_name="surveys"
    )
    title = models.CharField(_("titel"), max_length=200)
    slug = models.SlugField(_("korte naam in de URL"), max_length=220, unique=True)
    description = models.TextField(_("omschrijving"), blank=True, help_text=_("Voor wie en waarom deze bevraging."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    anonymous = models.BooleanField(
        _("anoniem"),
        default=True,
        help_text=_(
            "Anoniem: antwoorden worden na het indienen losgekoppeld van de uitnodiging. "
            "Niet anoniem: de uitnodiging (naam en e-mailadres) blijft aan de antwoorden gekoppeld."
        ),
    )
    open_link_enabled = models.BooleanField(
        _("open link"),
        default=True,
        help_text=_("Iedereen met de link kan deelnemen (naast persoonlijke uitnodigingen)."),
    )
    public_token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    closes_at = models.DateTimeField(_("sluitingsdatum"), null=True, blank=True)
    reminder_days = models.PositiveSmallIntegerField(
        _("herinnering na (dagen)"),
        default=7,
        help_text=_("Wie niet afrondde, krijgt na zoveel dagen een herinnering."),
    )
    max_reminders = models.PositiveSmallIntegerField(_("maximaal aantal herinneringen"), default=2)
    current_version = models.ForeignKey(
        "SurveyVersion", null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("versie")
    )
    template = models.ForeignKey(SurveyTemplate, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("bevraging")
        verbose_name_plural = _("bevragingen")

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("surveys:detail", kwargs={"slug": self.slug})

    @property
    def is_closed(self):
        return self.status == self.Status.CLOSED or (self.closes_at is not None and self.closes_at <= timezone.now())

    @property
    def is_open(self):
        return self.status == self.Status.PUBLISHED and self.current_version_id is not None and not self.is_closed


class SurveyVersion(models.Model):
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("versie"))
    intro_title = models.CharField(_("titel van het openingsscherm"), max_length=200, blank=True)
    intro_text = models.TextField(_("tekst van het openingsscherm"), blank=True)
    intro_video_url = models.URLField(_("link naar een video"), blank=True)
    thanks_text = models.TextField(_("bedankingstekst"), blank=True)
    opened_count = models.PositiveIntegerField(_("keer geopend"), default=0)
    published_at = models.DateTimeField(_("gepubliceerd op"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["survey", "-number"]
        constraints = [models.UniqueConstraint(fields=["survey", "number"], name="surveys_version_number")]
        verbose_name = _("versie")
        verbose_name_plural = _("versies")

    def __str__(self):
        return f"{self.survey} – v{self.number}"

    @property
    def is_editable(self):
        return self.published_at is None


class Page(models.Model):
    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="pages")
    position = models.PositiveIntegerField(_("volgorde"))
    title = models.CharField(_("titel"), max_length=200)
    intro = models.TextField(_("inleiding"), blank=True)
    # [{"question": key, "any": [option keys]}]: all conditions must hold (one of the options per question).
    show_if = models.JSONField(_("tonen als"), default=list, blank=True)

    class Meta:
        ordering = ["version", "position"]
        verbose_name = _("pagina")
        verbose_name_plural = _("pagina's")

    def __str__(self):
        return self.title


class QuestionKind(models.TextChoices):
    SINGLE = "enkel", _("Eén antwoord")
    MULTIPLE = "meerdere", _("Meerdere antwoorden")
    MATRIX = "matrix", _("Matrix (één antwoord per rij)")
    MATRIX_MULTIPLE = "matrix-meerdere", _("Matrix (meerdere antwoorden per rij)")
    SHORT_TEXT = "kort", _("Korte tekst")
    LONG_TEXT = "lang", _("Lange tekst")
    NUMBER = "getal", _("Getal")
    YES_NO = "ja-nee", _("Ja of nee")
    MONTHS = "maanden", _("Maanden")
    CONTACT = "contact", _("Contactgegevens")


CHOICE_KINDS = {QuestionKind.SINGLE, QuestionKind.MULTIPLE, QuestionKind.YES_NO, QuestionKind.MONTHS}
MULTI_KINDS = {QuestionKind.MULTIPLE, QuestionKind.MONTHS}
MATRIX_KINDS = {QuestionKind.MATRIX, QuestionKind.MATRIX_MULTIPLE}
TEXT_KINDS = {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}


class Question(models.Model):
    page = models.ForeignKey(Page, on_delete=models.CASCADE, related_name="questions")
    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(_("volgorde"))
    key = models.SlugField(_("variabelenaam"), max_length=60)
    kind = models.CharField(_("soort vraag"), max_length=20, choices=QuestionKind.choices)
    text = models.TextField(_("vraag"))
    help_text = models.TextField(_("toelichting"), blank=True)
    required = models.BooleanField(_("verplicht"), default=False)
    show_if = models.JSONField(_("tonen als"), default=list, blank=True)
    end_message = models.TextField(
        _("boodschap bij einde"), blank=True, help_text=_("Getoond wie een antwoord kiest dat de bevraging beëindigt.")
    )

    class FeedsNeed(models.TextChoices):
        NONE = "", _("Nee")
        DESCRIPTION = "omschrijving", _("Ja: de omschrijving van de nood")
        SUPPORT_FORMS = "ondersteuningsvorm", _("Ja: de gewenste vormen van ondersteuning")

    feeds_need = models.CharField(
        _("voedt de matchmaking"),
        max_length=20,
        choices=FeedsNeed.choices,
        default="",
        blank=True,
        help_text=_(
            "Antwoorden op deze vraag kunnen een leerkracht of school helpen om meteen een nood in te dienen "
            "in Noden & matchmaking. Antwoordmogelijkheden worden gekoppeld aan de lijst ‘ondersteuningsvorm’."
        ),
    )
    min_value = models.DecimalField(_("minimum"), max_digits=12, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("maximum"), max_digits=12, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["version", "page__position", "position"]
        constraints = [models.UniqueConstraint(fields=["version", "key"], name="surveys_question_key")]
        verbose_name = _("vraag")
        verbose_name_plural = _("vragen")

    def __str__(self):
        return self.text[:80]

    @property
    def is_choice(self):
        return self.kind in CHOICE_KINDS

    @property
    def is_multi(self):
        return self.kind in MULTI_KINDS

    @property
    def is_matrix(self):
        return self.kind in MATRIX_KINDS

    @property
    def is_text(self):
        return self.kind in TEXT_KINDS


class Option(models.Model):
    class Role(models.TextChoices):
        CHOICE = "keuze", _("Antwoordmogelijkheid")
        ROW = "rij", _("Rij")
        COLUMN = "kolom", _("Kolom")

    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="options")
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.CHOICE)
    position = models.PositiveIntegerField()
    key = models.SlugField(max_length=60)
    label = models.CharField(_("label"), max_length=300)
    is_other = models.BooleanField(_("'Ander, namelijk' met vrij tekstveld"), default=False)
    is_exclusive = models.BooleanField(_("sluit andere antwoorden uit"), default=False)
    ends_survey = models.BooleanField(_("beëindigt de bevraging"), default=False)

    class Meta:
        ordering = ["question", "role", "position"]
        constraints = [models.UniqueConstraint(fields=["question", "role", "key"], name="surveys_option_key")]
        verbose_name = _("antwoordmogelijkheid")
        verbose_name_plural = _("antwoordmogelijkheden")

    def __str__(self):
        return self.label


class Invitation(models.Model):
    """A personal invitation: a unique token mailed to one person. Personal data: name and e-mail."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField(_("e-mailadres"))
    name = models.CharField(_("naam"), max_length=200, blank=True)
    token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    sent_at = models.DateTimeField(_("verstuurd op"), null=True, blank=True)
    opened_at = models.DateTimeField(_("geopend op"), null=True, blank=True)
    started_at = models.DateTimeField(_("begonnen op"), null=True, blank=True)
    completed_at = models.DateTimeField(_("afgerond op"), null=True, blank=True)
    last_reminded_at = models.DateTimeField(_("laatste herinnering"), null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(_("herinneringen"), default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["email"]
        constraints = [models.UniqueConstraint(fields=["survey", "email"], name="surveys_one_invitation_per_email")]
        verbose_name = _("uitnodiging")
        verbose_name_plural = _("uitnodigingen")

    def __str__(self):
        return self.email

    def get_absolute_url(self):
        return reverse("surveys:invitation", kwargs={"token": self.token})


class InvitationBatch(models.Model):
    """One sending round (invitations or reminders), so the owner can follow its progress."""

    class Kind(models.TextChoices):
        INVITATIONS = "uitnodigingen", _("Uitnodigingen")
        REMINDERS = "herinneringen", _("Herinneringen")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="batches")
    kind = models.CharField(max_length=20, choices=Kind.choices)
    invitation_ids = models.JSONField(default=list)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.get_kind_display()} – {self.survey}"

    @property
    def percent(self):
        return round(100 * self.processed / self.total) if self.total else 100


class Response(models.Model):
    class Status(models.TextChoices):
        STARTED = "begonnen", _("Begonnen")
        COMPLETED = "volledig", _("Volledig ingevuld")
        SCREENED_OUT = "beeindigd", _("Beëindigd door een antwoord")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    version = models.ForeignKey(SurveyVersion, on_delete=models.PROTECT, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, null=True, blank=True, on_delete=models.SET_NULL, related_name="response"
    )
    # A random key per start form: a double-clicked 'Start' posts the same key and gets the same response.
    start_key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    resume_token = models.CharField(max_length=64, unique=True, default=_token, editable=False)
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.STARTED, db_index=True)
    current_page = models.PositiveIntegerField(default=1)  # position of the page to show next
    furthest_page = models.PositiveIntegerField(default=0)  # highest page position submitted
    end_message = models.TextField(blank=True)
    started_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(auto_now=True)
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        # Covers the funnel: one GROUP BY (furthest_page, status) per version without touching the table.
        indexes = [models.Index(fields=["version", "furthest_page", "status"], name="surveys_response_funnel")]
        verbose_name = _("antwoordformulier")
        verbose_name_plural = _("antwoordformulieren")

    def __str__(self):
        return f"{self.survey} #{self.pk}"

    @property
    def is_finished(self):
        return self.status != self.Status.STARTED


class Answer(models.Model):
    """One answer value. Chosen option (and the matrix row), or a text, or a number."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    # No single-column indexes on question/row/option: the two composite indexes below start with the
    # question, and fewer indexes keep bulk inserts of millions of answers fast. DO_NOTHING: answers only
    # point to published versions, which are never edited or deleted (the database constraint still holds).
    question = models.ForeignKey(Question, on_delete=models.DO_NOTHING, related_name="answers", db_index=False)
    row = models.ForeignKey(
        Option, null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    option = models.ForeignKey(
        Option, null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+", db_index=False
    )
    text = models.TextField(blank=True)
    number = models.DecimalField(max_digits=14, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        indexes = [
            models.Index(fields=["question", "row", "option"], name="surveys_answer_freq"),
            models.Index(fields=["question", "option", "response"], name="surveys_answer_cross"),
        ]

    def __str__(self):
        return self.text or str(self.option_id)


class RespondentContact(models.Model):
    """Contact details a respondent chose to give. Kept apart from the answers; erasable on request."""

    response = models.OneToOneField(Response, on_delete=models.CASCADE, related_name="contact")
    name = models.CharField(_("naam"), max_length=200, blank=True)
    organisation = models.CharField(_("organisatie"), max_length=200, blank=True)
    email = models.EmailField(_("e-mailadres"), blank=True)
    phone = models.CharField(_("telefoonnummer"), max_length=40, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contactgegevens")
        verbose_name_plural = _("contactgegevens")

    def __str__(self):
        return self.name or self.email or self.phone


class Code(models.Model):
    """A theme to code open answers with ('tijdsgebrek', 'infrastructuur'...)."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="codes")
    label = models.CharField(_("code"), max_length=80)
    answers = models.ManyToManyField(Answer, related_name="codes", blank=True)

    class Meta:
        ordering = ["label"]
        constraints = [models.UniqueConstraint(fields=["survey", "label"], name="surveys_code_label")]
        verbose_name = _("code")
        verbose_name_plural = _("codes")

    def __str__(self):
        return self.label


class Tally(models.Model):
    """Running count of respondents per (question, matrix row, option), kept up to date by every page
    submit, so that full reports on 100 000 responses read a few hundred rows instead of millions.

    ``row`` and ``option`` are option ids, 0 for none: (q, 0, 0) counts respondents who answered question q,
    (q, r, 0) those who answered matrix row r, (q, r, o) / (q, 0, o) those who chose option o.
    Filtered reports count live from ``Answer`` instead.
    """

    version = models.ForeignKey(SurveyVersion, on_delete=models.CASCADE, related_name="tallies")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="tallies")
    row = models.BigIntegerField(default=0)
    option = models.BigIntegerField(default=0)
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["question", "row", "option"], name="surveys_tally_key")]

    def __str__(self):
        return f"{self.question_id}/{self.row}/{self.option}: {self.n}"
