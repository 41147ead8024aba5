"""Word and HTML test documents with merged cells, built in the test's tmp_path."""

from __future__ import annotations

from pathlib import Path

import docx
from docx.table import Table

SEED = Path(__file__).resolve().parents[2] / "corpus" / "gaoqing_county_public_security_2024.txt"


def _merge_down(table: Table, col: int, first: int, last: int) -> None:
    table.cell(first, col).merge(table.cell(last, col))


def docx_with_merged_cells(path: Path) -> Path:
    """A small report: heading, a table-3 excerpt whose group labels are merged down (vMerge) and
    whose header spans columns (gridSpan), prose between tables, and a table-2 excerpt."""
    doc = docx.Document()
    doc.add_paragraph("某某县人民政府2023年政府信息公开工作年度报告")
    doc.add_paragraph("\u3000\u3000一、总体情况")
    doc.add_paragraph("2023 年，我县主动公开政府信息 1136 条。")
    doc.add_paragraph("三、收到和处理政府信息公开申请情况")
    t = doc.add_table(rows=6, cols=5)
    t.cell(0, 0).merge(t.cell(0, 1)).text = "（本列数据的勾稽关系）"
    t.cell(0, 2).merge(t.cell(0, 3)).text = "申请人情况"
    t.cell(0, 4).text = "总计"
    rows = [
        ("（三）不予公开", "1.属于国家秘密", "1", "0", "1"),
        ("", "2.其他法律行政法规禁止公开", "0", "", "0"),
        ("", "3.危及“三安全一稳定”", "2", "1", "3"),
        ("（四）无法提供", "1.本机关不掌握相关政府信息", "4", "0", "4"),
        ("", "2.没有现成信息需要另行制作", "0", "0", "0"),
    ]
    for r, values in enumerate(rows, start=1):
        for c, value in enumerate(values):
            if value:
                t.cell(r, c).text = value
    _merge_down(t, 0, 1, 3)
    _merge_down(t, 0, 4, 5)
    # A label written on two paragraphs in one cell reads as one label.
    t.cell(1, 1).paragraphs[0].text = "1.属于"
    t.cell(1, 1).add_paragraph("国家秘密")
    doc.add_paragraph("二、主动公开政府信息情况")
    t2 = doc.add_table(rows=3, cols=4)
    t2.cell(0, 0).merge(t2.cell(0, 3)).text = "第二十条第（一）项"
    for c, value in enumerate(("信息内容", "本年制发件数", "本年废止件数", "现行有效件数")):
        t2.cell(1, c).text = value
    for c, value in enumerate(("规章", "13", "0", "524")):
        t2.cell(2, c).text = value
    doc.add_paragraph("六、其他需要报告的事项")
    doc.save(str(path))
    return path


GBK_HTML = """<!DOCTYPE html>
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gbk">
<title>年度报告</title><style>p {{ color: red }}</style><script>var x = "导航脚本";</script></head>
<body>
<div class="top-nav"><a href="/">首页</a> | <a href="/x">政务公开</a></div>
<div class="breadcrumb">当前位置：首页 &gt; 年度报告</div>
<table width="100%"><tr><td>
  <div id="zoom">
    <p>某某区人民政府2023年政府信息公开工作年度报告</p>
    <p>&nbsp;&nbsp;一、总体情况</p>
    <p>2023 年，我区在政府网站平台主动公开政府信息 1136 条。<br/>（一）主动公开情况。</p>
    <div>直接写在div里的文字<span>与行内元素</span></div>
    <table border="1">
      <tr><td colspan="3" rowspan="2">（本列数据的勾稽关系）</td><td colspan="2">申请人情况</td></tr>
      <tr><td>自然人</td><td>总计</td></tr>
      <tr><td rowspan="3">三、本年度办理结果</td><td colspan="2">（一）予以公开</td><td>2</td><td>&nbsp;</td></tr>
      <tr><td rowspan="2">（三）不予公开</td><td>1.属于国家秘密</td><td>0</td><td>0</td></tr>
      <tr><td>2.其他法律行政法规禁止公开</td><td>{extra}</td><td>1</td></tr>
      <tr><th colspan="3">四、结转下年度继续办理</th><td>本年新<br/>制作数量</td><td></td></tr>
    </table>
    <p>五、存在的主要问题及改进情况</p>
  </div>
</td></tr></table>
<div class="footer">版权所有：某某区人民政府 联系我们</div>
</body></html>
"""


def gbk_html(path: Path, extra: str = "3") -> Path:
    """A GBK page with a declared charset, chrome around the article, a layout table, and a data
    table with rowspan/colspan, `&nbsp;` and an empty cell."""
    path.write_bytes(GBK_HTML.format(extra=extra).encode("gbk"))
    return path


def docx_in_a_frame(path: Path) -> Path:
    """A report laid out inside a one-cell table (a frame), with a data table nested in it."""
    doc = docx.Document()
    frame = doc.add_table(rows=1, cols=1).cell(0, 0)
    frame.paragraphs[0].text = "一、总体情况"
    frame.add_paragraph("本年度共收到申请6件。")
    inner = frame.add_table(rows=2, cols=2)
    for (r, c), value in {(0, 0): "行政许可", (0, 1): "8320", (1, 0): "行政处罚", (1, 1): "597"}.items():
        inner.cell(r, c).text = value
    frame.add_paragraph("二、主动公开政府信息情况")
    doc.save(str(path))
    return path
