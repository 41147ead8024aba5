"""One run of space-aligned table lines to rows of cells (see `ingest.load.aligned`): captions, header
blocks stacked into headings, and rows whose label words and figures are placed by position."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from ingest.load.aligned_lines import MARKER, Frag, Line, overlap, shared, tokens, width
from ingest.load.normalize import normalize_cell

_TRUST_ROWS = 0.8
_SNAP = 1.5  # a figure of a row with blank cells must lie this close to a column's centre
_REACH = 3.0  # or this close, the only column that close between two neighbours on their columns
_SHORT_PIECE = 4  # characters of a group label's piece in a narrow column
_WIDTHS = (1.0, 1.5, 2.0)  # columns a Chinese character may take in pdftotext's text
_COLUMN_SLACK = 3  # label words starting this close belong to one column
_STACK_GAP = 3  # header words this many lines apart still stack into one heading


@dataclass
class _Part:
    kind: str  # "caption", "header" or "rows"
    lines: list[Line]


def _parts(lines: list[Line]) -> list[_Part]:
    """Captions, header blocks and runs of rows; a header is a run of non-figure lines reaching into the
    figures' columns of the next row (a label never crosses its cell's right border)."""
    parts: list[_Part] = []
    pending: list[Line] = []
    above = {line.index: prev for prev, line in itertools.pairwise(lines) if prev.index == line.index - 1}
    for line in lines:
        if not line.is_anchor:
            pending.append(line)
            continue
        zone = line.values[0].start
        first_header = next(
            (j for j, ln in enumerate(pending) if _is_header(ln, zone, above.get(ln.index))), None
        )
        if first_header is not None:
            before, header = pending[:first_header], pending[first_header:]
            captions = _leading_captions(header)
            _attach_or_caption(parts, before + header[:captions], attach=False)
            parts.append(_Part("header", header[captions:]))
            parts.append(_Part("rows", [line]))
        elif parts and parts[-1].kind == "rows":
            parts[-1].lines += [*pending, line]
        else:
            parts.append(_Part("rows", [*pending, line]))
        pending = []
    _attach_or_caption(parts, pending)
    return parts


def _is_header(line: Line, zone: float, above: Line | None) -> bool:
    """Words reaching into the figures' columns that are no numbered row label (a long label such as
    「（二）部分公开（区分处理的…」 or 「1.本机关不掌握相关政府信」 reaches there too), nor the next
    line of one (「2.申请人逾期未按收费」 over 「通知要求缴纳费用、行」)."""
    numbered = [f for f in above.labels if MARKER.match(f.text)] if above else []
    words = [f for f in line.labels if not MARKER.match(f.text) and not any(_stacked(g, f) for g in numbered)]
    if any(f.start >= zone - 2 for f in words):
        return True  # a heading over the figures
    # a heading line wider than its label column (「信息内容   本年处理决定数量」); one piece of text
    # running past the labels' edge is a label in a narrow column
    return len(line.labels) >= 2 and any(f.end > zone + 2 for f in words)


def _leading_captions(header: list[Line]) -> int:
    """How many lines open a header as captions: one-fragment lines set apart by a blank line
    (「第二十条第（一）项」 centred over the table)."""
    k = 0
    while k + 1 < len(header) and len(header[k].labels) == 1 and header[k + 1].blank:
        k += 1
        while k < len(header) and header[k].blank:
            k += 1
    return k if k < len(header) else 0


def _attach_or_caption(parts: list[_Part], lines: list[Line], attach: bool = True) -> None:
    """Lines after a table's last row: its wrapped label's tail while they follow without a gap and do
    not start a new label, else captions (「第二十条第（五）项」); lines before the next table's header
    are its captions."""
    tail: list[Line] = []
    k = 0
    if attach and parts and parts[-1].kind == "rows":
        last = parts[-1].lines[-1].index
        while k < len(lines) and lines[k].labels and lines[k].index == last + 1 + k:
            if MARKER.match(lines[k].labels[0].text):
                break
            tail.append(lines[k])
            k += 1
        parts[-1].lines += tail
    captions = [ln for ln in lines[k:] if not ln.blank]
    if captions:
        parts.append(_Part("caption", captions))


def table_rows(lines: list[Line]) -> list[list[str]]:
    rows: list[list[str]] = []
    header_lines: list[Line] = []
    for part in _parts(lines):
        if part.kind == "caption":
            rows += [[normalize_cell(" ".join(f.text for f in ln.labels))] for ln in part.lines]
        elif part.kind == "header":
            stacks = _stacks(part.lines)
            rows.append([normalize_cell(s.text) for s in stacks])
            header_lines = part.lines
        else:
            rows += _row_cells(part.lines, header_lines)
    return rows


def _stacks(lines: list[Line]) -> list[Frag]:
    """Header words stacked into headings: a word continues the heading above it when their columns
    overlap (「商业企」 over 「业」); headings in the order they start."""
    stacks: list[tuple[Frag, int]] = []  # (heading so far, last line)
    for line in lines:
        for frag in (w for f in line.labels for w in _header_words(f)):
            for k in range(len(stacks) - 1, -1, -1):
                top, last = stacks[k]
                if last < line.index and line.index - last <= _STACK_GAP and overlap(top, frag):
                    stacks[k] = (
                        Frag(min(top.start, frag.start), max(top.end, frag.end), top.text + frag.text),
                        line.index,
                    )
                    break
            else:
                stacks.append((frag, line.index))
    return sorted((s for s, _ in stacks), key=lambda f: f.start)


def _header_words(frag: Frag) -> list[Frag]:
    """Headings printed one space apart (「上一年项目数量 本年增/减」) are separate; a lone character
    beside another (「总 计」) is one word spaced out."""
    words = tokens(frag)
    if all(len(w.text) >= 2 for w in words):
        return words
    return [frag]


def _leaves(lines: list[Line], wide: float) -> list[Frag]:
    """Header words with no header word under them: the columns (「申请人情况」 spans several)."""
    words = [(ln.index, w) for ln in lines for f in ln.labels for w in tokens(f, wide)]
    return sorted(
        (w for i, w in words if not any(j > i and overlap(w, v) for j, v in words)), key=lambda w: w.start
    )


def _row_cells(lines: list[Line], header: list[Line]) -> list[list[str]]:
    """Rows in printed order: each anchor with its labels and placed figures, and a row whose
    figures are all blank (nothing on its line but its label) with blank figures."""
    anchors = [ln for ln in lines if ln.is_anchor]
    columns = _value_columns(anchors, header)
    n_values = max(len(columns), max(len(a.values) for a in anchors))
    placed = _placed_by_page(anchors, columns)
    rows = []
    for index, labels in sorted(_labels_by_row(lines, anchors).items()):
        values = placed.get(index, [""] * n_values)
        # no empty label cells: beside the figures they would read as blank figures, and a row cut
        # short (columns off the page) must not shift its figures into other columns
        rows.append([normalize_cell(t) for t in labels if t.strip()] + values)
    return rows


def _placed_by_page(anchors: list[Line], columns: list[float]) -> dict[int, list[str]]:
    """Each anchor's figures by column. pdftotext measures each page on its own (and closes up empty
    columns), so a page whose rows do not sit on the table's columns is read against its own widest
    row, taken to print the same columns as the table's widest row. That row must sit on the columns
    itself (a table-4 row with blank cells fills some of its columns, and which ones its text does not
    tell: an unchecked alignment would put its figures under other headings)."""
    widest = max(len(a.values) for a in anchors)
    reference = next((a for a in anchors if len(a.values) == widest), anchors[0])
    sure = _placement(reference.values, columns) if columns and widest < len(columns) else None
    pattern = sure or []
    out: dict[int, list[str]] = {}
    for page in dict.fromkeys(a.page for a in anchors):
        mine = [a for a in anchors if a.page == page]
        local = [a for a in mine if len(a.values) == widest]
        fits = all(_fits(a.values, columns) for a in mine)
        for a in mine:
            if fits or not local or len(pattern) != widest or len(columns) <= widest:
                out[a.index] = _place(a.values, columns)
                continue
            own = [sum(r.values[k].center for r in local) / len(local) for k in range(widest)]
            spots = _place(a.values, own)
            row = [""] * len(columns)
            for k, text in enumerate(spots if len(spots) == widest else []):
                row[pattern[k]] = text
            out[a.index] = row if len(spots) == widest else spots
    return out


def _fits(values: list[Frag], columns: list[float]) -> bool:
    return len(values) >= len(columns) or all(
        min(abs(v.center - c) for c in columns) <= _SNAP for v in values
    )


def _value_columns(anchors: list[Line], header: list[Line]) -> list[float]:
    """Column centres: the headings over the figures when rows leave many columns blank (read at the
    character width that lines them up best with the figures), else the rows printing the most figures
    (a heading spaced out as 「总 计」 must not add a column when a row fills nearly every one)."""
    widest = max(len(a.values) for a in anchors)
    zone = min(a.values[0].start for a in anchors)
    full = [a for a in anchors if len(a.values) == widest]
    best: tuple[float, list[float]] | None = None
    for wide in _WIDTHS:
        heads = [h.center for h in _leaves(header, wide) if h.end > zone + 1]
        if (
            widest <= len(heads) <= 2 * widest + 2
            and widest < _TRUST_ROWS * len(heads)
            and _spans(heads, anchors)
        ):
            cost = sum(_align(a.values, heads)[0] for a in full)
            if best is None or cost < best[0]:
                best = (cost, heads)
    if best is not None:
        return best[1]
    return [sum(a.values[i].center for a in full) / len(full) for i in range(widest)]


def _spans(heads: list[float], anchors: list[Line]) -> bool:
    """Whether the headings are on the figures' scale: the leftmost figure sits on the first heading and
    the rightmost on the last. pdftotext counts one column per character between headings one space
    apart and spreads figures by their distance, so a run of headings can end well short of its
    figures' columns, and a figure would sit on the heading of the column left of its own. Judged on
    the first page of the rows (the headings' page: pdftotext measures each page on its own)."""
    mine = [a for a in anchors if a.page == anchors[0].page]  # pdftotext measures each page apart
    left = min(a.values[0].center for a in mine)
    right = max(a.values[-1].center for a in mine)
    return abs(left - heads[0]) <= _SNAP and abs(right - heads[-1]) <= _SNAP


def _place(values: list[Frag], columns: list[float]) -> list[str]:
    """Figures into columns in order, each to a column near it (fewest total distance). A figure
    that lies between columns is not guessed at: the row keeps its figures unplaced (too few cells
    to be read), so its cells stay unknown rather than land in a neighbour's column."""
    if len(values) >= len(columns):
        return [v.text for v in values]
    spots = _placement(values, columns)
    if spots is None:
        return [v.text for v in values]
    out = [""] * len(columns)
    for v, j in zip(values, spots, strict=True):
        out[j] = v.text
    return out


def _placement(values: list[Frag], columns: list[float]) -> list[int] | None:
    """The column of each figure, when every one is sure: on its column (within _SNAP), or between
    two figures on theirs with only one column near it (within _REACH) between them (「2」 half-way
    between 法律服务机构 and 其他 is 法律服务机构's when 「35」 sits on 商业企业 and 「1」 on 其他)."""
    spots = _align(values, columns)[1]
    on = [abs(v.center - columns[j]) <= _SNAP for v, j in zip(values, spots, strict=True)]
    for k, (v, j) in enumerate(zip(values, spots, strict=True)):
        if on[k]:
            continue
        if not (0 < k < len(spots) - 1 and on[k - 1] and on[k + 1]):
            return None
        near = [c for c in range(spots[k - 1] + 1, spots[k + 1]) if abs(v.center - columns[c]) <= _REACH]
        if near != [j]:
            return None
    return spots


def _align(values: list[Frag], columns: list[float]) -> tuple[float, list[int]]:
    """(total distance, column of each figure) of the in-order placement with the least total distance."""
    n, m = len(values), len(columns)
    if n > m:
        return float("inf"), list(range(n))
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    cost[0] = [0.0] * (m + 1)
    for i in range(1, n + 1):
        for j in range(i, m + 1):
            cost[i][j] = min(cost[i][j - 1], cost[i - 1][j - 1] + abs(values[i - 1].center - columns[j - 1]))
    spots = [0] * n
    i, j = n, m
    while i > 0:
        if cost[i][j] == cost[i][j - 1] and j > i:
            j -= 1
        else:
            spots[i - 1] = j - 1
            i, j = i - 1, j - 1
    return cost[n][m], spots


def _label_columns(lines: list[Line]) -> list[list[tuple[int, str]]]:
    """Label words by column, each column's words in line order. Columns are where words start; a word
    that does not start a label and lies under a word of the line above continues that word's column
    (a wrapped label's second line is centred: 「5.要求行政机关确认或重」 over 「已获取信息」)."""
    starts = sorted({f.start for ln in lines for f in ln.labels})
    edges: list[float] = []
    for s in starts:
        if not edges or s - edges[-1] > _COLUMN_SLACK:
            edges.append(s)
    columns: list[list[tuple[int, str]]] = [[] for _ in edges]
    above: list[tuple[Frag, int]] = []
    for line in lines:
        placed: list[tuple[Frag, int]] = []
        for f in (part for frag in line.labels for part in _split_at_edges(frag, edges)):
            c = max(k for k, e in enumerate(edges) if e <= f.start)
            under = [(shared(g, f), k) for g, k in above if _stacked(g, f)]
            if under and not MARKER.match(f.text):
                c = max(under)[1]
            columns[c].append((line.index, f.text))
            placed.append((f, c))
        if placed or not line.blank:
            above = placed
    return columns


def _stacked(above: Frag, below: Frag) -> bool:
    """Whether a word sits under another for half its width or the other's: a sliver of overlap is
    the estimated end of a short label reaching past the next column's start (「不予处」 beside 「3.」)."""
    return shared(above, below) >= 0.5 * min(above.end - above.start, below.end - below.start)


def _split_at_edges(frag: Frag, edges: list[float]) -> list[Frag]:
    """A short word one space before another column's start is that column's neighbour, not its
    label: in a narrow table 「其他处 期不补正、行政机关不」 is the group label's piece and the row label's."""
    head, sep, rest = frag.text.partition(" ")
    if not sep or len(head) > _SHORT_PIECE:
        return [frag]
    at = frag.start + len(head) + 1  # the character position pdftotext wrote the next word at
    if not any(abs(at - e) <= 1 and e > frag.start + _COLUMN_SLACK for e in edges):
        return [frag]
    first = Frag(frag.start, frag.start + width(head), head)
    return [first, Frag(at, at + width(rest), rest)]


def _labels_by_row(lines: list[Line], anchors: list[Line]) -> dict[int, list[str]]:
    """Label cells, one per label column, by the line of their row: each anchor's, and a row of its
    own for each further label that starts a new label between two anchors (its figures are blank)."""
    columns = _label_columns(lines)
    rows = {a.index: [""] * len(columns) for a in anchors}
    rightmost = {a.index: _own_label_column(columns, a.index) for a in anchors}
    for c, words in enumerate(columns):
        filled = {index for index, _ in words}
        given: dict[int, list[tuple[int, str]]] = {}
        for anchor, (index, text) in zip(_assign(words, anchors, filled), words, strict=True):
            given.setdefault(anchor, []).append((index, text))
        for anchor, mine in given.items():
            for line, text in _own_label(
                anchor, mine, rightmost[anchor] not in (-1,) and c > rightmost[anchor]
            ):
                rows.setdefault(line, [""] * len(columns))[c] += text
    return rows


def _own_label_column(columns: list[list[tuple[int, str]]], anchor: int) -> int:
    """The column of the label that starts on the anchor's own line and is its rightmost word there
    (「（七）总计」), or -1 (nothing there, or only the tail of a wrapped label)."""
    on_line = [(c, text) for c, words in enumerate(columns) for i, text in words if i == anchor]
    if not on_line:
        return -1
    c, text = max(on_line)
    return c if MARKER.match(text) else -1


def _own_label(anchor: int, words: list[tuple[int, str]], right_of_own: bool) -> list[tuple[int, str]]:
    """Words given to one anchor that hold several labels (「2.…」「3.…」 of rows printing no figure):
    the label on the anchor's line, or the nearest, stays; the others get rows of their own. Right of
    the label printed on the anchor's own line, a new label is never the anchor's (「（七）总计」 is not
    「5.要求行政机关确认…」 printed lines above it)."""
    groups: list[list[tuple[int, str]]] = []
    for index, text in words:
        if not groups or MARKER.match(text):
            groups.append([])
        groups[-1].append((index, text))
    if len(groups) == 1 and not (right_of_own and MARKER.match(words[0][1])):
        return [(anchor, text) for _, text in words]
    on_line = [g for g in groups if any(i == anchor for i, _ in g)]
    if on_line:
        keep: list[tuple[int, str]] | None = on_line[0]
    elif right_of_own:
        keep = groups[0] if not MARKER.match(groups[0][0][1]) else None
    else:
        keep = min(groups, key=lambda g: min(abs(i - anchor) for i, _ in g))
    out = [(anchor, text) for _, text in keep] if keep else []
    for group in groups:
        if group is not keep:
            out += [(group[0][0], text) for _, text in group]
    return out


def _assign(words: list[tuple[int, str]], anchors: list[Line], filled: set[int]) -> list[int]:
    """The anchor line each word of one label column goes to (see the module docstring)."""
    spots = [a.index for a in anchors]
    out: list[int] = []
    for k, (index, text) in enumerate(words):
        if index in spots:
            out.append(index)
            continue
        if k and words[k - 1][0] == index - 1 and not MARKER.match(text):
            out.append(out[-1])  # the next line of a wrapped label stays with its first line
            continue
        before = max((s for s in spots if s < index), default=None)
        after = min((s for s in spots if s > index), default=None)
        if before is None or after is None:
            out.append(after if before is None else before)  # type: ignore[arg-type]
            continue
        between = [(i, t) for i, t in words if before < i < after]
        marker = next((i for i, t in between if MARKER.match(t)), None)
        if marker is not None:
            out.append(before if index < marker else after)
        elif after in filled:
            out.append(before)
        elif before in filled:
            out.append(after)
        else:
            out.append(before if index - before <= after - index else after)
    return out
