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
