"""The page's front-end files, served read-only from the folder they were installed in.

Solara's own route for ``/_solara/cdn/...`` is a caching proxy of a public CDN:
a file it lacks is fetched from the internet and written into its folder, and
a request for a *folder* deletes that folder first (a clean-up of an old
layout). In a seminar room one such request would break the page for
everyone, and any request for an unknown package would make the server reach
the internet. :func:`serve_read_only` replaces that route with
:class:`AssetFiles`: the files ``scripts/install_assets`` put in the folder
are read and sent, nothing is ever written, deleted or fetched; a folder, a
missing file or a path out of the folder is "Not found"; only GET and HEAD.
"""

from __future__ import annotations

import re
from pathlib import Path

from solara.server.starlette import StaticFilesOptionalAuth
from starlette.applications import Starlette
from starlette.responses import Response
from starlette.routing import Mount
from starlette.types import Scope

PREFIX = "/_solara/cdn"
"""Where the page asks for its front-end files (Solara's CDN route)."""

EXACT_VERSION = re.compile(r"@\d+\.\d+\.\d+(?:[-+][\w.]+)?/")
"""A package's exact version in a path: npm never changes what such a path holds."""


def asset_folder() -> Path:
    """The folder of the front-end files (Solara's CDN folder)."""
    from solara.server import settings

    return Path(settings.assets.proxy_cache_dir)


class AssetFiles(StaticFilesOptionalAuth):
    """The files of one folder as they are: never fetched, written or removed.

    Starlette's own lookup keeps every path inside the folder (``..``,
    absolute paths and symbolic links out of it are refused) and answers a
    folder with "Not found". Solara's class around it compresses each file
    once and keeps the result in memory.
    """

    async def get_response(self, path: str, scope: Scope) -> Response:
        response = await super().get_response(path, scope)
        # A path with an exact version can never hold other bytes: browsers
        # may keep it, so a room's 25 laptops ask for the bundle once each.
        if response.status_code in (200, 304) and EXACT_VERSION.search(path):
            response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
        return response


def serve_read_only(app: Starlette, folder: Path | None = None) -> None:
    """Serve ``PREFIX`` from ``folder`` read-only in Solara's ``app``, in place.

    Solara's proxy route is taken out, whatever its settings say; the page is
    told to load its files from this server (never from a public CDN).
    Calling it again replaces the route (tests give another folder).
    """
    import solara.settings

    solara.settings.assets.proxy = True  # the page asks this server, not a CDN
    routes = app.router.routes
    routes[:] = [r for r in routes if getattr(r, "path", None) != PREFIX]
    files = AssetFiles(directory=folder or asset_folder(), check_dir=False)
    routes.insert(0, Mount(PREFIX, app=files))
