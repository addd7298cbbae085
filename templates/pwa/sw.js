/* Service worker of the portal (served at /sw.js so its scope is the whole site).
   The app shell (styles, scripts, icons and the offline page) is cached at install; pages are
   always fetched from the network (they are personal and sent with Cache-Control: no-store) and,
   without a connection, the offline page is shown instead. Nothing personal is cached here. */
'use strict';
var CACHE = 'cppcc-shell-{{ version }}';
var OFFLINE_URL = '{{ offline_url }}';
var STATIC_PREFIX = '{{ static_prefix }}';
var SHELL = [OFFLINE_URL{% for url in shell %}, '{{ url }}'{% endfor %}];

self.addEventListener('install', function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) { return cache.addAll(SHELL); }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf('cppcc-shell-') === 0 && key !== CACHE;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener('fetch', function (event) {
  var request = event.request;
  if (request.method !== 'GET') { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === 'navigate') {
    event.respondWith(fetch(request).catch(function () {
      return caches.match(OFFLINE_URL);
    }));
    return;
  }
  if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    event.respondWith(caches.match(request).then(function (hit) {
      return hit || fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      });
    }));
  }
});
