"""export(): format by extension, CSV, cancel and progress, and the ways writing can fail.
Whatever happens, no half-written file is left behind and an old file survives."""

from __future__ import annotations

import csv
import errno
import os
import tempfile

import pytest
from openpyxl.worksheet._writer import ALL_TEMP_FILES

from unionapp.domain.errors import DomainError
from unionapp.reports import files
from unionapp.reports.members import roster
from unionapp.reports.output import ExportCancelled, ExportError, export, format_for

from .conftest import TODAY, many_members, member, money_report

FORMATS = ("xlsx", "pdf", "csv")


def big(n=1000):
    return roster(many_members(n), "某某中学工会委员会", today=TODAY)


def leftovers(folder) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_csv_has_a_bom_chinese_headers_and_plain_values(tmp_path):
    rows = [member(id=1, notes='=HYPERLINK("x")'), member(id=2, name="张𠮷")]
    path = tmp_path / "名单.csv"
    export(roster(rows, "工会", today=TODAY), path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    with open(path, encoding="utf-8-sig", newline="") as f:
        table = list(csv.reader(f))
    assert table[0][:6] == ["序号", "姓名", "性别", "出生日期", "身份证号", "手机号"]
    assert table[1][3] == "1970-05-12" and "********" in table[1][4] and table[1][5] == "138****5678"
    assert table[1][11] == '\'=HYPERLINK("x")'  # never a formula when Excel opens it
    assert table[2][1] == "张𠮷"


def test_csv_money_without_grouping_and_totals(tmp_path):
    path = tmp_path / "支出.csv"
    export(money_report(), path)
    table = list(csv.reader(open(path, encoding="utf-8-sig", newline="")))
    assert table[1][3] == "1234.50" and table[-1][0] == "合计" and table[-1][3] == "2234.55"


def test_format_comes_from_the_extension_unless_given(tmp_path):
    assert format_for("a.XLSX") == "xlsx"
    assert format_for("a.txt", "pdf") == "pdf"
    with pytest.raises(ExportError, match="不支持的文件类型“.doc”"):
        export(money_report(), tmp_path / "a.doc")
    with pytest.raises(ExportError, match="文件夹"):
        export(money_report(), tmp_path, "xlsx")
    result = export(money_report(), tmp_path / "支出", "pdf")
    assert result.format == "pdf" and (tmp_path / "支出").read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("fmt", FORMATS)
def test_cancel_leaves_no_file_and_keeps_the_old_one(tmp_path, fmt):
    target = tmp_path / f"花名册.{fmt}"
    target.write_bytes(b"old")
    calls = []

    def cancelled() -> bool:
        calls.append(1)
        return len(calls) > 2  # after a few hundred rows

    with pytest.raises(ExportCancelled):
        export(big(), target, cancelled=cancelled)
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == [target.name]
    target.unlink()
    with pytest.raises(ExportCancelled):
        export(big(), target, cancelled=lambda: True)
    assert leftovers(tmp_path) == []
    assert not ALL_TEMP_FILES  # openpyxl's own sheet file in the system temp folder is gone too


@pytest.mark.parametrize("fmt", FORMATS)
def test_progress_reaches_the_end(tmp_path, fmt):
    seen = []
    export(big(), tmp_path / f"a.{fmt}", progress=lambda done, total: seen.append((done, total)))
    assert seen and seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_unwritable_folder_is_a_chinese_message(tmp_path, monkeypatch):
    def refuse(*_args, **_kwargs):
        raise PermissionError(errno.EACCES, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    with pytest.raises(DomainError, match="没有权限在文件夹.*请选择其他位置"):
        export(money_report(), tmp_path / "a.xlsx")
    assert leftovers(tmp_path) == []


@pytest.mark.skipif(os.name != "posix" or os.geteuid() == 0, reason="root writes anywhere")
def test_read_only_folder_for_real(tmp_path):
    folder = tmp_path / "只读"
    folder.mkdir(mode=0o555)
    with pytest.raises(ExportError, match="没有权限"):
        export(money_report(), folder / "a.pdf")
    assert leftovers(folder) == []


def test_missing_folder(tmp_path):
    with pytest.raises(ExportError, match="不存在"):
        export(money_report(), tmp_path / "没有这个文件夹" / "a.csv")


@pytest.mark.parametrize("fmt", FORMATS)
def test_file_open_in_excel_is_explained_and_kept(tmp_path, monkeypatch, fmt):
    """Windows refuses to replace a file Excel has open: PermissionError on the rename."""
    target = tmp_path / f"花名册.{fmt}"
    target.write_bytes(b"old")

    def locked(_src, _dst):
        raise PermissionError(errno.EACCES, "The process cannot access the file", str(target))

    monkeypatch.setattr(files.os, "replace", locked)
    with pytest.raises(ExportError, match="正在 Excel、WPS 或其他程序中打开"):
        export(big(50), target)
    assert target.read_bytes() == b"old"
    assert leftovers(tmp_path) == [target.name]


def test_disk_full_mid_write_removes_the_partial_file(tmp_path, monkeypatch):
    from reportlab.pdfgen.canvas import Canvas

    def full(self, *_args):
        with open(self._filename, "wb") as f:
            f.write(b"%PDF-1.3 partial")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(Canvas, "save", full)
    with pytest.raises(ExportError, match="磁盘空间不足"):
        export(big(50), tmp_path / "a.pdf")
    assert leftovers(tmp_path) == []


def test_messages_for_other_errors(tmp_path):
    target = tmp_path / "a.xlsx"
    assert "太长" in files.message_for(OSError(errno.ENAMETOOLONG, "x"), target)
    assert "磁盘空间不足" in files.message_for(OSError(errno.ENOSPC, "x"), target)
    assert "U 盘" in files.message_for(OSError(errno.EIO, "I/O error"), target)
    other = files.message_for(OSError(errno.ELOOP, "Too many levels of symbolic links"), target)
    assert other.startswith("保存“a.xlsx”失败") and "symbolic" not in other


def test_a_file_where_the_folder_should_be(tmp_path):
    (tmp_path / "文件").write_text("x")
    with pytest.raises(ExportError, match="不存在"):
        export(money_report(), tmp_path / "文件" / "a.pdf")
