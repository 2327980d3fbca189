"""Dialogs of the 体检 tab's list: a bulk status change (with its date, reason or note),
picking members to add, and the preview of a hospital's receipt before it is imported."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCore import QSize, QTimer
from PySide6.QtWidgets import (
    QCheckBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from unionapp.domain.checkups import ATTENDED, PERSON_STATUS_LABELS
from unionapp.domain.dates import format_date
from unionapp.domain.labels import GENDER_LABELS, MEMBER_STATUS_LABELS
from unionapp.domain.pinyin import normalize_query
from unionapp.services.checkups import CampaignRow
from unionapp.services.members import MemberRow, text_matches
from unionapp.ui.widgets.common import PlainTableModel, list_table
from unionapp.ui.widgets.forms import FormDialog, read_date
from unionapp.ui.widgets.import_dialog import PlanPreviewDialog
from unionapp.ui.widgets.screen_fit import fit_window

ABSENCE_REASONS = ["病假", "产假", "外出学习/出差", "已在其他医院体检", "本人放弃"]
HEALTH_NOTE = "复查说明属于健康信息：只写简短提示（如“3个月后复查”），不要记录具体检查结果。"


def default_checkup_day(campaign: CampaignRow, today: date) -> date:
    """Today, moved into the campaign's dates."""
    return min(max(today, campaign.date_from), campaign.date_to)


def date_problem(campaign: CampaignRow, day: date, today: date) -> str | None:
    """The service's rule (services.checkup_people._check_checkup_date), told while typing."""
    if not campaign.date_from <= day <= campaign.date_to:
        return f"体检日期 {day} 不在本次体检的日期范围（{campaign.date_from} 至 {campaign.date_to}）内。"
    if day > today:
        return f"体检日期 {day} 还没到，不能标为已体检。"
    return None


class StatusDialog(FormDialog):
    """标为已体检 (a date), 未参加 (a reason) or 需复查 (a date and a short note) for the
    selected people. `apply(status, day, reason, note)` writes; its errors keep the form open."""

    def __init__(
        self,
        parent: QWidget | None,
        campaign: CampaignRow,
        status: str,
        count: int,
        apply: Callable[[str, date | None, str, str], None],
        today: date,
        day: date | None = None,
    ):
        super().__init__(parent, f"标为{PERSON_STATUS_LABELS[status]}（{count} 人）", "确定")
        self.campaign, self.status, self.apply, self.today = campaign, status, apply, today
        self.day = self.reason = self.health_note = None
        if status in ATTENDED:
            start = day or default_checkup_day(campaign, today)
            self.day = self.add_field(
                "date", "体检日期 *", QLineEdit(format_date(start), placeholderText="如 2026-10-15")
            )
            self.note(f"本次体检的日期范围：{campaign.date_from} 至 {campaign.date_to}")
        if status == "absent":
            self.reason = self.add_field("reason", "未参加原因 *", QLineEdit(maxLength=100, placeholderText="如 病假"))
            completer = QCompleter(ABSENCE_REASONS, self.reason)
            completer.setCompletionMode(QCompleter.CompletionMode.UnfilteredPopupCompletion)
            self.reason.setCompleter(completer)
        if status == "followup":
            self.health_note = self.add_field("note", "复查说明 *", QLineEdit(maxLength=100))
            self.note(HEALTH_NOTE)
        self.finish_layout()

    def read(self, problems: dict[str, str]):
        day = self._read_day(problems) if self.day is not None else None
        reason = self.reason.text().strip() if self.reason is not None else ""
        if self.reason is not None and not reason:
            problems["reason"] = "请填写未参加的原因，如“病假”"
        note = self.health_note.text().strip() if self.health_note is not None else ""
        if self.health_note is not None and not note:
            problems["note"] = "请写一句复查说明，如“3个月后复查”"
        return None if problems else (day, reason, note)

    def _read_day(self, problems: dict[str, str]) -> date | None:
        day = read_date(self.day.text(), problems, "date", "体检日期", hint="如 2026-10-15")
        problem = date_problem(self.campaign, day, self.today) if day is not None else None
        if problem:
            problems["date"] = problem
        return day

    def commit(self, value) -> bool:
        day, reason, note = value
        self.apply(self.status, day, reason, note)
        return True


# ---------------------------------------------------------------- adding people

PICK_HEADERS = ["姓名", "性别", "工会小组", "状态"]


def _table(headers: list[str], rows: list[list], multi: bool = False) -> QTableView:
    return list_table(PlainTableModel(headers, rows), multi=multi)


class MemberPickDialog(QDialog):
    """Members not yet on the list, found by name, pinyin or initials; several may be picked."""

    def __init__(self, parent: QWidget | None, members: list[MemberRow], listed: set[int], campaign: CampaignRow):
        super().__init__(parent)
        self.setWindowTitle(f"添加人员：{campaign.name}")
        fit_window(self, QSize(560, 520))
        self.candidates = [m for m in members if m.id not in listed]
        self.shown: list[MemberRow] = []
        self.search = QLineEdit(placeholderText="输入姓名、拼音（zhangsan）或首字母（zs）")
        self.search.setClearButtonEnabled(True)
        self.active_only = QCheckBox("只显示在职和退休人员")
        self.active_only.setChecked(True)
        self.table = _table(PICK_HEADERS, [], multi=True)
        self.model = self.table.model()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.ok = self.buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok.setText("添加")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self._layout(campaign)
        # a zero timer merges an input method's burst of edits into one pass
        self._debounce = QTimer(self, singleShot=True, interval=0)
        self._debounce.timeout.connect(self.apply_filter)
        self.search.textChanged.connect(self._debounce.start)
        self.active_only.toggled.connect(self.apply_filter)
        self.table.selectionModel().selectionChanged.connect(lambda *_a: self._update_ok())
        self.table.doubleClicked.connect(lambda _i: self.accept())
        self.apply_filter()

    def _layout(self, campaign: CampaignRow) -> None:
        layout = QVBoxLayout(self)
        if campaign.eligibility == "women":
            layout.addWidget(QLabel("这是女教职工体检，只能添加女教职工。"))
        row = QHBoxLayout()
        row.addWidget(self.search, 1)
        row.addWidget(self.active_only)
        layout.addLayout(row)
        layout.addWidget(self.table)
        layout.addWidget(QLabel("按住 Ctrl 或 Shift 可以一次选多人。"))
        layout.addWidget(self.buttons)

    def apply_filter(self) -> None:
        self._debounce.stop()
        query = normalize_query(self.search.text())
        self.shown = [
            m
            for m in self.candidates
            if (not self.active_only.isChecked() or m.status in ("active", "retired"))
            and (not query or text_matches(m, query))
        ]
        self.model.set_rows(
            [
                [
                    m.name,
                    GENDER_LABELS.get(m.gender or "", ""),
                    m.group_name,
                    MEMBER_STATUS_LABELS.get(m.status, m.status),
                ]
                for m in self.shown
            ]
        )
        self._update_ok()

    def chosen_ids(self) -> list[int]:
        rows = sorted({i.row() for i in self.table.selectionModel().selectedRows()})
        return [self.shown[r].id for r in rows]

    def _update_ok(self) -> None:
        self.ok.setEnabled(bool(self.chosen_ids()))


# ---------------------------------------------------------------- the hospital's receipt

RECEIPT_HEADERS = ["行号", "姓名", "结果", "体检日期", "未参加原因"]


def planned_cells(row) -> list:
    """A planned result (importers.checkups.PlannedResult); the follow-up note is health
    data and is not shown here."""
    result = row.result
    return [
        row.row_number,
        row.name,
        PERSON_STATUS_LABELS.get(result.status, result.status),
        format_date(result.checkup_date),
        result.reason,
    ]


class ReceiptPreviewDialog(PlanPreviewDialog):
    """What a hospital's receipt will change; nothing is written until 确认导入."""

    def __init__(self, plan, parent: QWidget | None = None, replan=None):
        super().__init__(plan, f"导入医院回执预览：{plan.source}", parent, replan)

    def content(self, plan):
        return [], [(f"将更新 {len(plan.updates)}", RECEIPT_HEADERS, [planned_cells(r) for r in plan.updates])]
