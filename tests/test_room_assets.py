"""The room serves the page's front-end files read-only and never reaches the internet.

A copy of the installed asset folder (the real tree, byte for byte) is served
by the room's application as ``scripts/app`` builds it. Every folder and file
at every depth is asked for (GET, HEAD, PUT, POST, DELETE; folders with and
without a trailing slash), as are unknown packages and paths that try to leave
the folder (plain and percent-encoded ``..``, backslashes, absolute paths, a
NUL byte). Afterwards every file has the same SHA-256 as before, no file or
folder was added or removed, and nothing tried to reach the internet: Solara's
CDN fetch and every socket connection are replaced by a recorder that refuses.
"""

from __future__ import annotations

import hashlib
import shutil
import socket
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

import pytest

from simulations.room import assets
from tests.support.room import ask, solara_app

REAL = assets.asset_folder()
SECRET = b"a file beside the asset folder"


def tree_digest(root: Path) -> dict[str, str]:
    """Every file (SHA-256) and folder ("dir") under ``root``, by relative path."""
    found = {}
    for path in sorted(root.rglob("*")):
        rel = path.relative_to(root).as_posix()
        if path.is_dir() and not path.is_symlink():
            found[rel] = "dir"
        else:
            found[rel] = hashlib.sha256(path.read_bytes()).hexdigest()
    return found


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A byte-for-byte copy of the installed asset folder, a secret beside it."""
    installed = REAL / "requirejs@2.3.6" / "require.js"
    assert installed.is_file(), "install the page's files: bash scripts/install_assets"
    base = tmp_path_factory.mktemp("assets")
    shutil.copytree(REAL, base / "cdn", symlinks=True)
    (base / "secret.txt").write_bytes(SECRET)
    assert tree_digest(base / "cdn") == tree_digest(REAL)
    return base / "cdn"


@pytest.fixture
def outbound(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """Every attempt to fetch or connect, recorded and refused."""
    from solara.server import cdn_helper

    tried: list[str] = []

    def refuse(what: str) -> Any:
        def call(*args: Any, **kwargs: Any) -> Any:
            tried.append(f"{what} {args[1:] if what == 'connect' else args}")
            raise OSError(f"no internet in this test ({what})")

        return call

    monkeypatch.setattr(cdn_helper, "fetch_from_cdn", refuse("fetch_from_cdn"))
    monkeypatch.setattr(socket.socket, "connect", refuse("connect"))
    monkeypatch.setattr(socket.socket, "connect_ex", refuse("connect"))
    monkeypatch.setattr(socket, "create_connection", refuse("create_connection"))
    monkeypatch.setattr(socket, "getaddrinfo", refuse("getaddrinfo"))
    yield tried


@pytest.fixture
def room(tree: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """The room's application (as ``scripts/app`` builds it) over the copy."""
    from solara.server import settings

    from simulations.room.server import room_app

    app = solara_app(monkeypatch)
    monkeypatch.setattr(settings.assets, "proxy_cache_dir", tree)
    yield room_app("")
    monkeypatch.undo()
    assets.serve_read_only(app)  # the installed folder again


def url(rel: str) -> bytes:
    return (assets.PREFIX + "/" + quote(rel)).encode()


def test_every_file_and_folder_is_served_read_only(
    room: Any, tree: Path, outbound: list[str]
) -> None:
    before = tree_digest(tree)
    folders = [rel for rel, kind in before.items() if kind == "dir"]
    files = [rel for rel, kind in before.items() if kind != "dir"]
    assert len(folders) >= 10 and len(files) >= 100  # the whole real tree
    for rel in ["", *folders]:
        for path in (url(rel).rstrip(b"/"), url(rel).rstrip(b"/") + b"/"):
            for method in ("GET", "HEAD", "PUT", "POST", "DELETE"):
                status, _, _ = ask(room, path, method)
                assert status in (404, 405), (path, method, status)
    for rel in files:
        status, body, _ = ask(room, url(rel))
        assert status == 200, rel
        assert hashlib.sha256(body).hexdigest() == before[rel], rel
        assert ask(room, url(rel), "HEAD")[0] == 200, rel
        for method in ("PUT", "POST", "DELETE", "PATCH"):
            assert ask(room, url(rel), method)[0] == 405, (rel, method)
    assert tree_digest(tree) == before
    assert outbound == []


UNKNOWN = [
    "left-pad@1.3.0/index.js",
    "left-pad",
    "left-pad@1.3.0",
    "@scope/thing@1.0.0/dist/thing.min.js",
    "requirejs@2.3.7/require.js",
    "requirejs@2.3.6/missing.js",
    "requirejs@2.3.6/require.js/x",
    "@widgetti/solara-vuetify3-app@5.2.0/dist/nothing.js",
]

ESCAPES = [
    b"/_solara/cdn/../secret.txt",
    b"/_solara/cdn/../../../../etc/passwd",
    b"/_solara/cdn/%2e%2e/secret.txt",
    b"/_solara/cdn/%2E%2E%2Fsecret.txt",
    b"/_solara/cdn/requirejs@2.3.6/..%2f..%2fsecret.txt",
    b"/_solara/cdn/requirejs@2.3.6/%2e%2e/%2e%2e/secret.txt",
    b"/_solara/cdn/..%5csecret.txt",
    b"/_solara/cdn/requirejs@2.3.6\\..\\..\\secret.txt",
    b"/_solara/cdn//etc/passwd",
    b"/_solara/cdn/%2fetc%2fpasswd",
    b"/_solara/cdn/requirejs@2.3.6%00/require.js",
    b"/_solara/cdn/./../secret.txt",
]


def test_unknown_packages_and_escapes_are_not_found(
    room: Any, tree: Path, outbound: list[str]
) -> None:
    before = tree_digest(tree)
    for rel in UNKNOWN:
        for method in ("GET", "HEAD", "PUT", "POST"):
            status, _, _ = ask(room, url(rel), method)
            assert status in (404, 405), (rel, method, status)
    for raw in ESCAPES:
        for method in ("GET", "PUT", "DELETE"):
            status, body, _ = ask(room, raw, method)
            assert status in (404, 405), (raw, method, status)
            assert SECRET not in body and b"root:" not in body, raw
    assert tree_digest(tree) == before
    assert not (tree / "left-pad@1.3.0").exists()
    assert (tree.parent / "secret.txt").read_bytes() == SECRET
    assert outbound == []


SOLARA_STATIC = [
    b"/static/",
    b"/static/../../../../etc/passwd",
    b"/static/%2e%2e/%2e%2e/server.py",
    b"/static/public/",
    b"/static/public/../../secret.txt",
    b"/static/assets/",
    b"/static/assets/%2e%2e/%2e%2e/x",
    b"/jupyter/nbextensions/",
    b"/jupyter/nbextensions/..%2f..%2f..%2fetc%2fpasswd",
    b"/jupyter/nbextensions/unknown-extension/extension.js",
    b"/jupyter/api/kernels/x",
]


def test_solaras_other_files_neither_fetch_nor_leave_their_folders(
    room: Any, tree: Path, outbound: list[str]
) -> None:
    before = tree_digest(tree)
    for raw in SOLARA_STATIC:
        for method in ("GET", "PUT", "DELETE"):
            status, body, _ = ask(room, raw, method)
            assert status != 500, (raw, method)
            assert b"root:" not in body and SECRET not in body, raw
    assert tree_digest(tree) == before
    assert outbound == []
