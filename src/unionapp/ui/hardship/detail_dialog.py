"""查看档案: one hardship file's details — causes, household and income, the help planned,
the reviews, and the help given (visits, handouts and prizes already recorded, read from
services.benefits, never typed twice). Reading them is recorded in the audit log by the
service; the footer says so. Buttons lead to the file's next steps (登记走访, 修改, 复核)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from unionapp.domain.dates import format_date
from unionapp.domain.hardship import LEVEL_LABELS
from unionapp.domain.money import format_fen
from unionapp.services.hardship import FileDetail
from unionapp.ui.widgets.common import PlainTableModel, list_table
from unionapp.ui.widgets.forms import NOTE_STYLE
from unionapp.ui.widgets.screen_fit import fit_dialog

AUDIT_NOTE = "查看记录已写入修改日志"
HOUSEHOLD_HEADERS = ["关系", "姓名", "月收入（元）", "说明"]
REVIEW_HEADERS = ["复核日期", "结论", "复核前", "复核后", "复核意见"]
HELP_HEADERS = ["日期", "来源", "类别", "内容", "金额（元）", "实物（元）"]


def status_text(detail: FileDetail) -> str:
    row = detail.row
    if row.open:
        return f"在档（{format_date(row.opened_on)} 建档）"
    return f"已销档（{format_date(row.closed_on)}，{row.close_reason}）"


class FileDetailDialog(QDialog):
    """`actions`: button text → what it does (the tab's 登记走访/修改/复核 for this file);
    the dialog closes first, so the next form opens over the tab, not over this one."""

    def __init__(self, parent: QWidget | None, detail: FileDetail, actions: dict[str, Callable[[], None]]):
        super().__init__(parent)
        row = detail.row
        self.detail = detail
        self.chosen: Callable[[], None] | None = None
        self.setWindowTitle(f"困难职工档案：{row.name}")
        self.setMinimumWidth(760)
        facts = QFormLayout()
        facts.addRow("会员", QLabel(f"{row.name}（{row.group_name}）"))
        facts.addRow("困难级别", QLabel(row.level_label))
        facts.addRow("状态", QLabel(status_text(detail)))
        facts.addRow("最近复核", QLabel(format_date(row.last_review_on) if row.last_review_on else "尚未复核"))
        facts.addRow("致困原因", QLabel(detail.causes_text or "（未填写）"))
        self.income = QLabel(
            f"家庭 {detail.people} 人，月收入合计 {format_fen(detail.monthly_income_fen)} 元，"
            f"人均 {format_fen(detail.per_head_fen)} 元"
        )
        facts.addRow("家庭收入", self.income)
        for title, text in (("帮扶措施", detail.plan), ("备注", detail.notes)):
            label = QLabel(text or "（未填写）", wordWrap=True)
            facts.addRow(title, label)
        box = QGroupBox("档案")
        box.setLayout(facts)
        self.household_model = PlainTableModel(
            HOUSEHOLD_HEADERS,
            [[p.relation, p.name, format_fen(p.monthly_income_fen), p.note] for p in detail.household],
            self,
            numeric=(2,),
        )
        self.reviews_model = PlainTableModel(
            REVIEW_HEADERS,
            [
                [
                    format_date(r.reviewed_on),
                    r.outcome_label,
                    LEVEL_LABELS.get(r.level_before, r.level_before),
                    LEVEL_LABELS.get(r.level_after, r.level_after) if r.outcome != "close" else "销档",
                    r.note,
                ]
                for r in detail.reviews
            ],
            self,
        )
        self.help_model = PlainTableModel(
            HELP_HEADERS,
            [
                [
                    format_date(h.day),
                    h.source_label,
                    h.kind_label,
                    h.what,
                    format_fen(h.money_fen, blank_zero=True),
                    format_fen(h.goods_fen, blank_zero=True),
                ]
                for h in detail.help
            ],
            self,
            numeric=(4, 5),
        )
        money = sum(h.money_fen for h in detail.help)
        goods = sum(h.goods_fen for h in detail.help)
        pages = QTabWidget()
        pages.addTab(list_table(self.household_model, (90, 100, 110)), f"家庭成员（{detail.people}）")
        pages.addTab(self._help_page(money, goods), f"帮扶记录（{len(detail.help)}）")
        pages.addTab(list_table(self.reviews_model, (90, 80, 70, 70)), f"复核记录（{len(detail.reviews)}）")
        self.pages = pages
        footer = QLabel(AUDIT_NOTE + "。本档案含家庭经济情况，请注意保密。")
        footer.setStyleSheet(NOTE_STYLE)
        self.footer = footer
        bar = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for text, act in actions.items():
            button = QPushButton(text)
            button.setAutoDefault(False)  # Enter closes the dialog, it does not start a step
            button.clicked.connect(lambda _c=False, a=act: self._choose(a))
            bar.addWidget(button)
            self.buttons[text] = button
        bar.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.button(QDialogButtonBox.StandardButton.Close).setText("关闭")
        close.button(QDialogButtonBox.StandardButton.Close).setDefault(True)
        close.rejected.connect(self.reject)
        bar.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(box)
        layout.addWidget(pages, 1)
        layout.addWidget(footer)
        layout.addLayout(bar)
        self.resize(820, 600)
        fit_dialog(self)

    def _help_page(self, money: int, goods: int) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(list_table(self.help_model, (90, 70, 110, 200, 80)), 1)
        since = format_date(self.detail.row.opened_on)
        text = (
            f"建档（{since}）以来：{len(self.detail.help)} 笔，慰问金等 {format_fen(money)} 元，"
            f"实物折合 {format_fen(goods)} 元。来自五必访、发放和活动奖品的记录。"
            if self.detail.help
            else f"建档（{since}）以来还没有走访、发放或奖品记录。"
        )
        self.help_total = QLabel(text, wordWrap=True)
        layout.addWidget(self.help_total)
        return page

    def _choose(self, act: Callable[[], None]) -> None:
        self.chosen = act
        self.accept()
