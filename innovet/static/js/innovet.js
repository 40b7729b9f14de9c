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
  // htmx: send the CSRF token with every request.
  document.body.addEventListener("htmx:configRequest", function (event) {
    var token = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (token) { event.detail.headers["X-CSRFToken"] = token.value; }
  });
})();
