"""The members table model's shortcuts while typing (narrowing from the rows shown, the
rows kept in the user's sort, each row's texts made once) show exactly what a plain
filter-then-sort of every row shows."""

from __future__ import annotations

import dataclasses
from datetime import date

from PySide6.QtCore import Qt

from unionapp.services.members import MemberFilter, MemberRow, apply_filter
from unionapp.ui.members.model import COLUMN_KEYS, COLUMNS, MemberTableModel

NAMES = ["张三", "张珊", "章山", "李四", "李思", "王五", "赵六", "张三丰", "周七", "吴八"]


def _row(i: int, name: str) -> MemberRow:
    keys = {"张": "zhang", "章": "zhang", "李": "li", "王": "wang", "赵": "zhao", "周": "zhou", "吴": "wu"}
    pinyin = keys[name[0]] + "x" * len(name)
    return MemberRow(
        id=i,
        name=name,
        gender="M" if i % 2 else "F",
        id_number=f"11010119800101{i:04d}",
        birth_date=date(1980, 1 + i % 12, 1),
        ethnicity="汉族",
        political_status="",
        phone=f"1390000{i:04d}",
        group_id=1 + i % 3,
        group_name=f"{1 + i % 3}组",
        department="",
        title="",
        work_start_date=None,
        join_union_date=None,
        status="active" if i % 4 else "transferred",
        is_union_member=True,
        native_province="",
        hardship_level="",
        hardship_since=None,
        retirement_category="",
        retirement_date=None,
        retirement_overridden=False,
        notes="",
        sort_key=pinyin,
        search_text=f"|{pinyin}|{pinyin[0]}|{name}{i:04d}1390000{i:04d}".lower(),
        version=1,
    )


ROWS = [_row(i, NAMES[i % len(NAMES)]) for i in range(1, 61)]


def _expected(model: MemberTableModel, flt: MemberFilter) -> list[int]:
    """Filter every row, then sort them the model's way: what the shortcuts must equal."""
    rows = apply_filter(ROWS, flt)
    if model._sort is not None:  # else the service's order
        column, order = model._sort
        rows.sort(key=COLUMNS[column].sort, reverse=order == Qt.SortOrder.DescendingOrder)
    return [r.id for r in rows]


def _shown(model: MemberTableModel) -> list[int]:
    return [model.data(model.index(r, 0), Qt.ItemDataRole.UserRole) for r in range(model.rowCount())]


def test_typing_on_narrows_to_the_same_rows_in_the_same_order(qtbot):
    model = MemberTableModel()
    model.sort(COLUMN_KEYS.index("phone"), Qt.SortOrder.DescendingOrder)
    model.set_rows(ROWS)
    for text in ["", "z", "zh", "zha", "zhang", "zhangx", "z", "", "1", "13", "1390000001", "张", "张三", "l", "li1"]:
        flt = MemberFilter(text=text)
        model.set_filter(flt)
        assert _shown(model) == _expected(model, flt), text


def test_a_changed_choice_or_sort_is_not_narrowed_from_the_old_rows(qtbot):
    model = MemberTableModel()
    model.set_rows(ROWS)
    model.set_filter(MemberFilter(text="z", group_id=1))
    flt = MemberFilter(text="zh", group_id=2)  # extends the text, but another group
    model.set_filter(flt)
    assert _shown(model) == _expected(model, flt) != []
    model.sort(COLUMN_KEYS.index("birth_date"), Qt.SortOrder.AscendingOrder)
    flt = MemberFilter(text="zha", group_id=2)
    model.set_filter(flt)
    assert _shown(model) == _expected(model, flt)
    model.set_filter(MemberFilter())
    assert _shown(model) == _expected(model, MemberFilter())


def test_narrows_only_when_every_row_kept_was_kept_before():
    assert MemberFilter(text="zh").narrows(MemberFilter(text="z"))
    assert MemberFilter(text="z").narrows(MemberFilter())
    assert not MemberFilter(text="z").narrows(MemberFilter(text="zh"))
    assert not MemberFilter(text="z1").narrows(MemberFilter(text="z"))  # "|z" at a reading, "z1" anywhere
    assert not MemberFilter(text="zh", status="active").narrows(MemberFilter(text="z"))


def test_cell_texts_follow_show_full_and_new_rows(qtbot):
    model = MemberTableModel()
    model.set_rows(ROWS[:3])
    phone = COLUMN_KEYS.index("phone")
    masked = model.data(model.index(0, phone))
    assert masked != model.row_at(0).phone
    model.set_show_full(True)
    assert model.data(model.index(0, phone)) == model.row_at(0).phone
    renamed = dataclasses.replace(model.row_at(0), name="新名字")
    model.set_rows([renamed, *ROWS[1:3]])
    assert model.data(model.index(model.row_of_member(renamed.id), 0)) == "新名字"


def test_inactive_members_are_grey(qtbot):
    model = MemberTableModel()
    model.set_rows(ROWS[:4])
    colours = {model.row_at(r).status: model.data(model.index(r, 0), Qt.ItemDataRole.ForegroundRole) for r in range(4)}
    assert colours["active"] is None and colours["transferred"] is not None


def test_kept_cell_texts_stay_bounded(qtbot, monkeypatch):
    import unionapp.ui.members.model as model_module

    monkeypatch.setattr(model_module, "TEXTS_KEPT", 5)
    model = MemberTableModel()
    model.set_rows(ROWS)
    texts = [model.data(model.index(r, 0)) for r in range(model.rowCount())]
    assert texts == [r.name for r in model.shown_rows]
    assert len(model._texts) <= 5
