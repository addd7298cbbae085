// Quick-report form: a draft kept in this browser (localStorage) so a dropped connection loses
// nothing typed, a character counter, optional browser GPS (no map), and photo checks before
// upload (so a refused photo never costs the rest of the form). No inline script: CSP 'self'.
(function () {
  "use strict";
  var KEY = "cppcc-quickreport-draft";
  var FIELDS = ["kind", "text", "category", "work_committee", "address", "on_behalf_of", "keep_location",
    "latitude", "longitude"];

  function storage() { try { return window.localStorage; } catch (e) { return null; } }

  if (document.getElementById("quick-draft-clear")) {
    var s0 = storage(); if (s0) { s0.removeItem(KEY); }
  }

  var form = document.getElementById("quick-form");
  if (!form) { return; }
  var store = storage();

  function field(name) { return form.elements.namedItem(name); }

  function read() {
    var data = {};
    FIELDS.forEach(function (name) {
      var el = field(name);
      if (!el) { return; }
      if (el instanceof RadioNodeList) { data[name] = el.value; }
      else if (el.type === "checkbox") { data[name] = el.checked; }
      else { data[name] = el.value; }
    });
    return data;
  }

  function isEmpty() {
    var t = field("text"), a = field("address");
    return !(t && t.value.trim()) && !(a && a.value.trim());
  }

  function save() { if (store) { try { store.setItem(KEY, JSON.stringify(read())); } catch (e) { /* full */ } } }

  function restore() {
    if (!store || !isEmpty()) { return; }  // the server re-rendered what was typed: keep that
    var raw = store.getItem(KEY);
    if (!raw) { return; }
    var data;
    try { data = JSON.parse(raw); } catch (e) { return; }
    var any = false;
    FIELDS.forEach(function (name) {
      var el = field(name);
      if (!el || data[name] === undefined || data[name] === "") { return; }
      if (el instanceof RadioNodeList) { el.value = data[name]; }
      else if (el.type === "checkbox") { el.checked = !!data[name]; }
      else { el.value = data[name]; }
      any = any || (name === "text" || name === "address");
    });
    if (any) { document.getElementById("quick-draft-note").classList.remove("d-none"); }
  }

  restore();
  form.addEventListener("input", save);
  form.addEventListener("change", save);
  var discard = document.getElementById("quick-draft-discard");
  if (discard) {
    discard.addEventListener("click", function () {
      if (store) { store.removeItem(KEY); }
      form.reset();
      document.getElementById("quick-draft-note").classList.add("d-none");
      counter();
    });
  }

  // character counter
  var text = field("text"), counterEl = document.getElementById("quick-counter");
  var max = text ? parseInt(text.getAttribute("maxlength") || "500", 10) : 500;
  function counter() {
    if (!text || !counterEl) { return; }
    var n = text.value.length;
    counterEl.textContent = n + " / " + max;
    counterEl.classList.toggle("text-danger", n > max);
  }
  if (text) { text.addEventListener("input", counter); counter(); }

  // browser GPS (optional; the address is what counts)
  var locate = document.getElementById("quick-locate"), status = document.getElementById("quick-locate-status");
  if (locate) {
    if (!("geolocation" in navigator)) { locate.hidden = true; }
    locate.addEventListener("click", function () {
      status.textContent = "正在定位…";
      navigator.geolocation.getCurrentPosition(function (pos) {
        field("latitude").value = pos.coords.latitude.toFixed(6);
        field("longitude").value = pos.coords.longitude.toFixed(6);
        status.textContent = "已定位:" + field("latitude").value + ", " + field("longitude").value;
        save();
      }, function () {
        status.textContent = "未能定位,请填写具体地点。";
      }, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
    });
  }

  // photos: count, size and type before anything is sent
  var photos = field("photos"), chosen = document.getElementById("quick-chosen");
  var photosMax = parseInt(form.dataset.photosMax || "9", 10);
  var maxBytes = parseInt(form.dataset.photoMaxBytes || "0", 10);
  var photoError = document.getElementById(photos ? photos.id + "_error" : "");
  function checkPhotos() {
    if (!photos) { return true; }
    var files = Array.prototype.slice.call(photos.files || []), problem = "";
    chosen.textContent = "";
    files.forEach(function (f) {
      var li = document.createElement("li");
      li.textContent = "已选:" + f.name + "(" + Math.round(f.size / 1024) + " KB)";
      chosen.appendChild(li);
      if (!problem && maxBytes && f.size > maxBytes) { problem = "照片「" + f.name + "」过大,每张不超过" + Math.floor(maxBytes / 1048576) + " MB。"; }
      if (!problem && f.type && !/^image\//.test(f.type)) { problem = "「" + f.name + "」不是照片。"; }
    });
    if (!problem && files.length > photosMax) { problem = "照片过多:选择了" + files.length + "张,最多" + photosMax + "张。"; }
    photos.setCustomValidity(problem);
    if (photoError) { photoError.textContent = problem; photoError.classList.toggle("d-block", !!problem); }
    return !problem;
  }
  if (photos) { photos.addEventListener("change", checkPhotos); }

  var offline = document.getElementById("quick-offline");
  form.addEventListener("submit", function (event) {
    save();
    var ok = checkPhotos();
    if (!navigator.onLine) { offline.classList.remove("d-none"); ok = false; }
    if (!ok) { event.preventDefault(); event.stopPropagation(); }
  });
  window.addEventListener("online", function () { offline.classList.add("d-none"); });
})();
