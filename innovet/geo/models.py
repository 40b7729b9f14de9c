from django.db import models
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    """A province, or the Brussels-Capital Region. ``rtc_province`` is the province whose RTC serves it."""

    nis_code = models.CharField(_("NIS-code"), max_length=5, unique=True)
    name = models.CharField(_("naam"), max_length=80)
    slug = models.SlugField(unique=True)
    region = models.CharField(_("gewest"), max_length=80)
    in_scope = models.BooleanField(_("werkgebied InnoVET"), default=False)
    rtc_province = models.ForeignKey(
        "self",
        verbose_name=_("bediend door RTC van"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="served_provinces",
    )

    class Meta:
        ordering = ["-in_scope", "name"]
        verbose_name = _("provincie")
        verbose_name_plural = _("provincies")

    def __str__(self):
        return self.name


class Postcode(models.Model):
    """One row per (deel)gemeente: a postcode can cover several places."""

    code = models.CharField(_("postcode"), max_length=4, db_index=True)
    place_name = models.CharField(_("plaats"), max_length=120)
    municipality = models.CharField(_("gemeente"), max_length=160)
    province = models.ForeignKey(Province, verbose_name=_("provincie"), on_delete=models.PROTECT)
    latitude = models.FloatField(_("breedtegraad"))
    longitude = models.FloatField(_("lengtegraad"))

    class Meta:
        ordering = ["code", "place_name"]
        verbose_name = _("postcode")
        verbose_name_plural = _("postcodes")
        constraints = [models.UniqueConstraint(fields=["code", "place_name"], name="geo_postcode_unique_place")]

    def __str__(self):
        return f"{self.code} {self.place_name}"
