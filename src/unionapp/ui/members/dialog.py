"""The add/edit member form. It validates as the user types: a wrong field gets a red
border and, right under it, a sentence saying what to fix; a valid ID number fills birth
date and gender. Closing it changed asks 放弃修改？ (ui/widgets/forms.py).

困难职工 and 建档立卡日期 are shown, not edited: they mirror the member's open hardship
file, which is kept (opened, reviewed, closed) in the 困难帮扶 tab; the form hands them back
unchanged, and its 困难职工档案… button asks the caller to open that file."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from unionapp.domain.dates import DateError, format_date, parse_date
from unionapp.domain.errors import DomainError
from unionapp.domain.idcard import IdNumberError, normalize_id_number, parse_id_number
from unionapp.domain.labels import (
    ETHNICITY_CHOICES,
    GENDER_LABELS,
    HARDSHIP_LABELS,
    MEMBER_STATUS_LABELS,
    POLITICAL_STATUS_CHOICES,
    RETIREMENT_CATEGORY_LABELS,
)
from unionapp.domain.members import MemberError, MemberInput, validate_member
from unionapp.domain.money import MoneyError, format_fen, parse_amount
from unionapp.domain.retirement import default_category, retirement_rule_text
from unionapp.ui.widgets.forms import NOTE_STYLE, AsksBeforeDiscard, FieldErrors, problem_label, show_refusal
from unionapp.ui.widgets.screen_fit import fit_dialog

ERROR_STYLE = "border: 1px solid #d9534f; background: #fff3f3;"
READ_ONLY_STYLE = "background: #f2f2f2; color: #333;"
DATE_HINT = "如 1985-03-12"
LONGEST_RULE = "原退休年龄 55 岁，按 2025 年起渐进式延迟退休规定为 57 岁 11 个月，即 2030-12-31"

# Which field a validation sentence is about: its first words name the field.
FIELD_WORDS = [
    ("姓名", "name"),
    ("身份证号", "id_number"),
    ("出生日期", "birth_date"),
    ("性别", "gender"),
    ("手机号", "phone"),
    ("参加工作时间", "work_start_date"),
    ("入会时间", "join_union_date"),
    ("退休日期", "retirement_date"),
    ("退休类别", "retirement_category"),
    ("月基本工资", "base_pay_fen"),
]


def _combo(items: dict[str, str], editable: bool = False) -> QComboBox:
    box = QComboBox()
    box.setEditable(editable)
    for code, label in items.items():
        box.addItem(label, code)
    return box


def _set_combo(box: QComboBox, code: str | None) -> None:
    index = box.findData(code if code is not None else "")
    box.setCurrentIndex(max(index, 0))


def _hint() -> QLabel:
    """A grey line under a field, hidden while it has nothing to say."""
    label = QLabel(wordWrap=True)
    label.setStyleSheet(NOTE_STYLE)
    label.setVisible(False)
    return label


def _say(label: QLabel, text: str) -> None:
    label.setText(text)
    label.setVisible(bool(text))


class MemberDialog(AsksBeforeDiscard, QDialog):
    """`save` is called with the form's MemberInput; a DomainError it raises keeps the form open."""

    def __init__(
        self,
        parent: QWidget | None,
        group_names: list[str],
        save: Callable[[MemberInput], None],
        data: MemberInput | None = None,
        title: str = "新增会员",
        hardship_link: bool = False,
    ):
        """`hardship_link`: 困难职工档案… closes the form with `wants_hardship` set, for the
        caller to open the member's file (a member not saved yet has none)."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setMinimumWidth(760)
        self._save = save
        self.wants_hardship = False  # closed by 困难职工档案…: the caller opens the file
        self._hardship: tuple[str, date | None] = ("", None)  # the open file's mirror, handed back
        self._touched: set[str] = set()
        self._auto_filled = data is None  # birth date/gender may follow the ID number
        self._build(group_names, hardship_link)
        self._load(data or MemberInput())
        self._connect()
        self._validate()
        fit_dialog(self)  # scrolls on a small screen, 保存/取消 in view

    # ------------------------------------------------------------ layout
    def _build(self, group_names: list[str], hardship_link: bool) -> None:
        self.name = QLineEdit(maxLength=50)
        self.id_number = QLineEdit(maxLength=22, placeholderText="18 位，可自动填出生日期和性别")
        self.id_hint = _hint()
        self.gender = _combo({"": "", **GENDER_LABELS})
        self.birth_date = QLineEdit(placeholderText=DATE_HINT)
        self.ethnicity = _combo({e: e for e in ["", *ETHNICITY_CHOICES]}, editable=True)
        self.political_status = _combo({p: p for p in ["", *POLITICAL_STATUS_CHOICES]}, editable=True)
        self.phone = QLineEdit(maxLength=20, placeholderText="11 位手机号")
        self.native_province = QLineEdit(maxLength=20, placeholderText="如 安徽")
        self.group = _combo({g: g for g in ["", *group_names]}, editable=True)
        self.department = QLineEdit(maxLength=100)
        self.title_edit = QLineEdit(maxLength=50)
        self.work_start_date = QLineEdit(placeholderText=DATE_HINT)
        self.join_union_date = QLineEdit(placeholderText=DATE_HINT)
        self.status = _combo(MEMBER_STATUS_LABELS)
        self.is_union_member = QCheckBox("是工会会员")
        self.hardship_level = QLineEdit(readOnly=True)
        self.hardship_since = QLineEdit(readOnly=True)
        for edit in (self.hardship_level, self.hardship_since):
            edit.setStyleSheet(READ_ONLY_STYLE)
            edit.setToolTip("由困难职工档案决定：建档、复核和销档请在“困难帮扶”中办理")
        self.hardship_button = QPushButton("困难职工档案…")
        self.hardship_button.setEnabled(hardship_link)
        self.hardship_button.setToolTip(
            "打开此人的困难职工档案（没有档案时新建）" if hardship_link else "保存会员后，可在“困难帮扶”中为其建档"
        )
        hardship_row = QHBoxLayout()
        hardship_row.setContentsMargins(0, 0, 0, 0)
        hardship_row.addWidget(self.hardship_level, 1)
        hardship_row.addWidget(self.hardship_button)
        self.hardship_holder = QWidget()
        self.hardship_holder.setLayout(hardship_row)
        self.retirement_category = _combo(RETIREMENT_CATEGORY_LABELS)
        self.retirement_date = QLineEdit(placeholderText="留空则按法定退休日期")
        self.retirement_hint = _hint()
        # One line, wide enough for the longest rule sentence: a wrapped line would be clipped.
        self.retirement_hint.setWordWrap(False)
        self.retirement_hint.setMinimumWidth(self.retirement_hint.fontMetrics().horizontalAdvance(LONGEST_RULE) + 8)
        self.base_pay = QLineEdit(placeholderText="按工资比例收会费时填写，如 5200")
        self.notes = QPlainTextEdit()
        self.notes.setFixedHeight(60)
        self.problems = problem_label()  # what concerns no single field, e.g. a service's refusal
        self.errors = FieldErrors(self.problems)

        for edit in (self.name, self.id_number, self.birth_date, self.phone):
            edit.setMinimumWidth(190)
        basic, work = QFormLayout(), QFormLayout()
        self._rows(
            basic,
            ("name", "姓名 *", self.name),
            ("id_number", "身份证号", self.id_number),
            (None, "", self.id_hint),
            ("gender", "性别", self.gender),
            ("birth_date", "出生日期", self.birth_date),
            (None, "民族", self.ethnicity),
            (None, "政治面貌", self.political_status),
            ("phone", "手机号", self.phone),
            (None, "籍贯省份", self.native_province),
        )
        self._rows(
            work,
            (None, "工会小组", self.group),
            (None, "部门/岗位", self.department),
            (None, "职称", self.title_edit),
            ("work_start_date", "参加工作时间", self.work_start_date),
            ("join_union_date", "入会时间", self.join_union_date),
            (None, "人员状态", self.status),
            (None, "", self.is_union_member),
            (None, "困难职工", self.hardship_holder),
            (None, "建档立卡日期", self.hardship_since),
            ("retirement_category", "退休类别", self.retirement_category),
            ("retirement_date", "退休日期", self.retirement_date),
            (None, "", self.retirement_hint),
            ("base_pay_fen", "月基本工资（元）", self.base_pay),
        )

        grid = QGridLayout()
        grid.addWidget(self._boxed("基本信息", basic), 0, 0)
        grid.addWidget(self._boxed("工作与会籍", work), 0, 1)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.button(QDialogButtonBox.StandardButton.Save).setText("保存")
        self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("取消")
        layout = QVBoxLayout(self)
        layout.addLayout(grid)
        layout.addWidget(QLabel("备注"))
        layout.addWidget(self.notes)
        layout.addWidget(self.problems)
        layout.addWidget(self.buttons)
        self.fields: dict[str, QWidget] = {
            "name": self.name,
            "id_number": self.id_number,
            "gender": self.gender,
            "birth_date": self.birth_date,
            "phone": self.phone,
            "work_start_date": self.work_start_date,
            "join_union_date": self.join_union_date,
            "retirement_date": self.retirement_date,
            "retirement_category": self.retirement_category,
            "base_pay_fen": self.base_pay,
        }

    def _rows(self, form: QFormLayout, *rows: tuple[str | None, str, QWidget]) -> None:
        """Each checked field (with a key) gets its problem line under it."""
        for key, label, widget in rows:
            if key is None:
                form.addRow(label, widget)
            else:
                self.errors.add_row(form, key, label, widget)

    @staticmethod
    def _boxed(title: str, form: QFormLayout) -> QGroupBox:
        box = QGroupBox(title)
        box.setLayout(form)
        return box

    def _load(self, data: MemberInput) -> None:
        self.name.setText(data.name)
        self.id_number.setText(data.id_number)
        _set_combo(self.gender, data.gender)
        self.birth_date.setText(format_date(data.birth_date))
        self.ethnicity.setCurrentText(data.ethnicity)
        self.political_status.setCurrentText(data.political_status)
        self.phone.setText(data.phone)
        self.native_province.setText(data.native_province)
        self.group.setCurrentText(data.group_name)
        self.department.setText(data.department)
        self.title_edit.setText(data.title)
        self.work_start_date.setText(format_date(data.work_start_date))
        self.join_union_date.setText(format_date(data.join_union_date))
        _set_combo(self.status, data.status)
        self.is_union_member.setChecked(data.is_union_member)
        self._hardship = (data.hardship_level, data.hardship_since)
        self.hardship_level.setText(HARDSHIP_LABELS.get(data.hardship_level, "") if data.hardship_level else "否")
        self.hardship_since.setText(format_date(data.hardship_since))
        _set_combo(self.retirement_category, data.retirement_category or default_category(data.gender))
        self.retirement_date.setText(format_date(data.retirement_date))
        self.notes.setPlainText(data.notes)
        self.base_pay.setText(format_fen(data.base_pay_fen).replace(",", "") if data.base_pay_fen is not None else "")

    def _connect(self) -> None:
        for key, widget in self.fields.items():
            signal = widget.currentIndexChanged if isinstance(widget, QComboBox) else widget.textEdited
            signal.connect(lambda *_a, k=key: self._on_edit(k))
        self.gender.currentIndexChanged.connect(self._follow_gender)
        self.status.currentIndexChanged.connect(self._validate)
        self.hardship_button.clicked.connect(self._to_hardship)
        self.buttons.accepted.connect(self._on_save)
        self.buttons.rejected.connect(self.reject)

    # ------------------------------------------------------------ behaviour
    def _on_edit(self, key: str) -> None:
        self._touched.add(key)
        if key == "id_number":
            self._follow_id_number()
        if key in ("birth_date", "gender"):
            self._auto_filled = False
        self._validate()

    def _follow_id_number(self) -> None:
        """A complete, valid ID number fills birth date and gender (unless the user typed them)."""
        try:
            info = parse_id_number(self.id_number.text())
        except (IdNumberError, DomainError):
            _say(self.id_hint, "")
            return
        _say(self.id_hint, f"✓ 出生日期 {format_date(info.birth_date)}，{GENDER_LABELS[info.gender]}")
        if self._auto_filled or not self.birth_date.text().strip():
            self.birth_date.setText(format_date(info.birth_date))
        if self._auto_filled or not self.gender.currentData():
            _set_combo(self.gender, info.gender)
            self._auto_filled = True

    def _follow_gender(self) -> None:
        """A man can't be in a women's retirement category: keep the category in step."""
        gender = self.gender.currentData()
        category = self.retirement_category.currentData() or ""
        if gender and not category.startswith(gender):
            _set_combo(self.retirement_category, default_category(gender))

    def _read_date(self, key: str, problems: dict[str, str]) -> date | None:
        widget: QLineEdit = self.fields[key] if key in self.fields else getattr(self, key)
        try:
            return parse_date(widget.text())
        except DateError as exc:
            problems[key] = str(exc)
            return None

    def form_input(self, problems: dict[str, str] | None = None) -> MemberInput:
        problems = {} if problems is None else problems
        return MemberInput(
            name=self.name.text(),
            gender=self.gender.currentData() or None,
            id_number=self.id_number.text(),
            birth_date=self._read_date("birth_date", problems),
            ethnicity=self.ethnicity.currentText().strip(),
            political_status=self.political_status.currentText().strip(),
            phone=self.phone.text(),
            group_name=self.group.currentText().strip(),
            department=self.department.text().strip(),
            title=self.title_edit.text().strip(),
            work_start_date=self._read_date("work_start_date", problems),
            join_union_date=self._read_date("join_union_date", problems),
            status=self.status.currentData(),
            is_union_member=self.is_union_member.isChecked(),
            native_province=self.native_province.text().strip(),
            hardship_level=self._hardship[0],
            hardship_since=self._hardship[1],
            retirement_category=self.retirement_category.currentData(),
            retirement_date=self._read_date("retirement_date", problems),
            notes=self.notes.toPlainText().strip(),
            base_pay_fen=self._read_money("base_pay_fen", problems),
        )

    def _read_money(self, key: str, problems: dict[str, str]) -> int | None:
        text = self.fields[key].text().strip()
        if not text:
            return None
        try:
            return parse_amount(text, "月基本工资")
        except MoneyError as exc:
            problems[key] = str(exc)
            return None

    def _validate(self) -> dict[str, str]:
        """Check the whole form; returns field → problem. Only touched fields turn red."""
        problems: dict[str, str] = {}
        data = self.form_input(problems)
        # The hint follows the birth date alone: it must not go blank or stale while another field is wrong.
        self._show_retirement(data)
        try:
            validate_member(data, date.today())
        except MemberError as exc:
            for sentence in exc.problems:
                key = next((k for word, k in FIELD_WORDS if sentence.startswith(word) or word in sentence[:8]), "other")
                problems.setdefault(key, sentence)
        if "id_number" not in problems and data.id_number and len(normalize_id_number_safe(data.id_number)) < 18:
            problems["id_number"] = f"身份证号已输入 {len(normalize_id_number_safe(data.id_number))} 位，应为 18 位"
        visible = {k: v for k, v in problems.items() if k in self._touched or k == "other"}
        for key, widget in self.fields.items():
            widget.setStyleSheet(ERROR_STYLE if key in visible else "")
        self.errors.show(visible)
        return problems

    def shown_problems(self) -> str:
        return self.errors.shown_text()

    def _show_retirement(self, data: MemberInput) -> None:
        if data.birth_date is None:
            _say(self.retirement_hint, "填写出生日期或身份证号后显示法定退休日期")
            return
        category = data.retirement_category or default_category(data.gender)
        _say(self.retirement_hint, retirement_rule_text(data.birth_date, category))

    def _to_hardship(self) -> None:
        """Close the form (asking first if it was changed); the caller then opens the file."""
        self.wants_hardship = True
        self.reject()
        self.wants_hardship = not self.isVisible()  # 继续编辑: the form stays

    def _on_save(self) -> None:
        self._touched.update(self.fields)
        problems = self._validate()
        if problems:
            return
        try:
            self._save(validate_member(self.form_input(), date.today()))
        except Exception as exc:  # noqa: BLE001 - shown in the form, which stays open
            show_refusal(self.problems, exc)
            return
        self.accept()


def normalize_id_number_safe(raw: str) -> str:
    try:
        return normalize_id_number(raw)
    except DomainError:
        return raw.strip()
