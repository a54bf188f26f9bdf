"""Notebook outputs and texts as printable Markdown, for :mod:`exercises.make_print`.

* :func:`html_table` - a pandas table (its HTML) as a Markdown table;
* :func:`output_blocks` - the outputs of one executed cell as Markdown blocks
  (tables, Markdown, printed text; figures are saved next to the Markdown);
* :func:`on_paper` - the text of an exercise as it reads on paper: no code
  spans, no instructions about cells to run.
"""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from pathlib import Path
from typing import Any


class _Table(HTMLParser):
    """The rows of the first HTML table: (cells, is a header row); spans filled."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[tuple[list[tuple[str, int, int]], bool]] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)
        self._head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "thead":
            self._head = True
        elif tag == "tr":
            self.rows.append(([], self._head))
        elif tag in ("th", "td"):
            found = dict(attrs)
            self._span = (
                int(found.get("rowspan") or 1),
                int(found.get("colspan") or 1),
            )
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._head = False
        elif tag in ("th", "td") and self._cell is not None and self.rows:
            text = " ".join("".join(self._cell).split())
            self.rows[-1][0].append((text, *self._span))
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _grid(rows: list[list[tuple[str, int, int]]]) -> list[list[str]]:
    """Rows of cells with row and column spans laid out; spanned places left blank."""
    grid: list[list[str]] = []
    pending: dict[int, int] = {}  # column -> rows it stays taken
    for cells in rows:
        line: list[str] = []
        column = 0
        queue = list(cells)
        while queue or any(c >= column for c in pending):
            if pending.get(column, 0) > 0:
                pending[column] -= 1
                line.append("")
                column += 1
                continue
            if not queue:
                break
            text, down, across = queue.pop(0)
            for k in range(across):
                line.append(text if k == 0 else "")
                if down > 1:
                    pending[column + k] = down - 1
            column += across
        grid.append(line)
    width = max((len(line) for line in grid), default=0)
    return [line + [""] * (width - len(line)) for line in grid]


def html_table(html: str) -> str:
    """A pandas table's HTML as a Markdown table (header rows joined into one).

    Examples
    --------
    >>> print(html_table("<table><thead><tr><th></th><th>a</th></tr></thead>"
    ...                  "<tbody><tr><th>x</th><td>1</td></tr></tbody></table>"))
    |  | a |
    | --- | --- |
    | x | 1 |
    """
    parser = _Table()
    parser.feed(html)
    head = [cells for cells, is_head in parser.rows if is_head]
    body = [cells for cells, is_head in parser.rows if not is_head]
    grid = _grid(head + body)
    top, rest = grid[: len(head)], grid[len(head) :]
    width = len(grid[0]) if grid else 0
    header = [" ".join(r[i] for r in top if r[i]).strip() for i in range(width)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"

    return "\n".join([line(header), line(["---"] * width), *map(line, rest)])


def output_blocks(outputs: list[Any], figures: Path, stem: str) -> list[str]:
    """The outputs of one cell as Markdown blocks; figures saved as PNG files.

    A rich output is read from its best form: Markdown, then a table, then an
    image, then plain text. ``figures`` is where images go; the blocks name
    them relative to its parent folder.
    """
    blocks = []
    for k, out in enumerate(outputs):
        data = out.get("data", {})
        if out.get("output_type") == "stream" and out.get("name") == "stdout":
            lines = [ln.rstrip() for ln in out.get("text", "").splitlines()]
            blocks.append("  \n".join(ln for ln in lines if ln))
        elif "text/markdown" in data:
            blocks.append(data["text/markdown"].strip())
        elif "<table" in data.get("text/html", ""):
            blocks.append(html_table(data["text/html"]))
        elif "image/png" in data:
            figures.mkdir(parents=True, exist_ok=True)
            name = f"{stem}-{k}.png"
            (figures / name).write_bytes(base64.b64decode(data["image/png"]))
            blocks.append(f"![]({figures.name}/{name})")
        elif "text/plain" in data:
            blocks.append(data["text/plain"].strip())
    return [b for b in blocks if b]


_QUOTED = re.compile(r'`("[^"`]*")`')
_CODE = re.compile(r"`([^`]+)`")
_FENCE = re.compile(r"^```.*?^```\s*$", re.MULTILINE | re.DOTALL)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z*])")
COMPUTER_ONLY = ("run it again", "into a cell", "Run this cell", "in a cell")
"""Sentences about working in a notebook, left out on paper."""


def on_paper(text: str) -> str:
    """An exercise's Markdown as it reads on paper.

    Examples
    --------
    >>> on_paper('Write `"a"` or `"b"`. To explore, put it into a cell.')
    'Write "a" or "b".'
    >>> on_paper("The cell below runs it; see `...`.")
    'The box below runs it; see ….'
    """
    text = _FENCE.sub("", text)
    text = _QUOTED.sub(r"\1", text).replace("`...`", "…")
    text = _CODE.sub(r"\1", text)
    text = re.sub(r"\b(The|Each) cell below\b", r"\1 box below", text)
    paragraphs = []
    for paragraph in re.split(r"\n\s*\n", text):
        if paragraph.lstrip().startswith("**How to work.**"):
            continue
        sentences = _SENTENCE.split(paragraph)
        kept = [s for s in sentences if not any(p in s for p in COMPUTER_ONLY)]
        if kept:
            paragraphs.append(
                " ".join(kept) if len(kept) < len(sentences) else paragraph
            )
    return "\n\n".join(p.strip("\n") for p in paragraphs if p.strip())
