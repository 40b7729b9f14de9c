// Small progressive enhancements. Every page works without JavaScript.
(function () {
  "use strict";
  // Forms marked data-autosubmit submit when a control changes (facet checkboxes, sort order).
  document.addEventListener("change", function (event) {
    var form = event.target.closest("form[data-autosubmit]");
    if (form && !event.target.matches("[data-no-autosubmit]")) {
      if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
    }
  });
  // Confirm dangerous actions: <button data-confirm="Zeker?">.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
  // A table box that scrolls sideways (small screens) must be reachable with the keyboard: make it a
  // focusable, named region when it overflows and holds nothing focusable itself (WCAG 2.1.1).
  document.querySelectorAll(".table-responsive").forEach(function (box) {
    if (box.scrollWidth <= box.clientWidth || box.querySelector("a, button, input, select, textarea, [tabindex]")) {
      return;
    }
    var caption = box.querySelector("caption");
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
  });
  // htmx: send the CSRF token with every request.
  document.body.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
  });
})();
