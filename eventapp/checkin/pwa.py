"""The scanning page as an installable web app: its service worker and manifest.

The service worker lives at /door/sw.js so that its scope (/door/) covers every scanning page. It
precaches the page's static files; its version is a hash of their content, so a new release
replaces the cache.
"""
import hashlib
import json
from pathlib import Path

# Static files the scanning page needs offline (relative to the static folder).
ASSETS = (
    "css/app.css",
    "css/checkin.css",
    "js/checkin/scan.js",
    "js/checkin/store.js",
    "js/checkin/panels.js",
    "js/checkin/repeats.js",
    "js/checkin/camera.js",
    "js/checkin/sound.js",
    "js/checkin/sha256.js",
    "vendor/jsqr/jsQR.js",
    "img/checkin/icon-192.png",
    "img/checkin/icon-512.png",
)
SW_SOURCE = "js/checkin/sw.js"


def assets_version(static_folder):
    digest = hashlib.sha256()
    for name in ASSETS + (SW_SOURCE,):
        path = Path(static_folder) / name
        digest.update(name.encode())
        digest.update(path.read_bytes() if path.exists() else b"")
    return digest.hexdigest()[:12]


def service_worker(static_folder, asset_urls, scope):
    """The service worker's source: the generic script after its settings."""
    version = assets_version(static_folder)
    settings = (f"const VERSION = {json.dumps(version)};\n"
                f"const ASSETS = {json.dumps(list(asset_urls))};\n"
                f"const SCOPE = {json.dumps(scope)};\n")
    return settings + (Path(static_folder) / SW_SOURCE).read_text(encoding="utf-8")


def manifest(name, short_name, start_url, scope, icon_urls):
    return {
        "name": name,
        "short_name": short_name,
        "start_url": start_url,
        "scope": scope,
        "display": "standalone",
        "orientation": "portrait",
        "background_color": "#0b5394",
        "theme_color": "#0b5394",
        "lang": "vi",
        "icons": [{"src": url, "sizes": f"{size}x{size}", "type": "image/png", "purpose": "any"}
                  for size, url in icon_urls],
    }
