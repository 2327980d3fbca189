"""新建提案 / 修改提案: the session, the proposer (a delegate of the term, picked by typing
part of the name), the co-signers ticked in a searchable list that never offers the
proposer, 案由, 类别, 理由, 建议措施 and the date. The rule's minimum of co-signers stands
above the list; a refusal of the service stands under the field it is about."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QCompleter,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from unionapp.db.engine import Database
from unionapp.domain.congress import PROPOSAL_CATEGORY_LABELS
from unionapp.domain.dates import format_date
from unionapp.services import proposals
from unionapp.services.congress import DelegateRow, SessionRow
from unionapp.services.proposals import ProposalDetail, ProposalInput
from unionapp.ui.congress.proposal_data import Context
from unionapp.ui.congress.proposal_forms import DATE_HINT, show_service_refusal
from unionapp.ui.widgets.forms import NOTE_STYLE, FormDialog, read_date

# Which field a refusal's sentence is about (first word found wins).
REFUSAL_FIELDS = (
    ("附议", "cosigners"),
    ("提案人", "proposer"),
    ("案由", "title"),
    ("日期", "submitted_on"),
    ("今天", "submitted_on"),
)


def delegate_text(d: DelegateRow) -> str:
    """How a delegate is offered: name, group, and whether they have left."""
    text = f"{d.name}（{d.group_name or '未分组'}）"
    if d.left_label:
        text += f" {d.left_label}"
    elif not d.in_office:
        text += " 已不是代表"
    return text


def session_text(s: SessionRow) -> str:
    return f"{s.name}（{format_date(s.session_date)}）"


class CosignerPicker(QWidget):
    """Delegates to tick, narrowed by a search line; the proposer is hidden (and untied)."""

    def __init__(self, delegates: list[DelegateRow]):
        super().__init__()
        self.search = QLineEdit(placeholderText="输入姓名查找")
        self.list = QListWidget()
        self.list.setFixedHeight(120)
        self.count = QLabel()
        self.count.setStyleSheet(NOTE_STYLE)
        self.hidden_id: int | None = None
        for d in delegates:
            item = QListWidgetItem(delegate_text(d))
            item.setData(Qt.ItemDataRole.UserRole, d.id)
            item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Unchecked)
            self.list.addItem(item)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.search)
        layout.addWidget(self.list)
        layout.addWidget(self.count)
        self.search.textChanged.connect(lambda _t: self._narrow())
        self.list.itemChanged.connect(lambda _i: self._count())
        self._count()

    def items(self) -> list[QListWidgetItem]:
        return [self.list.item(i) for i in range(self.list.count())]

    def _narrow(self) -> None:
        text = self.search.text().strip()
        for item in self.items():
            own = item.data(Qt.ItemDataRole.UserRole) == self.hidden_id
            item.setHidden(own or (bool(text) and text not in item.text()))

    def _count(self) -> None:
        self.count.setText(f"已选 {len(self.chosen())} 人")

    def hide_proposer(self, delegate_id: int | None) -> str | None:
        """Offer everyone but the proposer; a proposer who was ticked is untied (their name)."""
        self.hidden_id = delegate_id
        untied = None
        for item in self.items():
            if item.data(Qt.ItemDataRole.UserRole) == delegate_id and item.checkState() == Qt.CheckState.Checked:
                item.setCheckState(Qt.CheckState.Unchecked)
                untied = item.text()
        self._narrow()
        return untied

    def set_chosen(self, ids) -> None:
        wanted = set(ids)
        for item in self.items():
            checked = item.data(Qt.ItemDataRole.UserRole) in wanted
            item.setCheckState(Qt.CheckState.Checked if checked else Qt.CheckState.Unchecked)

    def chosen(self) -> tuple[int, ...]:
        return tuple(i.data(Qt.ItemDataRole.UserRole) for i in self.items() if i.checkState() == Qt.CheckState.Checked)


class ProposalDialog(FormDialog):
    """New (`detail` None) or edit. `saved_id` is the proposal written. Proposer, co-signers
    and session can change only while the proposal waits for screening."""

    def __init__(
        self,
        parent: QWidget | None,
        db: Database,
        context: Context,
        sessions: list[SessionRow],
        session_id: int | None,
        detail: ProposalDetail | None = None,
        today: date | None = None,
    ):
        row = detail.row if detail else None
        super().__init__(parent, f"修改提案：第 {row.number} 号" if row else "新建提案")
        self.setMinimumWidth(560)
        self.db, self.context, self.detail = db, context, detail
        self.today = today or date.today()
        self.saved_id: int | None = None
        self._build(sessions)
        if detail is not None:
            self._fill(detail)
        else:
            self.session.setCurrentIndex(max(self.session.findData(session_id), 0))
            self.submitted_on.setText(format_date(self.today))
        self.proposer.currentIndexChanged.connect(lambda _i: self._proposer_changed())
        self.proposer.editTextChanged.connect(lambda _t: self._edited("proposer"))
        self.cosigners.list.itemChanged.connect(lambda _i: self._edited("cosigners"))
        self._hide_proposer()
        self.finish_layout()

    # ------------------------------------------------------------ building
    def _build(self, sessions: list[SessionRow]) -> None:
        offered = self._offered()
        self.session = QComboBox()
        for s in sessions:
            self.session.addItem(session_text(s), s.id)
        self.add_field("session", "会议 *", self.session)
        self.proposer = self._proposer_box(offered)
        self.add_field("proposer", "提案人 *", self.proposer)
        rule = self.context.rule
        self.minimum = self.note(f"至少需要 {rule.min_cosigners} 名附议人{rule.named()}；提案人不能同时附议。")
        self.cosigners = CosignerPicker(offered)
        self.add_field("cosigners", "附议人 *", self.cosigners)
        self.untied = self.note("")
        self.form.setRowVisible(self.untied, False)
        self.title = self.add_field(
            "title", "案由 *", QLineEdit(maxLength=200, placeholderText="如 关于改善教师午餐的建议")
        )
        self.category = QComboBox()
        for code, label in PROPOSAL_CATEGORY_LABELS.items():
            self.category.addItem(label, code)
        self.category.setCurrentIndex(max(self.category.findData("other"), 0))
        self.add_field("category", "类别", self.category)
        self.reasons = self.add_field("reasons", "理由", self._text_box("存在的问题和提出的理由"))
        self.measures = self.add_field("measures", "建议措施", self._text_box("具体的办法和建议"))
        self.submitted_on = self.add_field("submitted_on", "提交日期 *", QLineEdit(placeholderText=DATE_HINT))

    def _offered(self) -> list[DelegateRow]:
        """Delegates in office, and whoever this proposal already names (kept even if ended)."""
        named = set()
        if self.detail is not None:
            named = {self.detail.row.proposer_id, *self.detail.cosigner_ids}
        return [d for d in self.context.delegates if d.in_office or d.id in named]

    def _proposer_box(self, offered: list[DelegateRow]) -> QComboBox:
        box = QComboBox()
        box.setEditable(True)
        box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        box.addItem("", None)
        for d in offered:
            box.addItem(delegate_text(d), d.id)
        box.lineEdit().setPlaceholderText("输入姓名查找本届代表")
        completer = QCompleter([box.itemText(i) for i in range(1, box.count())], box)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        box.setCompleter(completer)
        return box

    @staticmethod
    def _text_box(placeholder: str) -> QPlainTextEdit:
        box = QPlainTextEdit()
        box.setPlaceholderText(placeholder)
        box.setFixedHeight(56)
        box.setTabChangesFocus(True)  # Tab goes on to the next field, as in every other box
        return box

    def _fill(self, detail: ProposalDetail) -> None:
        row = detail.row
        if self.session.findData(row.session_id) < 0:
            self.session.addItem(row.session_name, row.session_id)
        self.session.setCurrentIndex(self.session.findData(row.session_id))
        self.proposer.setCurrentIndex(max(self.proposer.findData(row.proposer_id), 0))
        self.cosigners.set_chosen(detail.cosigner_ids)
        self.title.setText(row.title)
        self.category.setCurrentIndex(max(self.category.findData(row.category), 0))
        self.reasons.setPlainText(detail.reasons)
        self.measures.setPlainText(detail.measures)
        self.submitted_on.setText(format_date(row.submitted_on))
        if row.status != "submitted":  # screened: who proposed and who signed is settled
            for widget in (self.session, self.proposer, self.cosigners, self.submitted_on):
                widget.setEnabled(False)
            self.note(f"提案已{row.status_label}，提案人、附议人、会议和提交日期不能再改。")

    # ------------------------------------------------------------ behaviour
    def proposer_id(self) -> int | None:
        index = self.proposer.findText(self.proposer.currentText().strip())
        return self.proposer.itemData(index) if index > 0 else None

    def _proposer_changed(self) -> None:
        self._hide_proposer()
        self._edited("proposer")

    def _hide_proposer(self) -> None:
        """The co-signer list leaves out the proposer; one who was ticked is untied, and told."""
        untied = self.cosigners.hide_proposer(self.proposer_id())
        if untied:
            self.untied.setText(f"已从附议人中去掉 {untied}：提案人不能同时作为附议人。")
            self.form.setRowVisible(self.untied, True)

    # ------------------------------------------------------------ reading and saving
    def read(self, problems: dict[str, str]) -> ProposalInput | None:
        if self.session.currentData() is None:
            problems["session"] = "请先在“会议”页建立本届的会议，再登记提案"
        proposer = self.proposer_id()
        if proposer is None:
            problems["proposer"] = "请从列表中选择提案人（本届在任代表），可输入姓名查找"
        cosigners = self.cosigners.chosen()
        if proposer is not None and proposer in cosigners:
            problems["cosigners"] = "提案人不能同时作为附议人"
        elif len(cosigners) < self.context.rule.min_cosigners:
            problems["cosigners"] = f"附议人只有 {len(cosigners)} 名，至少需要 {self.context.rule.min_cosigners} 名"
        title = self.title.text().strip()
        if not title:
            problems["title"] = "请填写案由，如“关于改善教师午餐的建议”"
        submitted = read_date(self.submitted_on.text(), problems, "submitted_on", "提交日期", hint=DATE_HINT)
        if problems:
            return None
        return ProposalInput(
            session_id=self.session.currentData(),
            proposer_id=proposer,
            title=title,
            submitted_on=submitted,
            category=self.category.currentData(),
            reasons=self.reasons.toPlainText(),
            measures=self.measures.toPlainText(),
            cosigner_ids=cosigners,
            number=self.detail.row.number if self.detail else None,
        )

    def commit(self, value: ProposalInput) -> bool:
        try:
            if self.detail is None:
                self.saved_id = proposals.create_proposal(self.db, value)
            else:
                row = self.detail.row
                proposals.update_proposal(self.db, row.id, value, expected_version=row.version)
                self.saved_id = row.id
        except Exception as exc:  # noqa: BLE001 - a refusal stays in the form; a bug is raised again
            show_service_refusal(self, exc, REFUSAL_FIELDS)
            return False
        return True
