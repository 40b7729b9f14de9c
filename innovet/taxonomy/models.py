from django.db import models
from django.db.models import ProtectedError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from innovet.core.page_cache import shared


class Vocabulary(models.Model):
    """A reference list (taxonomy): studiedomeinen, themes, sectors, NACE, ESCO..."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("naam"), max_length=120)
    hierarchical = models.BooleanField(_("boomstructuur"), default=False)
    source = models.CharField(_("bron"), max_length=300, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("referentielijst")
        verbose_name_plural = _("referentielijsten")

    def __str__(self):
        return self.name


class TermQuerySet(models.QuerySet):
    def of(self, vocabulary_code):
        return self.filter(vocabulary__code=vocabulary_code)

    def active(self):
        return self.filter(active=True)

    def delete(self):
        for term in self:
            term.refuse_delete_if_used()
        return super().delete()


class Term(models.Model):
    """One item of a reference list. Never hard-deleted while in use: deactivate it instead."""

    vocabulary = models.ForeignKey(Vocabulary, verbose_name=_("lijst"), on_delete=models.PROTECT, related_name="terms")
    code = models.CharField(_("code"), max_length=200)
    label = models.CharField(_("label"), max_length=300)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("bovenliggend item"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    position = models.PositiveIntegerField(_("volgorde"), default=0)
    active = models.BooleanField(
        _("actief"), default=True, help_text=_("Niet-actieve items kunnen niet meer gekozen worden.")
    )
    data = models.JSONField(_("extra gegevens"), default=dict, blank=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["vocabulary", "position", "label"]
        verbose_name = _("referentie-item")
        verbose_name_plural = _("referentie-items")
        constraints = [models.UniqueConstraint(fields=["vocabulary", "code"], name="taxonomy_term_unique_code")]
        indexes = [models.Index(fields=["vocabulary", "active", "position"])]

    def __str__(self):
        return self.label

    @property
    def is_hard(self):
        """For vakgebieden and studiedomeinen: 'harde' (bouw, elektrotechniek, STEM...) versus 'zachte' (zorg, mode,
        handel...). A term without the flag (domeinoverschrijdend) is neither: see ``hardness``."""
        return bool(self.data.get("hard"))

    def delete(self, *args, **kwargs):
        self.refuse_delete_if_used()
        return super().delete(*args, **kwargs)

    def refuse_delete_if_used(self):
        # Checked before Django's delete starts: M2M rows would otherwise vanish silently.
        used = self.usage_count()
        if used:
            raise ProtectedError(
                gettext(
                    "'%(label)s' wordt nog %(n)d keer gebruikt: "
                    "zet het op niet-actief in plaats van het te verwijderen."
                )
                % {"label": self.label, "n": used},
                {self},
            )

    def usage_count(self):
        """How many objects refer to this term, over every model that points to Term (hidden relations too)."""
        total = 0
        for rel in self._meta.get_fields(include_hidden=True):
            if not rel.auto_created or rel.concrete or rel.related_model is Term:
                continue
            if rel.many_to_many or rel.one_to_many:
                total += rel.related_model._base_manager.filter(**{rel.field.name: self}).count()
        return total


def terms(vocabulary_code):
    """Choices for a form or a model field: the active terms of one list."""
    return Term.objects.of(vocabulary_code).active()


def term_options(*vocabulary_codes):
    """{list code: [(code, label) of its active terms, in their order]}: the options of filters, the same for
    everyone, so read once per content version from the shared cache (one read for all lists) instead of a
    query each on every page."""

    def read():
        options = {code: [] for code in vocabulary_codes}
        active = Term.objects.filter(vocabulary__code__in=vocabulary_codes, active=True).select_related("vocabulary")
        for term in active:
            options[term.vocabulary.code].append((term.code, str(term)))
        return options

    return shared("terms:" + ",".join(vocabulary_codes), read)


def term_fk(vocabulary_code, verbose_name, **kwargs):
    kwargs.setdefault("null", True)
    kwargs.setdefault("blank", True)
    return models.ForeignKey(
        Term,
        verbose_name=verbose_name,
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary__code": vocabulary_code},
        **kwargs,
    )


def term_m2m(vocabulary_code, verbose_name, related_name="+", **kwargs):
    kwargs.setdefault("blank", True)
    return models.ManyToManyField(
        Term,
        verbose_name=verbose_name,
        related_name=related_name,
        limit_choices_to={"vocabulary__code": vocabulary_code},
        **kwargs,
    )
