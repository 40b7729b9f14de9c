"""Dutch sentences that explain each factor of a suggestion's score, in words a teacher understands."""

import math

from django.utils.translation import get_language, gettext

from .engine import INDIVIDUAL, TEAM, day_number

_translations = {}
_language = [None]


def use_language():
    """Fix the language once per batch of explanations (get_language() is slow in a tight loop)."""
    _language[0] = get_language()


def _(message):
    """gettext, remembered per language: explanations are built for thousands of suggestions at once."""
    key = (_language[0], message)
    text = _translations.get(key)
    if text is None:
        text = _translations[key] = gettext(message)
    return text


def _grouped(value):
    """nl-BE thousands separator (1.234), without Django's general-purpose formatter in the hot loop."""
    return f"{value:,}".replace(",", ".")


def _euro(amount):
    if amount == int(amount):
        return f"€ {_grouped(int(amount))}"
    return f"€ {_grouped(int(amount))},{round((amount - int(amount)) * 100):02d}"


def _km(value):
    return f"{_grouped(round(value))} km"


def _labels(vocab, vocabulary, codes):
    return ", ".join(vocab.label(vocabulary, c) for c in codes)


def explain_factor(name, fit, need, spec, dist, vocab):
    return globals()[f"_{name}"](fit, need, spec, dist, vocab)


def _thema(fit, need, spec, dist, vocab):
    shared = [t for t in need.themes if t in set(spec.themes)]
    if shared:
        if len(shared) == len(need.themes):
            return _("Sluit aan bij al je thema's: %(themes)s.") % {"themes": _labels(vocab, "thema", shared)}
        return _("Sluit aan bij %(n)d van je %(total)d thema's: %(themes)s.") % {
            "n": len(shared),
            "total": len(need.themes),
            "themes": _labels(vocab, "thema", shared),
        }
    roots = sorted({vocab.root(t) for t in need.themes} & {vocab.root(t) for t in spec.themes})
    if roots:
        return _("Verwant thema binnen %(roots)s: %(themes)s.") % {
            "roots": _labels(vocab, "thema", roots),
            "themes": _labels(vocab, "thema", spec.themes[:3]),
        }
    if not need.themes:
        return _("Je koos geen thema: elk thema telt half.")
    return _("Geen gemeenschappelijk thema.")


def _domein(fit, need, spec, dist, vocab):
    if not need.domain:
        return _("Je koos geen studiedomein.")
    label = vocab.label("studiedomein", need.domain)
    if fit >= 1:
        return _("Bedoeld voor jouw studiedomein %(domain)s.") % {"domain": label}
    if fit > 0:
        return _("Niet aan één studiedomein gebonden.")
    return _("Bedoeld voor een ander studiedomein (%(domains)s).") % {
        "domains": _labels(vocab, "studiedomein", spec.domains[:3])
    }


def _graad(fit, need, spec, dist, vocab):
    if not need.graden:
        return _("Je koos geen graad.")
    if fit >= 1:
        shared = [g for g in need.graden if g in set(spec.graden)]
        return _("Geschikt voor je graad: %(grades)s.") % {"grades": _labels(vocab, "graad", shared).lower()}
    if fit > 0:
        return _("Voor alle graden.")
    return _("Voor een andere graad (%(grades)s).") % {"grades": _labels(vocab, "graad", spec.graden).lower()}


def _vorm(fit, need, spec, dist, vocab):
    if not need.forms:
        return _("Je koos geen vorm: elke vorm telt half.")
    shared = [f for f in need.forms if f in set(spec.forms)]
    if shared:
        return _("De vorm die je zoekt: %(forms)s.") % {"forms": _labels(vocab, "ondersteuningsvorm", shared)}
    if spec.forms:
        # An offer's first form is its kind (e.g. Workshop); the mapped support forms would only repeat it.
        shown = spec.forms[:1] if spec.kind == "aanbod" else spec.forms[:3]
        return _("Een andere vorm dan gevraagd: %(forms)s.") % {"forms": _labels(vocab, "ondersteuningsvorm", shown)}
    return _("Een andere vorm dan gevraagd.")


def _afstand(fit, need, spec, dist, vocab):
    if dist is None or math.isnan(dist):
        return _("Geen verplaatsing nodig (op afstand, op je school of over heel Vlaanderen).")
    if dist < 1:
        return _("Vlak bij je school (minder dan 1 km).")
    return _("Op %(km)s van je school (je maximum is %(max)s).") % {"km": _km(dist), "max": _km(need.max_km)}


def _periode(fit, need, spec, dist, vocab):
    if spec.period_start is None and spec.period_end is None:
        return _("Data nog niet gekend.")
    if fit >= 1:
        return _("Binnen je gewenste periode en op een moment dat je past.")
    if fit > 0.5:
        if need.period_start or need.period_end:
            return _("Binnen je gewenste periode.")
        return _("Je gaf geen periode op.")
    return _("Buiten je gewenste periode.")


def _kost(fit, need, spec, dist, vocab):
    if spec.cost is None:
        return _("Kost nog niet gekend.")
    if spec.cost == 0:
        return _("Gratis.")
    if need.budget is None:
        return _("%(cost)s per deelnemer; je gaf geen budget op.") % {"cost": _euro(spec.cost)}
    values = {"cost": _euro(spec.cost), "budget": _euro(float(need.budget))}
    if fit >= 1:
        return _("%(cost)s per deelnemer, binnen je budget van %(budget)s.") % values
    if fit > 0:
        return _("%(cost)s per deelnemer: iets boven je budget van %(budget)s.") % values
    return _("%(cost)s per deelnemer: ver boven je budget van %(budget)s.") % values


def _team(fit, need, spec, dist, vocab):
    wanted = _("als team") if need.participation == TEAM else _("individueel")
    if fit >= 1:
        if spec.participation == INDIVIDUAL | TEAM:
            return _("Kan individueel en als team: past bij je vraag (%(wanted)s).") % {"wanted": wanted}
        return _("Past bij je vraag: %(wanted)s.") % {"wanted": wanted}
    return _("Je vraagt het %(wanted)s, dit is er niet op gericht.") % {"wanted": wanted}


def _capaciteit(fit, need, spec, dist, vocab):
    if spec.capacity_left is None:
        return _("Geen grens op het aantal scholen.")
    return _("Nog plaats voor %(n)d school/scholen dit schooljaar.") % {"n": int(spec.capacity_left)}


def _actualiteit(fit, need, spec, dist, vocab):
    days = int(spec.age_days)
    if days <= 1:
        return _("Vandaag of gisteren bijgewerkt.")
    if days < 60:
        return _("%(n)d dagen geleden bijgewerkt.") % {"n": days}
    return _("Al %(n)d maanden niet bijgewerkt.") % {"n": days // 30}


__all__ = ["explain_factor", "day_number"]
