"""The layout test bed: every real report rendered into the layouts people feed a parser, by the real
tools that make them (poppler's `pdftotext -layout`, pandoc, markitdown, LibreOffice, Chromium).

Each report of `../shared/reports/expected.json` has a source file and an HTML page: the published page
for an HTML report, else the report re-rendered with its tables in the official layout (rowspan/colspan,
tests/helpers/render.py). From those:

| layout                 | made by                                                           |
|------------------------|-------------------------------------------------------------------|
| pdftotext-layout       | `pdftotext -layout` of the published PDF, else of soffice's PDF     |
| chromium-pdf-layout    | Chromium "print to PDF" of the page, then `pdftotext -layout`       |
| soffice-pdf            | `soffice --convert-to pdf` of the page (read by our PDF loader)     |
| soffice-docx           | `soffice --convert-to docx` of the page (read by our DOCX loader)   |
| pandoc-markdown        | `pandoc -f html -t markdown` (grid/multiline tables, HTML tables)   |
| pandoc-gfm             | `pandoc -f html -t gfm` (pipe tables, raw HTML tables)              |
| pandoc-docx-markdown   | `pandoc -f docx -t markdown` of soffice's DOCX                      |
| markitdown-html        | `markitdown` of the page (pipe tables)                              |
| markitdown-docx        | `markitdown` of soffice's DOCX                                      |
| browser-tsv            | Chromium's `innerText` of the page: what "select all, copy" gives   |

Conversions run in one batch per tool and target (soffice is slow to start) and are cached under
`tests/artifacts/layouts/<digest>/`, the digest covering the inputs' bytes and every tool's version, so a
second run costs nothing. `python -m helpers.layouts` (from tests/, `make fixtures`) builds the cache.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pytest

from helpers.render import to_html
from helpers.reports import ALL_KEYS, REPO, expected, report_path
from ingest import schema
from ingest.load import load
from ingest.parse import parse
from ingest.records import Report

ARTIFACTS = REPO / "tests" / "artifacts" / "layouts"
GENERATOR_VERSION = "1"
LAYOUTS = (
    "pdftotext-layout",
    "chromium-pdf-layout",
    "soffice-pdf",
    "soffice-docx",
    "pandoc-markdown",
    "pandoc-gfm",
    "pandoc-docx-markdown",
    "markitdown-html",
    "markitdown-docx",
    "browser-tsv",
)
SUFFIX = {"soffice-pdf": ".pdf", "soffice-docx": ".docx", "browser-tsv": ".txt", "pdftotext-layout": ".txt",
          "chromium-pdf-layout": ".txt"}  # fmt: skip
TOOLS = ("pdftotext", "pandoc", "soffice", "chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


class MissingTool(RuntimeError):
    """A rendering tool is not installed (`make layout-tools` installs them)."""


@dataclass(frozen=True)
class Rendering:
    key: str  # the report's key in expected.json
    layout: str
    path: Path


def stem(key: str) -> str:
    return Path(key).stem


def _run(cmd: list[str], **kwargs: object) -> str:
    out = subprocess.run(cmd, capture_output=True, text=True, check=True, timeout=600, **kwargs)  # type: ignore[call-overload]
    return str(out.stdout)


def tool_versions() -> dict[str, str]:
    """Each tool's version line; MissingTool when one is absent."""
    missing = [t for t in TOOLS if shutil.which(t) is None]
    if missing:
        raise MissingTool(f"not installed: {', '.join(missing)} (make layout-tools)")
    try:
        import markitdown
    except ImportError as exc:
        raise MissingTool("markitdown is not installed (pip install -e '.[test]')") from exc
    pdftotext = subprocess.run(["pdftotext", "-v"], capture_output=True, text=True, check=False).stderr
    return {
        "pdftotext": pdftotext.splitlines()[0],
        "pandoc": _run(["pandoc", "--version"]).splitlines()[0],
        "soffice": _run(["soffice", "--version"]).strip(),
        "chromium": _run(["chromium", "--version"]).strip().splitlines()[-1],
        "markitdown": markitdown.__version__,
        "generator": GENERATOR_VERSION,
    }


@cache
def parsed(key: str):  # type: ignore[no-untyped-def]
    return parse(load(report_path(key), 50 * 2**20))


def sources() -> dict[str, tuple[bytes, bytes | None]]:
    """Per report: its HTML page and its published PDF (None when it was not published as a PDF)."""
    out: dict[str, tuple[bytes, bytes | None]] = {}
    for key in ALL_KEYS:
        path = report_path(key)
        page = path.read_bytes() if path.suffix == ".html" else to_html(parsed(key))
        out[key] = (page, path.read_bytes() if path.suffix == ".pdf" else None)
    return out


def _digest(inputs: dict[str, tuple[bytes, bytes | None]], versions: dict[str, str]) -> str:
    h = hashlib.sha256(json.dumps(versions, sort_keys=True).encode())
    for key in sorted(inputs):
        page, pdf = inputs[key]
        h.update(key.encode() + hashlib.sha256(page).digest() + hashlib.sha256(pdf or b"").digest())
    return h.hexdigest()[:16]


def renderings() -> list[Rendering]:
    """Every (report, layout) file, generated once per digest."""
    versions = tool_versions()
    inputs = sources()
    folder = ARTIFACTS / _digest(inputs, versions)
    if not (folder / "done.json").exists():
        _generate(inputs, folder, versions)
    return [
        Rendering(key, layout, folder / f"{stem(key)}.{layout}{SUFFIX.get(layout, '.md')}")
        for key in ALL_KEYS
        for layout in LAYOUTS
    ]


def _generate(inputs: dict[str, tuple[bytes, bytes | None]], folder: Path, versions: dict[str, str]) -> None:
    started = time.perf_counter()
    for stale in folder.parent.glob("*") if folder.parent.exists() else []:
        shutil.rmtree(stale)  # renderings of older inputs or tool versions
    with tempfile.TemporaryDirectory(prefix="nianbao-layouts-") as tmp:
        work = Path(tmp)
        pages = {}
        for key, (page, pdf) in inputs.items():
            pages[key] = work / f"{stem(key)}.html"
            pages[key].write_bytes(page)
            if pdf is not None:
                (work / f"{stem(key)}.published.pdf").write_bytes(pdf)
        _soffice(list(pages.values()), work)
        out = work / "out"
        out.mkdir()
        for key, page in pages.items():
            _render_one(key, page, work, out)
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(out, folder)
    took = time.perf_counter() - started
    (folder / "done.json").write_text(json.dumps({"versions": versions, "seconds": round(took, 1)}, indent=1))


def _soffice(pages: list[Path], work: Path) -> None:
    """One soffice call per target format for all pages (its start-up dominates), in a private profile
    so that another soffice running on the machine does not swallow the call."""
    profile = (work / "soffice-profile").as_uri()
    for target, folder in (("docx:MS Word 2007 XML", "docx"), ("pdf", "pdf")):
        cmd = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", target,
               "--outdir", str(work / folder), *map(str, pages)]  # fmt: skip
        _run(cmd)


def _render_one(key: str, page: Path, work: Path, out: Path) -> None:
    name = stem(key)
    docx = work / "docx" / f"{name}.docx"
    soffice_pdf = work / "pdf" / f"{name}.pdf"
    published = work / f"{name}.published.pdf"
    shutil.copy(docx, out / f"{name}.soffice-docx.docx")
    shutil.copy(soffice_pdf, out / f"{name}.soffice-pdf.pdf")
    layout_source = published if published.exists() else soffice_pdf
    _run(["pdftotext", "-layout", str(layout_source), str(out / f"{name}.pdftotext-layout.txt")])
    chrome_pdf = work / f"{name}.chromium.pdf"
    _run(
        ["chromium", *CHROMIUM_FLAGS, "--no-pdf-header-footer", f"--print-to-pdf={chrome_pdf}", page.as_uri()]
    )
    _run(["pdftotext", "-layout", str(chrome_pdf), str(out / f"{name}.chromium-pdf-layout.txt")])
    for layout, args in (
        ("pandoc-markdown", ["-f", "html", "-t", "markdown", str(page)]),
        ("pandoc-gfm", ["-f", "html", "-t", "gfm", str(page)]),
        ("pandoc-docx-markdown", ["-f", "docx", "-t", "markdown", str(docx)]),
    ):
        _run(["pandoc", *args, "-o", str(out / f"{name}.{layout}.md")])
    from markitdown import MarkItDown

    converter = MarkItDown()
    for layout, source in (("markitdown-html", page), ("markitdown-docx", docx)):
        text = converter.convert(str(source)).text_content
        (out / f"{name}.{layout}.md").write_text(text, encoding="utf-8")
    (out / f"{name}.browser-tsv.txt").write_text(_inner_text(page), encoding="utf-8")


def _inner_text(page: Path) -> str:
    """What a reader gets by selecting the whole page in Chromium and copying it (cells TAB-separated)."""
    dump = _run(
        [
            "chromium",
            *CHROMIUM_FLAGS,
            "--run-all-compositor-stages-before-draw",
            "--virtual-time-budget=2000",
            "--dump-dom",
            _copy_page(page).as_uri(),
        ]
    )
    start, end = dump.find('<pre id="copy">'), dump.rfind("</pre>")
    import html

    return html.unescape(dump[start + len('<pre id="copy">') : end])


def _copy_page(page: Path) -> Path:
    """The page with a script that puts `document.body.innerText` (the browser's copy text) into a <pre>."""
    script = (
        "<script>window.addEventListener('load',()=>{const t=document.body.innerText;"
        "const p=document.createElement('pre');p.id='copy';p.textContent=t;document.body.replaceChildren(p);});"
        "</script>"
    )
    data = page.read_bytes()
    marker = data.lower().rfind(b"</body>")
    data = data[:marker] + script.encode() + data[marker:] if marker >= 0 else data + script.encode()
    copy = page.with_suffix(".copy.html")
    copy.write_bytes(data)
    return copy


@cache
def by_case() -> dict[tuple[str, str], Rendering]:
    """The renderings by (report, layout); without the tools, a skip here and a failure in CI."""
    try:
        found = renderings()
    except MissingTool as exc:
        if os.environ.get("CI"):
            pytest.fail(f"CI needs the layout tools: {exc}")
        pytest.skip(str(exc))
    return {(r.key, r.layout): r for r in found}


def cell_misses(key: str, report: Report) -> list[tuple[str, object, object]]:
    """(path, expected, read) for every hand-checked cell read otherwise."""
    got = report.tables.as_contract()
    out = []
    for table in schema.TABLES:
        for row, columns in expected()[key]["tables"][table].items():
            for column, value in columns.items():
                actual = got[table].get(row, {}).get(column, "<missing>")
                if actual != value or type(actual) is bool:
                    out.append((f"{table}/{row}/{column}", value, actual))
    return out


if __name__ == "__main__":
    t0 = time.perf_counter()
    found = renderings()
    print(f"{len(found)} renderings in {found[0].path.parent} ({time.perf_counter() - t0:.1f}s)")
    sys.exit(0 if all(r.path.exists() for r in found) else os.EX_SOFTWARE)
