"""审计日志 as a report and as `unionapp export audit`: the entries of the filter, newest
first, with what each changed; phones and ID numbers masked unless asked for."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

import openpyxl
import pytest
from sqlalchemy import update

from unionapp import cli
from unionapp.db.models import AuditEntry
from unionapp.domain.members import MemberInput
from unionapp.reports.audit import COLUMNS, audit_report
from unionapp.reports.output import export
from unionapp.services import members, settings
from unionapp.services.audit import AuditFilter

from .conftest import needs_poppler, pdf_text

UNION = "阳光中学工会委员会"
MADE = date(2026, 11, 21)


@pytest.fixture
def history(db):
    """张三 added on 2026-03-02, his phone changed on 2026-05-10, 李梅 added on 2026-07-01."""
    settings.save(db, settings.UnionSettings(union_name=UNION, chair_name="王建国", operator="李老师"))
    zhang = members.add_member(db, MemberInput(name="张三", gender="M", phone="13812345678"))
    data = members.member_input(db, zhang)
    members.update_member(db, zhang, replace(data, phone="13900000000"))
    members.add_member(db, MemberInput(name="李梅", gender="F", phone="13700000000"))
    with db.session() as s:
        ids = sorted(e.id for e in s.query(AuditEntry).filter(AuditEntry.entity == "member"))
        for entry_id, at in zip(
            ids, [datetime(2026, 3, 2, 9, 5), datetime(2026, 5, 10, 10, 32, 7), datetime(2026, 7, 1, 16, 0)]
        ):
            s.execute(update(AuditEntry).where(AuditEntry.id == entry_id).values(at=at))
        s.execute(update(AuditEntry).where(AuditEntry.entity == "settings").values(at=datetime(2026, 1, 5, 8, 0)))
    return zhang


def body(report):
    return [dict(zip([c.key for c in COLUMNS], row)) for row in report.rows]


def test_report_lists_the_filtered_entries_newest_first(db, history):
    flt = AuditFilter(date_from=date(2026, 3, 1), date_to=date(2026, 6, 30), area="members")
    report = audit_report(db, flt, today=MADE)
    assert report.title == f"{UNION}审计日志"
    assert report.subtitle == "2026-03-01 至 2026-06-30，范围：会员　共 2 条（最新的在前）"
    rows = body(report)
    assert [(r["no"], r["date"], r["time"], r["action"], r["entity"]) for r in rows] == [
        (1, date(2026, 5, 10), "10:32:07", "修改", "会员"),
        (2, date(2026, 3, 2), "09:05:00", "新增", "会员"),
    ]
    assert rows[0]["operator"] == "李老师"
    assert "os_user" not in [c.key for c in report.columns]  # the account only in the full export
    assert rows[0]["summary"] == "修改会员 张三：手机号"
    assert rows[0]["changes"] == "手机号：138****5678 → 139****0000"
    assert "手机号：138****5678" in rows[1]["changes"].split("\n")
    assert report.notes == "身份证号、手机号已部分隐藏。" and report.totals == {}


def test_full_numbers_only_when_asked(db, history):
    report = audit_report(db, AuditFilter(action="update"), full_id=True)
    assert body(report)[0]["changes"] == "手机号：13812345678 → 13900000000"
    assert report.notes == ""
    assert [c.header for c in report.columns][-2:] == ["变更内容", "电脑账户"]


def test_operator_column_names_people_and_the_account_only_in_full(db, history):
    with db.session() as s:  # an entry from before anyone was named on its computer
        s.execute(update(AuditEntry).values(os_user="li"))
        s.execute(update(AuditEntry).where(AuditEntry.summary.like("新增会员 李梅%")).values(operator=""))
    masked = body(audit_report(db, AuditFilter(area="members")))
    assert [r["operator"] for r in masked] == ["未登记", "李老师", "李老师"]
    assert not any("li" == v for r in masked for v in r.values())
    full = audit_report(db, AuditFilter(area="members"), full_id=True)
    rows = [dict(zip([c.key for c in full.columns], row)) for row in full.rows]
    assert [(r["operator"], r["os_user"]) for r in rows] == [("未登记", "li"), ("李老师", "li"), ("李老师", "li")]


def test_the_report_is_not_limited_to_a_page(db, history):
    for i in range(600):
        settings.set_values(db, {"dues_fixed_fen": str(1000 + i)})
    assert len(audit_report(db, AuditFilter(area="settings")).rows) == 601


def test_export_to_xlsx_csv_and_pdf(db, history, tmp_path):
    report = audit_report(db, AuditFilter(), today=MADE)
    book = openpyxl.load_workbook(export(report, tmp_path / "审计日志.xlsx").path)
    cells = [list(r) for r in book.active.iter_rows(values_only=True)]
    assert cells[0][0] == f"{UNION}审计日志" and cells[2][0].startswith("全部日期　共 4 条")
    header = cells.index([c.header for c in COLUMNS])
    first = cells[header + 1]
    assert first[1] == datetime(2026, 7, 1) and first[2] == "16:00:00" and first[5] == "会员"
    assert "手机号：137****0000" in first[7]
    assert len([r for r in cells[header + 1 :] if isinstance(r[0], int)]) == 4
    csv_text = export(report, tmp_path / "审计日志.csv").path.read_text(encoding="utf-8-sig")
    assert "139****0000" in csv_text and "13900000000" not in csv_text


@needs_poppler
def test_pdf_reads_in_chinese(db, history, tmp_path):
    path = export(audit_report(db, AuditFilter(), today=MADE), tmp_path / "审计日志.pdf").path
    text = pdf_text(path)
    assert f"{UNION}审计日志" in text and "138****5678 → 139****0000" in text and "制表人" in text


def test_command_line_export_between_dates(db, history, tmp_path, capsys):
    url = db.url.render_as_string(hide_password=False)
    out = tmp_path / "audit.xlsx"
    assert cli.main(["--db", url, "export", "audit", "-o", str(out), "--from", "2026-05-01", "--to", "2026-07-01"]) == 0
    said = capsys.readouterr()
    assert said.out.strip() == f"已导出 2 行到 {out}（身份证号、手机号已部分隐藏）" and said.err == ""
    cells = [list(r) for r in openpyxl.load_workbook(out).active.iter_rows(values_only=True)]
    assert cells[2][0].startswith("2026-05-01 至 2026-07-01")
    assert cli.main(["--db", url, "export", "audit", "-o", str(out), "--from", "2026-08-01", "--to", "2026-07-01"]) == 1
    assert "晚于截止日期" in capsys.readouterr().err
