// The portal's date inputs (cppcc/widgets.py DateInput) are text inputs showing 2026-11-30 in any
// browser language. The calendar button beside each borrows the browser's own date picker: the
// picked date is written into the text input as Y-m-d. Loaded by the widget; runs once per page.
(function () {
  "use strict";
  if (window.portalDateInput) { return; }
  window.portalDateInput = true;
  var native = document.createElement("input");
  native.type = "date";
  if (native.type !== "date" || typeof native.showPicker !== "function") { return; }
  var ISO = /^\d{4}-\d{2}-\d{2}$/;

  function reveal(root) {
    (root || document).querySelectorAll(".portal-date-pick[hidden]").forEach(function (b) { b.hidden = false; });
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".portal-date-pick");
    if (!button) { return; }
    var group = button.closest(".portal-date");
    var text = group.querySelector("input:not(.portal-date-native)");
    var picker = group.querySelector(".portal-date-native");
    picker.value = ISO.test(text.value.trim()) ? text.value.trim() : "";
    try { picker.showPicker(); } catch (e) { text.focus(); }
  });
  document.addEventListener("change", function (event) {
    var picker = event.target;
    if (!picker.classList || !picker.classList.contains("portal-date-native") || !picker.value) { return; }
    var text = picker.closest(".portal-date").querySelector("input:not(.portal-date-native)");
    text.value = picker.value;  // the value of <input type="date"> is always Y-m-d
    text.dispatchEvent(new Event("input", { bubbles: true }));
    text.dispatchEvent(new Event("change", { bubbles: true }));
    text.focus();
  });
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { reveal(); });
  } else { reveal(); }
  document.addEventListener("htmx:load", function (event) { reveal(event.target); });
})();
