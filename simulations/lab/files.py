"""Scenario files (TOML) and reports (HTML) on disk, for the lab.

Files live in one folder (``CFL_LAB_DIR``, or the current directory) under
plain names: no other folder can be reached from the page. Each function
either does its job or raises :class:`FileError` with the sentence the page
shows ("Cannot save: ...", "Cannot load: ...").
"""

from __future__ import annotations

import hashlib
import os
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

from ..i18n import _
from ..parameters import ParameterError, Scenario
from ..present.format import fixed, number

DIR_ENV = "CFL_LAB_DIR"
"""Environment variable with the folder of saved scenarios and reports."""

REPORT_NAME = "policy_report.html"
"""The report's file name in the browser when the typed name cannot be used."""


UPLOAD_LIMITS_MB: dict[str, float] = {"scenario": 1.0, "transactions": 200.0}
"""Largest upload of each kind, in MB (``CFL_UPLOAD_MB_<KIND>`` overrides one)."""


def upload_limit(kind: str) -> int:
    """Largest upload of ``kind`` in bytes (``CFL_UPLOAD_MB_SCENARIO`` etc.)."""
    text = os.environ.get(f"CFL_UPLOAD_MB_{kind.upper()}", "").strip()
    try:
        megabytes = float(text) if text else UPLOAD_LIMITS_MB[kind]
    except ValueError:
        megabytes = UPLOAD_LIMITS_MB[kind]
    return int(megabytes * 1024 * 1024)


def visitor_folder(root: Path, token: str) -> Path:
    """The folder of one visitor's files: a hash of the token, never the token.

    Examples
    --------
    >>> visitor_folder(Path("lab"), "secret").parent.as_posix()
    'lab/visitors'
    """
    digest = hashlib.sha256(token.encode("utf-8")).hexdigest()[:32]
    return root / "visitors" / digest


def listing(folder: Path) -> list[str]:
    """The scenario files and reports in ``folder``, by name."""
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.suffix in (".toml", ".html"))


class FileError(Exception):
    """A file the lab cannot write or read; the message says why."""


def lab_folder(folder: str | Path | None = None) -> Path:
    """The folder of the lab's files: ``folder``, ``CFL_LAB_DIR`` or the cwd."""
    return Path(folder or os.environ.get(DIR_ENV) or Path.cwd())


def plain_path(folder: Path, name: str, suffix: str) -> Path:
    """A file in ``folder`` from a plain name; no other directory.

    Raises :class:`ParameterError` for a name with a folder in it.

    Examples
    --------
    >>> plain_path(Path("lab"), "my policy.toml", ".toml").as_posix()
    'lab/my policy.toml'
    >>> plain_path(Path("lab"), "../up", ".toml")
    Traceback (most recent call last):
    ...
    simulations.parameters...ParameterError: file name '../up' is not allowed; ...
    """
    text = name.strip()
    for known in (".toml", ".html"):
        text = text.removesuffix(known)
    if (
        not text
        or text.startswith(".")
        or any(c in text for c in "/\\:")
        or Path(text).name != text
    ):
        raise ParameterError(
            _(
                "file name {name!r} is not allowed; give a plain name such as "
                "my_policy (no folders)"
            ).format(name=text)
        )
    return folder / f"{text}{suffix}"


def report_name(name: str) -> str:
    """The report's file name for a download link.

    Examples
    --------
    >>> report_name("my_policy"), report_name("../x")
    ('my_policy.html', 'policy_report.html')
    """
    try:
        return plain_path(Path(), name, ".html").name
    except ParameterError:
        return REPORT_NAME


def _failed(verb: str, err: Exception) -> FileError:
    reason = (err.strerror or err) if isinstance(err, OSError) else err
    if verb == "save":
        return FileError(_("Cannot save: {reason}").format(reason=reason))
    return FileError(_("Cannot load: {reason}").format(reason=reason))


def save_scenario(folder: Path, name: str, build: Callable[[], Scenario]) -> Path:
    """Write the scenario ``build()`` returns to ``<name>.toml``.

    The name is checked before the scenario is built, so a bad name is
    reported first; an impossible scenario writes nothing.
    """
    try:
        path = plain_path(folder, name, ".toml")
        scenario = build()
        folder.mkdir(parents=True, exist_ok=True)
        scenario.to_toml(path)
    except (ParameterError, OSError) as err:
        raise _failed("save", err) from err
    return path


def read_scenario(folder: Path, name: str) -> tuple[str, str]:
    """The text of ``<name>.toml`` and its file name."""
    try:
        path = plain_path(folder, name, ".toml")
        if not path.exists():
            raise ParameterError(
                _("there is no saved scenario {name!r}").format(name=path.name)
            )
        return path.read_text(encoding="utf-8"), path.name
    except (ParameterError, OSError) as err:
        raise _failed("load", err) from err


def parse_scenario(text: str, origin: str, folder: Path | None = None) -> Scenario:
    """A scenario from TOML text; ``origin`` names it in messages.

    ``folder``: where a saved scenario lies (a calibrated business's customers
    file beside it is read); None for an upload, which may name no file.
    """
    try:
        return Scenario.from_toml_text(text, origin=origin, folder=folder)
    except ParameterError as err:
        raise _failed("load", err) from err


def uploaded(item: Mapping[str, Any], kind: str = "scenario") -> tuple[str, str]:
    """The text and file name of a file uploaded through the page.

    Refuses a file over the size limit of its kind (:func:`upload_limit`).
    """
    name = str(item.get("name", "upload.toml"))
    size = len(item.get("content", b""))
    limit = upload_limit(kind)
    if size > limit:
        if kind == "scenario":
            text = _(
                "Cannot load: {name} is {size} MB; a scenario file can be at most "
                "{limit} MB"
            )
        else:
            text = _(
                "Cannot load: {name} is {size} MB; a transactions file can be at "
                "most {limit} MB"
            )
        raise FileError(
            text.format(
                name=name, size=fixed(size / 2**20, 1), limit=number(limit / 2**20)
            )
        )
    try:
        return bytes(item["content"]).decode("utf-8"), name
    except UnicodeDecodeError as err:
        raise FileError(
            _("Cannot load: {name} is not text").format(name=item.get("name", "file"))
        ) from err


def save_report(folder: Path, name: str, report: str) -> Path:
    """Write an HTML report to ``<name>.html``."""
    try:
        path = plain_path(folder, name, ".html")
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(report, encoding="utf-8")
    except (ParameterError, OSError) as err:
        raise _failed("save", err) from err
    return path
