"""The installable app: manifest, icons, service worker at the site root, offline page."""

import json
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles import finders
from django.urls import reverse


def test_manifest_and_icons():
    manifest = json.loads(Path(finders.find("pwa/manifest.webmanifest")).read_text(encoding="utf-8"))
    assert manifest["display"] == "standalone" and manifest["start_url"].startswith("/")
    assert manifest["scope"] == "/"
    from PIL import Image

    sizes = set()
    for icon in manifest["icons"]:
        path = finders.find(f"pwa/{icon['src']}")
        assert path, icon
        with Image.open(path) as image:
            assert f"{image.width}x{image.height}" == icon["sizes"]
            sizes.add(image.width)
    assert {192, 512} <= sizes


def test_service_worker_is_served_from_the_root_without_login(client, db):
    response = client.get(reverse("service_worker"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    assert response["Service-Worker-Allowed"] == "/"
    body = response.content.decode()
    assert reverse("offline") in body and f"{settings.STATIC_URL}css/portal.css" in body
    # nothing on an outside host
    assert "http://" not in body and "https://" not in body


def test_offline_page_and_pages_link_the_manifest(client, db):
    assert "离线" in client.get(reverse("offline")).content.decode()
    login = client.get(reverse("login")).content.decode()
    assert 'rel="manifest"' in login and "js/pwa.js" in login and "js/offline-draft.js" in login


def test_proposal_form_keeps_offline_drafts():
    template = (Path(settings.BASE_DIR) / "templates" / "proposals" / "form.html").read_text(encoding="utf-8")
    assert "data-offline-draft" in template
