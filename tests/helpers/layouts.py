"""The layout test bed: every real report rendered into the layouts people feed a parser, by the real
tools that make them (poppler's `pdftotext -layout`, pandoc, markitdown, LibreOffice, Chromium).

Each report of `../shared/reports/expected.json` has a source file and an HTML page: the published page
for an HTML report, else the report re-rendered with its tables in the official layout (rowspan/colspan,
tests/helpers/render.py). From those:

| layout                 | made by                                                           |
|------------------------|-------------------------------------------------------------------|
| pdftotext-layout       | `pdftotext -layout` of the published PDF, else of soffice's PDF     |
| chromium-pdf-layout    | Chromium "print to PDF" of the page (landscape when a table runs    |
|                        | off the page), then `pdftotext -layout`                             |
| chromium-pdf           | that PDF itself (read by our PDF loader)                            |
| soffice-pdf            | `soffice --convert-to pdf` of the page opened in Writer, landscape  |
|                        | (A4, else A3) when its tables run off a portrait page (PDF loader)  |
| soffice-docx           | `soffice --convert-to docx` of the page opened in Writer            |
| pandoc-markdown        | `pandoc -f html -t markdown` (grid/multiline tables, HTML tables)   |
| pandoc-gfm             | `pandoc -f html -t gfm` (pipe tables, raw HTML tables)              |
| pandoc-docx-markdown   | `pandoc -f docx -t markdown` of soffice's DOCX                      |
| markitdown-html        | `markitdown` of the page (pipe tables)                              |
| markitdown-docx        | `markitdown` of soffice's DOCX                                      |
| browser-tsv            | Chromium's `innerText` of the page: what "select all, copy" gives   |

Conversions run in one batch per tool and target (soffice is slow to start) and are cached under
`tests/artifacts/layouts/<digest>/`, the digest covering the inputs' bytes and every tool's version, so a
second run costs nothing. `python -m helpers.layouts` (from tests/, `make fixtures`) builds the cache.

Besides the reports, a few variants of the Shanghai page with other blank cells in table 4's row
(TABLE4_ROWS) are rendered into the two space-aligned layouts (`variant_renderings`).
"""

from __future__ import annotations

import copy
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from helpers.render import to_html
from helpers.reports import ALL_KEYS, REPO, expected, report_path
from ingest import schema
from ingest.load import load
from ingest.parse import parse
from ingest.records import Report

ARTIFACTS = REPO / "tests" / "artifacts" / "layouts"
GENERATOR_VERSION = "4"
LAYOUTS = (
    "pdftotext-layout",
    "chromium-pdf-layout",
    "chromium-pdf",
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
          "chromium-pdf-layout": ".txt", "chromium-pdf": ".pdf"}  # fmt: skip
# The Shanghai page with other figures in table 4's row (None: a blank cell), rendered into the
# space-aligned layouts: rows with blank cells whose columns pdftotext's text may not tell.
TABLE4_PAGE = "shanghai_gov_office_2019.html"
TABLE4_ROWS: dict[str, tuple[int | None, ...]] = {
    "t4-shifted": (None, 3, None, None, 3, 12, None, 4, None, 16, None, None, None, None, None),
    "t4-nine": (56, 60, 63, 0, 179, 3, 72, None, 0, 75, None, None, None, None, None),
    "t4-wide": (61, 79, 118, 6, 264, None, None, None, 0, 0, 35, None, None, 56, 91),
    "t4-totals": (None, None, None, None, 7, None, None, None, None, 9, None, None, None, None, None),
}
VARIANT_LAYOUTS = ("pdftotext-layout", "chromium-pdf-layout")
TOOLS = ("pdftotext", "pandoc", "soffice", "chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


_FIGURE = re.compile(r"\d+(?:\.\d+)?")


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
    for name, values in TABLE4_ROWS.items():
        out[name] = (with_table4_row(out[TABLE4_PAGE][0], values), None)
    return out


def with_table4_row(page: bytes, values: tuple[int | None, ...]) -> bytes:
    """The page with table 4's figure row (its last <tr>) holding `values`, a blank cell as &nbsp;."""
    text = page.decode("utf-8")
    start = text.index("<table", text.index("行政复议、行政诉讼情况"))
    row = text.rindex("<tr>", start, text.index("</table>", start))
    end = text.index("</tr>", row)
    cells = re.findall(r"<td[^>]*>", text[row:end])
    assert len(cells) == len(values), "table 4's row has 15 cells"
    tds = "".join(
        f"{td}{'&nbsp;' if v is None else f'<p>{v}</p>'}</td>" for td, v in zip(cells, values, strict=True)
    )
    return (text[:row] + f"<tr>{tds}" + text[end:]).encode("utf-8")


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
        for key in (*ALL_KEYS, *TABLE4_ROWS)
        for layout in (LAYOUTS if key in ALL_KEYS else VARIANT_LAYOUTS)
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
            _render_one(key, page, work, out, LAYOUTS if key in ALL_KEYS else VARIANT_LAYOUTS)
        folder.parent.mkdir(parents=True, exist_ok=True)
        shutil.copytree(out, folder)
    took = time.perf_counter() - started
    (folder / "done.json").write_text(json.dumps({"versions": versions, "seconds": round(took, 1)}, indent=1))


PAGE_SETUPS = ("@page { size: landscape }", "@page { size: 420mm 297mm }")  # A4, then A3, landscape


def _soffice(pages: list[Path], work: Path) -> None:
    """One soffice call per target format for all pages (its start-up dominates), in a private profile
    so that another soffice running on the machine does not swallow the call. The pages are opened in
    Writer, as a user opening a saved page in LibreOffice does (the Writer/Web export of a headless
    conversion starts on a blank page and drops the page's first paragraph, the title). A page whose
    tables run off the portrait page is printed in landscape, on A3 if A4 is still too narrow, as its
    reader would set it up."""
    for target, folder in (("docx:MS Word 2007 XML", "docx"), ("pdf", "pdf")):
        _soffice_convert(pages, target, work / folder, work)
    cut = [page for page in pages if _runs_off_page(work / "pdf" / f"{page.stem}.pdf")]
    for n, setup in enumerate(PAGE_SETUPS):
        if not cut:
            return
        wider = work / f"page-setup-{n}"
        wider.mkdir()
        for page in cut:
            (wider / page.name).write_bytes(_with_page_style(page.read_bytes(), setup))
        _soffice_convert([wider / page.name for page in cut], "pdf", work / "pdf", work)
        cut = [page for page in cut if _runs_off_page(work / "pdf" / f"{page.stem}.pdf")]
    if cut:
        raise RuntimeError(
            f"soffice cuts the tables of {', '.join(p.name for p in cut)} even on A3 landscape"
        )


def _soffice_convert(pages: list[Path], target: str, outdir: Path, work: Path) -> None:
    profile = (work / "soffice-profile").as_uri()
    cmd = ["soffice", f"-env:UserInstallation={profile}", "--headless", "--infilter=HTML (StarWriter)",
           "--convert-to", target, "--outdir", str(outdir), *map(str, pages)]  # fmt: skip
    _run(cmd)


def _runs_off_page(pdf: Path) -> bool:
    """Whether any printed character lies beyond the page's left or right edge (a table wider than the
    page: LibreOffice, unlike a browser, does not shrink it to fit, and a reader sees it cut)."""
    import pdfplumber

    with pdfplumber.open(pdf) as doc:
        return any(c["x0"] < 0 or c["x1"] > page.width for page in doc.pages for c in page.chars)


def _with_page_style(page: bytes, css: str) -> bytes:
    style = f"<style>{css}</style>".encode()
    marker = page.lower().find(b"</head>")
    return page[:marker] + style + page[marker:] if marker >= 0 else style + page


def _render_one(key: str, page: Path, work: Path, out: Path, layouts: tuple[str, ...]) -> None:
    name = stem(key)
    docx = work / "docx" / f"{name}.docx"
    soffice_pdf = work / "pdf" / f"{name}.pdf"
    published = work / f"{name}.published.pdf"
    layout_source = published if published.exists() else soffice_pdf
    _run(["pdftotext", "-layout", str(layout_source), str(out / f"{name}.pdftotext-layout.txt")])
    chrome_pdf = work / f"{name}.chromium.pdf"
    copied = _inner_text(page)
    _chromium_print(page, chrome_pdf, copied)
    _run(["pdftotext", "-layout", str(chrome_pdf), str(out / f"{name}.chromium-pdf-layout.txt")])
    if "soffice-pdf" not in layouts:
        return
    shutil.copy(chrome_pdf, out / f"{name}.chromium-pdf.pdf")
    shutil.copy(docx, out / f"{name}.soffice-docx.docx")
    shutil.copy(soffice_pdf, out / f"{name}.soffice-pdf.pdf")
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
    (out / f"{name}.browser-tsv.txt").write_text(copied, encoding="utf-8")


def _chromium_print(page: Path, pdf: Path, page_text: str) -> None:
    """Chromium's "print to PDF" of the page; in landscape (A4, else A3) when the print loses figures of
    the page (a table wider than the page is cut at its edge), as its reader would set the print up."""
    figures = Counter(_FIGURE.findall(page_text))
    _run(["chromium", *CHROMIUM_FLAGS, "--no-pdf-header-footer", f"--print-to-pdf={pdf}", page.as_uri()])
    for n, setup in enumerate((None, *PAGE_SETUPS)):
        if setup is not None:
            wider = page.with_name(f"{page.stem}.setup-{n}.html")
            wider.write_bytes(_with_page_style(page.read_bytes(), setup))
            _run(
                [
                    "chromium",
                    *CHROMIUM_FLAGS,
                    "--no-pdf-header-footer",
                    f"--print-to-pdf={pdf}",
                    wider.as_uri(),
                ]
            )
        if not figures - Counter(_FIGURE.findall(_run(["pdftotext", "-layout", str(pdf), "-"]))):
            return
    raise RuntimeError(f"Chromium cuts the tables of {page.name} even on A3 landscape")


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


def expected_tables(key: str) -> dict[str, Any]:
    """The hand-checked tables of a report, or of a table-4 variant (the Shanghai page's, table 4 as set)."""
    if key not in TABLE4_ROWS:
        tables: dict[str, Any] = expected()[key]["tables"]
        return tables
    tables = copy.deepcopy(expected()[TABLE4_PAGE]["tables"])
    values = iter(TABLE4_ROWS[key])
    tables["review_litigation"] = {
        g: {c: next(values) for c in schema.REVIEW_COLUMN_KEYS} for g in schema.REVIEW_GROUP_KEYS
    }
    return tables


def cell_misses(key: str, report: Report) -> list[tuple[str, object, object]]:
    """(path, expected, read) for every hand-checked cell read otherwise."""
    got = report.tables.as_contract()
    out = []
    for table in schema.TABLES:
        for row, columns in expected_tables(key)[table].items():
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
