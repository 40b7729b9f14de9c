"""Questionnaire definitions as data: read the YAML templates, build a version from a definition, turn a
version back into a definition (to copy it into a new version), and the skip logic.

A definition is a dict: ``{"intro_title", "intro_text", "intro_video_url", "thanks_text", "pages": [{"title",
"intro", "show_if", "questions": [{"key", "kind", "text", "help_text", "required", "show_if", "end_message",
"min_value", "max_value", "options"|"rows"+"columns": [{"key", "label", "is_other", "is_exclusive",
"ends_survey"}]}]}]}``. A condition (``show_if``) is a list of ``{"question": key, "any": [option keys]}``:
every item must hold, and an item holds when one of its options was chosen.
"""

from pathlib import Path

import yaml
from django.utils.dates import MONTHS
from django.utils.text import slugify
from django.utils.translation import gettext as _

from .models import Option, Page, Question, QuestionKind

DATA_DIR = Path(__file__).resolve().parent / "data"
TEMPLATE_FILES = ["bijlage-2-1-open-vragen.yaml", "bijlage-2-2-gesloten-vragen.yaml"]
GUIDE_FILE = "bijlage-1-leidraad.yaml"


def read_yaml(name):
    with open(DATA_DIR / name, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def template_definitions():
    return [read_yaml(name) for name in TEMPLATE_FILES]


def store_templates(template_model):
    """(Re)load the study's questionnaires into ``template_model`` (the model, or its historical version in a
    migration); returns how many."""
    definitions = template_definitions()
    for data in definitions:
        template_model.objects.update_or_create(
            key=data["key"],
            defaults={
                "title": data["title"],
                "source": data.get("source", ""),
                "description": data.get("description", ""),
                "definition": data,
            },
        )
    return len(definitions)


def interview_guide():
    return read_yaml(GUIDE_FILE)


def default_options(kind):
    """Options that a yes/no or month question gets without listing them."""
    if kind == QuestionKind.YES_NO:
        return [{"key": "ja", "label": _("Ja")}, {"key": "nee", "label": _("Nee")}]
    if kind == QuestionKind.MONTHS:
        return [{"key": f"{n:02d}", "label": str(MONTHS[n]).capitalize()} for n in range(1, 13)]
    return []


def option_key(label, taken):
    base = slugify(label).replace("-", "_")[:50] or "optie"
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    taken.add(key)
    return key


def build_version(version, definition):
    """Create the pages, questions and options of ``version`` (an empty, unsaved-content version)."""
    for attr in ("intro_title", "intro_text", "intro_video_url", "thanks_text"):
        setattr(version, attr, definition.get(attr, "") or "")
    version.save(update_fields=["intro_title", "intro_text", "intro_video_url", "thanks_text"])
    options = []
    for p_index, page_def in enumerate(definition.get("pages", []), start=1):
        page = Page.objects.create(
            version=version,
            position=p_index,
            title=page_def["title"],
            intro=page_def.get("intro", "") or "",
            show_if=page_def.get("show_if") or [],
        )
        for q_index, q_def in enumerate(page_def.get("questions", []), start=1):
            question = Question.objects.create(
                page=page,
                version=version,
                position=q_index,
                key=q_def["key"],
                kind=q_def["kind"],
                text=q_def["text"],
                help_text=q_def.get("help_text", "") or "",
                required=bool(q_def.get("required")),
                show_if=q_def.get("show_if") or [],
                end_message=q_def.get("end_message", "") or "",
                min_value=q_def.get("min_value"),
                max_value=q_def.get("max_value"),
                feeds_need=q_def.get("feeds_need", "") or "",
            )
            if question.is_matrix:
                groups = [(Option.Role.ROW, q_def.get("rows", [])), (Option.Role.COLUMN, q_def.get("columns", []))]
            else:
                groups = [(Option.Role.CHOICE, q_def.get("options") or default_options(question.kind))]
            for role, items in groups:
                taken = set()
                for o_index, o_def in enumerate(items, start=1):
                    if isinstance(o_def, str):
                        o_def = {"label": o_def}
                    key = str(o_def.get("key") or option_key(o_def["label"], taken))
                    taken.add(key)
                    options.append(
                        Option(
                            question=question,
                            role=role,
                            position=o_index,
                            key=key,
                            label=o_def["label"],
                            is_other=bool(o_def.get("is_other")),
                            is_exclusive=bool(o_def.get("is_exclusive")),
                            ends_survey=bool(o_def.get("ends_survey")),
                        )
                    )
    Option.objects.bulk_create(options)
    return version


def _option_defs(options):
    return [
        {
            "key": o.key,
            "label": o.label,
            "is_other": o.is_other,
            "is_exclusive": o.is_exclusive,
            "ends_survey": o.ends_survey,
        }
        for o in options
    ]


def version_definition(version):
    """The definition of an existing version (used to copy it into a new draft version)."""
    pages = []
    all_options = {}
    for option in Option.objects.filter(question__version=version).order_by("question_id", "role", "position"):
        all_options.setdefault(option.question_id, []).append(option)
    questions = {}
    for question in version.questions.order_by("page__position", "position"):
        questions.setdefault(question.page_id, []).append(question)
    for page in version.pages.order_by("position"):
        q_defs = []
        for q in questions.get(page.pk, []):
            opts = all_options.get(q.pk, [])
            q_def = {
                "key": q.key,
                "kind": q.kind,
                "text": q.text,
                "help_text": q.help_text,
                "required": q.required,
                "show_if": q.show_if,
                "end_message": q.end_message,
                "min_value": str(q.min_value) if q.min_value is not None else None,
                "max_value": str(q.max_value) if q.max_value is not None else None,
                "feeds_need": q.feeds_need,
            }
            if q.is_matrix:
                q_def["rows"] = _option_defs([o for o in opts if o.role == Option.Role.ROW])
                q_def["columns"] = _option_defs([o for o in opts if o.role == Option.Role.COLUMN])
            else:
                q_def["options"] = _option_defs(opts)
            q_defs.append(q_def)
        pages.append({"title": page.title, "intro": page.intro, "show_if": page.show_if, "questions": q_defs})
    return {
        "intro_title": version.intro_title,
        "intro_text": version.intro_text,
        "intro_video_url": version.intro_video_url,
        "thanks_text": version.thanks_text,
        "pages": pages,
    }


# --- skip logic ---------------------------------------------------------------------------------


def condition_holds(show_if, chosen):
    """``chosen``: question key -> set of chosen option keys (for matrices: column keys)."""
    for item in show_if or []:
        if not chosen.get(item.get("question"), set()) & set(item.get("any", [])):
            return False
    return True


def condition_text(show_if, questions_by_key):
    """A readable Dutch sentence for a condition (builder, codebook)."""
    parts = []
    for item in show_if or []:
        question = questions_by_key.get(item.get("question"))
        if question is None:
            continue
        # The codebook hands in the structure's options (``prefetched_options``): no query per condition.
        options = getattr(question, "prefetched_options", None)
        labels = {o.key: o.label for o in (options if options is not None else question.options.all())}
        chosen = ", ".join(f"‘{labels.get(k, k)}’" for k in item.get("any", []))
        parts.append(_("%(question)s = %(options)s") % {"question": question.key, "options": chosen})
    return _(" en ").join(parts)
