// Search pages: a facet checkbox submits the form (innovet.js, data-autosubmit). After the new page has
// loaded, focus returns to the checkbox that was changed, so keyboard and screen-reader users keep their place.
(function () {
  "use strict";
  var KEY = "innovet-facet-focus";
  var form = document.querySelector("form[role=search][data-autosubmit]");
  if (!form) { return; }
  form.addEventListener("change", function (event) {
    if (event.target.id) {
      try { window.sessionStorage.setItem(KEY, event.target.id); } catch (e) { /* private mode */ }
    }
  });
  var id = null;
  try { id = window.sessionStorage.getItem(KEY); window.sessionStorage.removeItem(KEY); } catch (e) { id = null; }
  if (!id) { return; }
  var control = document.getElementById(id);
  if (control) {
    var details = control.closest("details");
    if (details) { details.open = true; }
    // On a small screen the filters live in an off-canvas panel: open it again, then give focus back.
    var panel = control.closest(".offcanvas-lg");
    if (panel && window.bootstrap && window.getComputedStyle(panel).visibility === "hidden") {
      panel.addEventListener("shown.bs.offcanvas", function () { control.focus(); }, { once: true });
      window.bootstrap.Offcanvas.getOrCreateInstance(panel).show();
    } else {
      control.focus();
    }
  }
})();
