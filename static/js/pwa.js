/* Registers the service worker (the installable app and its offline shell). */
(function () {
  'use strict';
  var script = document.currentScript;
  if (!('serviceWorker' in navigator) || !script || !script.dataset.sw) { return; }
  window.addEventListener('load', function () {
    navigator.serviceWorker.register(script.dataset.sw, { scope: '/' }).catch(function () {});
  });
}());
