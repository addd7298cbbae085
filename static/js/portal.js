// Small behaviours shared by every page; no inline scripts (the CSP forbids them).
(function () {
  "use strict";
  // Disable a form's submit buttons once it is submitted, so a double click sends it once.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset.submitted === "1") { event.preventDefault(); return; }
    form.dataset.submitted = "1";
    form.querySelectorAll("button[type=submit]").forEach(function (b) { b.setAttribute("aria-disabled", "true"); });
  });
  // Buttons marked data-confirm ask before they submit.
  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-confirm]");
    if (el && !window.confirm(el.dataset.confirm)) { event.preventDefault(); event.stopPropagation(); }
  }, true);
  document.addEventListener("click", function (event) {
    var el = event.target.closest("[data-print]");
    if (el) { event.preventDefault(); window.print(); }
  });
})();
