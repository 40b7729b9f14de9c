"""nl-BE groups thousands ('1.284'), and Django localizes every number a template prints. In an attribute a
browser sends back or a script reads (a checkbox's value, a field's name, a label's for), the number must be
printed as is, or every form stops working once ids pass 999 (it happened: bulk publish and attendance
refused their own pages' input on PostgreSQL, whose ids keep counting)."""

import re
from pathlib import Path

import innovet

# Attributes people read (localized text is right there); every other attribute is read by a machine.
HUMAN = {"aria-label", "title", "alt", "placeholder", "content", "aria-description"}
NUMERIC = re.compile(
    r"^(?:[\w.]*\.)?(pk|id|\w+_id|\w+_pk|number|\w+_number|counter0?|year|processed|total|target|steps)$"
)
TAG = re.compile(r"<[a-zA-Z][^<>]*?>", re.S)
ATTR = re.compile(r'([a-zA-Z_:][-a-zA-Z0-9_:.]*)="([^"]*)"')
VAR = re.compile(r"\{\{\s*([\w.]+)\s*\}\}")  # a variable without a filter: printed localized


def localized_numbers(text):
    for tag in TAG.findall(text):
        for name, value in ATTR.findall(tag):
            if name.lower() not in HUMAN:
                yield from (f'{name}="{value}"' for var in VAR.findall(value) if NUMERIC.match(var))


def test_no_template_prints_a_localized_number_into_a_machine_read_attribute():
    root = Path(innovet.__file__).parent
    found = [
        f"{path.relative_to(root)}: {attr}"
        for path in sorted(root.rglob("*.html"))
        for attr in localized_numbers(path.read_text(encoding="utf-8"))
    ]
    assert not found, "Use |unlocalize for ids and counts in attributes:\n" + "\n".join(found)


def test_the_check_sees_what_it_guards_against():
    assert list(localized_numbers('<input name="attended_{{ b.pk }}" value="{{ o.pk }}" aria-label="{{ n.pk }}">')) == [
        'name="attended_{{ b.pk }}"',
        'value="{{ o.pk }}"',
    ]
    assert not list(localized_numbers('<input value="{{ o.pk|unlocalize }}" id="x-{{ o.slug }}">'))
