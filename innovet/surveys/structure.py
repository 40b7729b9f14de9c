"""A version's pages, questions and options loaded once (three queries), with the skip logic on top.

Used to render and validate a page, to find the next page, and for exports and reports.
"""

from dataclasses import dataclass, field

from .definition import condition_holds
from .models import Option, Page, Question


@dataclass
class Structure:
    version: object
    pages: list = field(default_factory=list)
    questions: list = field(default_factory=list)  # in order
    by_page: dict = field(default_factory=dict)  # page id -> [questions]
    by_key: dict = field(default_factory=dict)
    by_id: dict = field(default_factory=dict)
    choices: dict = field(default_factory=dict)  # question id -> [options] (choice options or matrix columns)
    rows: dict = field(default_factory=dict)  # question id -> [matrix rows]
    option_by_id: dict = field(default_factory=dict)
    page_by_id: dict = field(default_factory=dict)

    def page_at(self, position):
        return next((p for p in self.pages if p.position == position), None)

    def page_visible(self, page, chosen):
        return condition_holds(page.show_if, chosen)

    def question_visible(self, question, chosen):
        page = self.page_by_id[question.page_id]
        return condition_holds(page.show_if, chosen) and condition_holds(question.show_if, chosen)

    def condition_keys(self):
        """Keys of the questions that some page or question condition looks at."""
        conditions = [p.show_if for p in self.pages] + [q.show_if for q in self.questions]
        return {item.get("question") for show_if in conditions for item in show_if or []}

    def next_page(self, after_position, chosen):
        for page in self.pages:
            if page.position > after_position and self.page_visible(page, chosen):
                return page
        return None

    def previous_page(self, before_position, chosen):
        for page in reversed(self.pages):
            if page.position < before_position and self.page_visible(page, chosen):
                return page
        return None

    def visible_page_positions(self, chosen):
        return [p.position for p in self.pages if self.page_visible(p, chosen)]


def load_structure(version):
    s = Structure(version=version)
    s.pages = list(Page.objects.filter(version=version).order_by("position"))
    page_order = {p.pk: p.position for p in s.pages}
    s.page_by_id = {p.pk: p for p in s.pages}
    s.questions = sorted(Question.objects.filter(version=version), key=lambda q: (page_order[q.page_id], q.position))
    for q in s.questions:
        s.by_page.setdefault(q.page_id, []).append(q)
        s.by_key[q.key] = q
        s.by_id[q.pk] = q
        s.choices[q.pk] = []
        s.rows[q.pk] = []
    for option in Option.objects.filter(question__version=version).order_by("question_id", "position"):
        s.option_by_id[option.pk] = option
        if option.role == Option.Role.ROW:
            s.rows[option.question_id].append(option)
        else:
            s.choices[option.question_id].append(option)
    return s


def chosen_from_answers(structure, answers):
    """question key -> set of chosen option keys, from Answer rows (or dicts with question_id/option_id)."""
    chosen = {}
    for a in answers:
        question_id = a["question_id"] if isinstance(a, dict) else a.question_id
        option_id = a["option_id"] if isinstance(a, dict) else a.option_id
        if option_id is None:
            continue
        question = structure.by_id.get(question_id)
        option = structure.option_by_id.get(option_id)
        if question and option:
            chosen.setdefault(question.key, set()).add(option.key)
    return chosen
