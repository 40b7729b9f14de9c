"""Test helpers shared by the apps' tests."""

import re
from html.parser import HTMLParser

# What a browser keeps of an input's value attribute (HTML value sanitization): anything else it
# shows as an empty field and submits as "".
_SANITIZE = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "datetime-local": re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"),
    "time": re.compile(r"^\d{2}:\d{2}(:\d{2}(\.\d+)?)?$"),
    "month": re.compile(r"^\d{4}-\d{2}$"),
    "number": re.compile(r"^-?(\d+(\.\d*)?|\.\d+)([eE][-+]?\d+)?$"),
}


class _FormParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms = []  # (attrs, [(name, value, kind)])
        self._form = None
        self._select = None
        self._option = None
        self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = (a, [])
            self.forms.append(self._form)
        if self._form is None:
            return
        fields = self._form[1]
        if tag == "input" and a.get("name") and "disabled" not in a:
            kind = (a.get("type") or "text").lower()
            if kind in ("submit", "button", "reset", "image", "file"):
                return
            if kind in ("checkbox", "radio") and "checked" not in a:
                return
            value = a.get("value") or ("on" if kind in ("checkbox", "radio") else "")
            pattern = _SANITIZE.get(kind)
            if pattern and value and not pattern.match(value):
                value = ""
            fields.append((a["name"], value, kind))
        elif tag == "select" and a.get("name") and "disabled" not in a:
            self._select = {"name": a["name"], "multiple": "multiple" in a, "options": []}
        elif tag == "option" and self._select is not None:
            self._option = [a.get("value"), "", "selected" in a]
            self._select["options"].append(self._option)
        elif tag == "textarea" and a.get("name") and "disabled" not in a:
            self._textarea = [a["name"], ""]

    def handle_data(self, data):
        if self._option is not None:
            self._option[1] += data
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "form":
            self._form = None
        elif tag == "option":
            self._option = None
        elif tag == "select" and self._select is not None:
            options = self._select["options"]
            chosen = [o for o in options if o[2]]
            if not chosen and not self._select["multiple"] and options:
                chosen = options[:1]  # a single select submits its first option when none is selected
            for value, text, _selected in chosen:
                self._form[1].append((self._select["name"], value if value is not None else text.strip(), "select"))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            # The parser keeps the newline that follows <textarea>; a browser drops it.
            name, text = self._textarea
            self._form[1].append((name, text[1:] if text.startswith("\n") else text, "textarea"))
            self._textarea = None


def browser_form_data(html, containing):
    """What a browser would submit from the page's form that has a field named ``containing``,
    untouched by the user: a dict of lists, ready for ``client.post(url, data)``.

    Values that a browser would not accept in their input type (``01/01/2027`` in a date input)
    come back empty, as the browser sends them."""
    if isinstance(html, bytes):
        html = html.decode()
    parser = _FormParser()
    parser.feed(html)
    for _attrs, fields in parser.forms:
        if any(name == containing for name, _v, _k in fields):
            data = {}
            for name, value, _kind in fields:
                data.setdefault(name, []).append(value)
            return data
    raise AssertionError(f"Geen formulier met een veld '{containing}' op de pagina.")
