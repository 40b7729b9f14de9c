// 'Mijn aanbod': a checkbox that ticks or clears every offer on the page (the list works without it).
(function () {
  "use strict";
  document.querySelectorAll("[data-select-all]").forEach(function (all) {
    all.hidden = false;
    var boxes = document.querySelectorAll("input[name='" + all.dataset.selectAll + "'][form='" + all.getAttribute("form") + "']");
    all.addEventListener("change", function () {
      boxes.forEach(function (box) { box.checked = all.checked; });
    });
  });
})();
