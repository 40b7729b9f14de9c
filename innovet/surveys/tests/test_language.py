"""The surveys speak to people the way the rest of the platform does: 'je', never 'u'."""

import re
from pathlib import Path

import innovet.surveys

APP = Path(innovet.surveys.__file__).resolve().parent
FORMAL = re.compile(r"\b(u|uw|U|Uw|uzelf)\b")
PATTERNS = [
    re.compile(r'{%\s*translate\s+"(.*?)"', re.S),
    re.compile(r"{%\s*blocktranslate[^%]*%}(.*?){%\s*endblocktranslate\s*%}", re.S),
    re.compile(r'\b_l?\(\s*"((?:[^"\\]|\\.)*)"', re.S),
]


def _ui_strings():
    files = [*APP.glob("templates/**/*.html"), *APP.glob("templates/**/*.txt"), *APP.glob("*.py")]
    for path in files:
        text = path.read_text(encoding="utf-8")
        for pattern in PATTERNS:
            for match in pattern.finditer(text):
                yield path.relative_to(APP), match.group(1)


def test_survey_pages_and_mails_say_je_not_u():
    strings = list(_ui_strings())
    assert len(strings) > 100  # the scan found the app's strings
    formal = [f"{path}: {s[:80]}" for path, s in strings if FORMAL.search(re.sub(r"{{.*?}}", "", s))]
    assert formal == []


def test_the_study_questionnaires_say_je_too():
    import yaml

    from innovet.surveys.definition import TEMPLATE_FILES

    def texts(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key not in ("routing_source", "end_source", "source", "key", "show_if"):
                    yield from texts(value)
        elif isinstance(node, list):
            for value in node:
                yield from texts(value)
        elif isinstance(node, str):
            yield node

    formal = []
    for name in TEMPLATE_FILES:
        data = yaml.safe_load((APP / "data" / name).read_text(encoding="utf-8"))
        formal += [f"{name}: {t[:80]}" for t in texts(data) if FORMAL.search(t)]
    assert formal == []
