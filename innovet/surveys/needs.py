"""From survey answers to a need in Noden & matchmaking (app ``innovet.matching``).

Questions marked ``feeds_need`` carry what a need is made of: the open description of the training need
(Bijlage 2.1, 'Welke opleidingsnoden…') and the wanted forms of support (Bijlage 2.2, 'Waaraan hebben
leerkrachten nood…', whose options are exactly the taxonomy list ``ondersteuningsvorm``). A respondent who
works at a school and is signed in can turn their own answers into a need for their school: the need is
created by ``matching.services.create_need`` under their own name and permissions, so matching's rules and
validation apply unchanged. Anonymous answers are never turned into needs by someone else.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from innovet.core.audit import log_action
from innovet.taxonomy.models import Term

from .models import Answer, Question

TITLE_LENGTH = 200


def need_data(response):
    """The need fields the response's answers provide, or None when the survey asks no needs."""
    feeding = list(response.version.questions.exclude(feeds_need=""))
    if not feeding:
        return None
    answers = list(Answer.objects.filter(response=response, question__in=feeding).select_related("question", "option"))
    texts = [a.text for a in answers if a.question.feeds_need == Question.FeedsNeed.DESCRIPTION and a.text]
    labels = [a.option.label for a in answers if a.question.feeds_need == Question.FeedsNeed.SUPPORT_FORMS and a.option]
    support_forms = list(
        Term.objects.of("ondersteuningsvorm").active().filter(label__in=labels).values_list("code", flat=True)
    )
    if not texts and not support_forms:
        return None
    description = "\n\n".join(texts)
    first = (texts[0].strip().splitlines() or [""])[0] if texts else ""
    title = first[: TITLE_LENGTH - 1] + "…" if len(first) > TITLE_LENGTH else first
    if not title:
        title = _("Nood uit de bevraging ‘%(survey)s’") % {"survey": response.survey.title}
        title = title[:TITLE_LENGTH]
    note = _("Ingediend vanuit de bevraging ‘%(survey)s’.") % {"survey": response.survey.title}
    return {
        "title": title,
        "description": f"{description}\n\n{note}".strip(),
        "support_forms": support_forms,
    }


@transaction.atomic
def create_need_from_response(user, response, school, need_type, max_distance_km):
    """Create a need in the matchmaking for ``school`` from the respondent's own answers."""
    from innovet.matching import services as matching

    data = need_data(response) or {}
    data.update({"need_type": need_type, "max_distance_km": max_distance_km})
    need = matching.create_need(user, school, data)
    log_action(response.survey, "surveys.need.created", user, {"need": need.pk, "response": response.pk})
    return need
