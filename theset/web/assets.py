"""Static files under content-hashed names, pre-compressed, served by WhiteNoise.

At start the app copies `static/` once into the instance folder, each file under a
name that carries a hash of its content (`css/theset.3f2a9c1e07b4.css`), beside
its brotli and gzip variants. `url_for("static", filename=…)` answers the hashed
name, which never changes content, so browsers keep it for a year without asking
again (`immutable`). The plain names stay served, cached for a minute, for the
embed snippets other sites copy (`url_for(…, hashed=False)`). Processes that start
together build into folders of their own and rename: the first build to finish wins.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from pathlib import Path

from flask import Flask
from whitenoise import WhiteNoise
from whitenoise.compress import Compressor

PLAIN_MAX_AGE = 60  # seconds, for static files asked for by their plain names
HASH_LENGTH = 12
MANIFEST = "manifest.json"


def hashed_name(relative: str, content: bytes) -> str:
    """`css/theset.css` → `css/theset.<hash of content>.css`."""
    digest = hashlib.sha256(content).hexdigest()[:HASH_LENGTH]
    path = Path(relative)
    return str(path.with_name(f"{path.stem}.{digest}{path.suffix}"))


def build(static_dir: Path, build_root: Path) -> tuple[Path, dict[str, str]]:
    """The folder of hashed, pre-compressed copies of `static_dir`, and the manifest
    from plain to hashed names; built unless a build of the same content exists.

    Each build is a folder named by the content's version: `files/` and the manifest.
    """
    files = sorted(p for p in static_dir.rglob("*") if p.is_file())
    manifest = {
        str(p.relative_to(static_dir)): hashed_name(str(p.relative_to(static_dir)), p.read_bytes())
        for p in files
    }
    version = hashlib.sha256(json.dumps(manifest, sort_keys=True).encode()).hexdigest()[:16]
    target = build_root / version
    if not (target / MANIFEST).exists():
        _build_into(static_dir, manifest, build_root, target)
    return target / "files", manifest


def _build_into(static_dir: Path, manifest: dict[str, str], build_root: Path, target: Path):
    build_root.mkdir(parents=True, exist_ok=True)
    scratch = Path(tempfile.mkdtemp(dir=build_root, prefix=".building-"))
    compressor = Compressor(quiet=True)
    for plain, hashed in manifest.items():
        copy = scratch / "files" / hashed
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(static_dir / plain, copy)
        if compressor.should_compress(copy.name):
            compressor.compress(str(copy))
    (scratch / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True))
    try:
        os.rename(scratch, target)
    except OSError:
        shutil.rmtree(scratch)  # another process finished the same build first


def init_app(app: Flask) -> None:
    """Serve `static/` through WhiteNoise, hashed names from `url_for("static", …)`."""
    static_dir = Path(app.static_folder)
    built, manifest = build(static_dir, Path(app.instance_path) / "assets")
    prefix = app.static_url_path.strip("/")

    @app.url_defaults
    def hashed_static_names(endpoint: str, values: dict) -> None:
        # `hashed=False` keeps the plain name: for snippets other sites copy and keep.
        if endpoint == "static" and values.pop("hashed", True):
            values["filename"] = manifest.get(values["filename"], values["filename"])

    server = WhiteNoise(
        app.wsgi_app,
        max_age=PLAIN_MAX_AGE,
        immutable_file_test=lambda path, url: Path(path).is_relative_to(built),
        add_headers_function=_nosniff,
    )
    server.add_files(str(static_dir), prefix=prefix)
    server.add_files(str(built), prefix=prefix)
    app.wsgi_app = server


def _nosniff(headers, path: str, url: str) -> None:
    headers["X-Content-Type-Options"] = "nosniff"
