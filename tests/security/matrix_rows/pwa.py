"""Matrix rows of the installable app (PWA): the service worker and the offline page are public."""

from tests.security.matrix import Row

ROWS = [
    Row("service_worker", "200 200 200 200 200 200 200"),
    Row("offline", "200 200 200 200 200 200 200"),
]
