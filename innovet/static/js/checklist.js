// Checkbox lists with a filter-as-you-type box (widget ChecklistSelectMultiple, data-checklist on each box).
// Replaces Ctrl-click multi-selects: every choice is a plain checkbox (keyboard, touch and screen readers
// work as usual); this script only adds a search field above long lists and announces how many remain.
(function () {
  "use strict";
  var MIN_OPTIONS = 8;
  var counter = 0;
  // The texts come translated from base.html (data- attributes on this script tag).
  var script = document.currentScript;
  var T = (script && script.dataset) || {};
  function t(key, values) {
    return (T[key] || key).replace(/\{(\w+)\}/g, function (_, name) { return values && name in values ? values[name] : ""; });
  }

  function normalise(text) {
    return (text || "").toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").trim();
  }

  function optionOf(input) {
    return input.closest(".form-check") || input.closest("div");
  }

  function enhance(inputs) {
    var first = optionOf(inputs[0]);
    var list = first && first.parentElement;
    if (!list || list.dataset.checklistReady) { return; }
    list.dataset.checklistReady = "1";
    list.classList.add("checklist-options");
    var options = inputs.map(optionOf);
    var groups = Array.prototype.slice.call(list.children).filter(function (el) {
      return options.indexOf(el) === -1 && el.textContent.trim();
    });
    var fieldset = list.closest("fieldset");
    var legend = fieldset && fieldset.querySelector("legend");
    var name = legend ? legend.textContent.trim() : "";
    counter += 1;
    var id = "checklist-zoek-" + counter;

    var box = document.createElement("div");
    box.className = "checklist-search mb-2";
    var label = document.createElement("label");
    label.className = "form-label small mb-1";
    label.setAttribute("for", id);
    label.textContent = name ? t("searchIn", { name: name.replace(/\*$/, "").trim() }) : t("search");
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "form-control form-control-sm";
    input.autocomplete = "off";
    input.setAttribute("aria-describedby", id + "-status");
    var status = document.createElement("p");
    status.id = id + "-status";
    status.className = "small text-body-secondary mb-1";
    status.setAttribute("aria-live", "polite");
    box.appendChild(label);
    box.appendChild(input);
    box.appendChild(status);
    list.parentElement.insertBefore(box, list);

    function describe(shown) {
      var chosen = inputs.filter(function (i) { return i.checked; }).length;
      var text = shown === inputs.length ? t("all", { total: inputs.length }) : t("some", { shown: shown, total: inputs.length });
      if (shown === 0) { text = t("none", { query: input.value.trim() }); }
      status.textContent = text + (chosen ? " · " + t("chosen", { n: chosen }) : "");
    }

    function filter() {
      var q = normalise(input.value);
      var shown = 0;
      options.forEach(function (option, i) {
        // A ticked box stays visible: what you chose never disappears from view.
        var visible = !q || inputs[i].checked || normalise(option.textContent).indexOf(q) !== -1;
        option.hidden = !visible;
        if (visible) { shown += 1; }
      });
      groups.forEach(function (group) {
        var el = group.nextElementSibling;
        var any = false;
        while (el && groups.indexOf(el) === -1) {
          if (!el.hidden) { any = true; }
          el = el.nextElementSibling;
        }
        group.hidden = !any;
      });
      describe(shown);
    }

    input.addEventListener("input", filter);
    // Enter in the search field must not submit the form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); }
    });
    list.addEventListener("change", function () { describe(options.filter(function (o) { return !o.hidden; }).length); });
    describe(inputs.length);
  }

  function init(root) {
    var byList = new Map();
    root.querySelectorAll("input[type=checkbox][data-checklist]").forEach(function (input) {
      var option = optionOf(input);
      var list = option && option.parentElement;
      if (!list) { return; }
      if (!byList.has(list)) { byList.set(list, []); }
      byList.get(list).push(input);
    });
    byList.forEach(function (inputs) {
      if (inputs.length >= MIN_OPTIONS) { enhance(inputs); }
    });
  }

  init(document);
  document.body.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
})();
