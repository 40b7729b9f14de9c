// Survey pages: show follow-up questions only when an answer on the same page asks for them, keep
// exclusive answers ('Dat kan ik niet inschatten') alone, check an 'Ander, namelijk' option when its text
// is typed, and print buttons. Without JavaScript every question stays visible with a hint.
(function () {
  "use strict";
  var form = document.querySelector(".survey-form");

  function chosen(key) {
    var values = [];
    if (!form) { return values; }
    form.querySelectorAll("[name='q_" + key + "']").forEach(function (input) {
      if ((input.type === "radio" || input.type === "checkbox") && input.checked) { values.push(input.value); }
    });
    return values;
  }

  function update() {
    if (!form) { return; }
    form.querySelectorAll("[data-show-if]").forEach(function (block) {
      var conditions = JSON.parse(block.getAttribute("data-show-if"));
      var visible = conditions.every(function (c) {
        var values = chosen(c.question);
        return c.any.some(function (v) { return values.indexOf(v) !== -1; });
      });
      block.hidden = !visible;
      block.querySelectorAll("input, textarea, select").forEach(function (el) { el.disabled = !visible; });
      var hint = block.querySelector(".survey-hint");
      if (hint) { hint.hidden = true; }
    });
  }

  if (form) {
    form.addEventListener("change", function (event) {
      var input = event.target;
      if (input.type === "checkbox" && input.checked) {
        var group = form.querySelectorAll("[name='" + input.name + "']");
        group.forEach(function (other) {
          if (other !== input && (input.hasAttribute("data-exclusive") || other.hasAttribute("data-exclusive"))) {
            other.checked = false;
          }
        });
      }
      update();
    });
    form.addEventListener("input", function (event) {
      var text = event.target;
      if (text.classList.contains("survey-other") && text.value.trim()) {
        var option = document.getElementById(text.getAttribute("data-for"));
        if (option && !option.checked) {
          option.checked = true;
          option.dispatchEvent(new Event("change", { bubbles: true }));
        }
      }
    });
    update();
    var summary = document.getElementById("foutenoverzicht");
    if (summary) { summary.focus(); }
  }

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
})();
