"""报表 → 年度工作台账…: the dialog's choices, the binder it writes, its cancel, and what
reaches the builder (the year, the term, the sections, hardship and masking)."""

from __future__ import annotations

import os
import shutil
import subprocess
import threading
import zipfile
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, QThreadPool
from PySide6.QtWidgets import QApplication, QMessageBox, QProgressBar, QPushButton

from unionapp import config
from unionapp.db import opening
from unionapp.db.opening import open_database
from unionapp.domain.binder import SECTIONS, TERMS
from unionapp.reports import binder as binder_report
from unionapp.services.demo import create_demo
from unionapp.ui.shell.binder_dialog import HARDSHIP_WARNING, BinderChoice, BinderDialog, open_binder, start_binder

from .conftest import visible_windows
from .helpers import click_checkbox

TODAY = date(2025, 11, 20)  # the demo's fixed day: its one year of records is 2025


@pytest.fixture(scope="module")
def demo_file(tmp_path_factory) -> Path:
    """A small demo school made once for the module; each test opens its own copy."""
    path = tmp_path_factory.mktemp("binder_demo") / "demo.db"
    database = open_database(config.database_url(str(path)))
    create_demo(database, members_count=120, years=1, seed=1, today=TODAY)
    database.dispose()  # folds the WAL into the file, so one copy is the whole database
    return path


@pytest.fixture
def demo(demo_file, tmp_path):
    path = tmp_path / "union.db"
    shutil.copy(demo_file, path)
    database = open_database(config.database_url(str(path)))
    yield database
    database.dispose()


@pytest.fixture
def dialog(demo, qtbot):
    shown = BinderDialog(None, demo, today=TODAY)
    qtbot.addWidget(shown)
    shown.show()
    qtbot.waitUntil(lambda: "years" not in shown.reads.pending)
    return shown


def finish(qtbot) -> None:
    """Wait for the worker to end (a cancelled one reports nothing)."""
    qtbot.waitUntil(lambda: QThreadPool.globalInstance().activeThreadCount() == 0, timeout=60_000)
    QApplication.processEvents()


def write(qtbot, messages, demo, tmp_path, **choice) -> Path:
    """Write a binder as 生成 does; a failure's message fails the test at once."""
    done = []
    values = dict(year=2025, term=None, sections=("basic", "roster", "dues"), full=False, fmt="pdf")
    values.update(choice)
    path = tmp_path / f"台账.{values['fmt']}"
    start_binder(None, demo, BinderChoice(path=path, **values), TODAY, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done or messages.shown), timeout=60_000)
    assert not messages.shown
    assert done[0].path == path
    return path


def made_boxes() -> list[QMessageBox]:
    return [w for w in visible_windows(QMessageBox) if w.windowTitle() == "年度工作台账"]


def pdf_pages(path: Path) -> int:
    info = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_sections_in_binder_order_all_ticked_but_hardship_which_warns(dialog, qtbot):
    assert [box.text() for box in dialog.section_boxes.values()] == [s.title for s in SECTIONS.values()]
    assert dialog.sections == tuple(code for code in SECTIONS if code != "hardship")
    hardship = dialog.section_boxes["hardship"]
    assert not hardship.isChecked() and not dialog.hardship_warning.isVisible()
    click_checkbox(qtbot, hardship)
    assert dialog.hardship_warning.isVisible() and dialog.hardship_warning.text() == HARDSHIP_WARNING
    assert "hardship" in dialog.sections and dialog.choice().include_hardship
    click_checkbox(qtbot, hardship)
    assert not dialog.hardship_warning.isVisible()


def test_defaults_this_year_whole_year_masked_pdf_named_after_the_union(dialog, demo):
    from unionapp.services import settings as settings_service

    union = settings_service.load(demo).union_name
    assert union
    assert dialog.year == TODAY.year
    years = [dialog.year_box.itemData(i) for i in range(dialog.year_box.count())]
    assert TODAY.year in years and years == sorted(years, reverse=True)
    assert dialog.term is None and dialog.term_group.checkedButton().text() == "全年"
    assert not dialog.full_id_box.isChecked() and dialog.full_id_box.isVisibleTo(dialog)
    assert [dialog.format_box.itemData(i) for i in range(dialog.format_box.count())] == ["xlsx", "pdf"]
    assert dialog.fmt == "pdf"
    assert dialog.path.name.startswith(f"{union}{TODAY.year}年度工作台账") and dialog.path.suffix == ".pdf"


def test_a_term_renames_the_file_and_marks_the_yearly_sections(dialog, qtbot):
    dialog.term_group.button(1).click()
    assert dialog.term == 1
    assert f"{TODAY.year}年{TERMS[1][0]}工作台账" in dialog.path.name
    assert dialog.section_boxes["budget"].text() == "经费预算与执行（全年）"
    assert dialog.section_boxes["roster"].text() == "会员名册"
    dialog.term_group.button(0).click()
    assert dialog.section_boxes["budget"].text() == "经费预算与执行"
    assert f"{TODAY.year}年度工作台账" in dialog.path.name


def test_no_section_ticked_is_refused_in_words(dialog, qtbot, messages):
    for box in dialog.section_boxes.values():
        box.setChecked(False)
    dialog.accept()
    assert dialog.isVisible()
    assert messages.shown[-1][2] == "请至少勾选一项要装订的内容。"


def test_choices_reach_the_builder_and_are_remembered(demo, qtbot, modal, messages, tmp_path, monkeypatch):
    calls = []
    real = binder_report.binder

    def recording(db, year, **kwargs):
        calls.append((year, kwargs))
        return real(db, year, **kwargs)

    monkeypatch.setattr(binder_report, "binder", recording)
    target = tmp_path / "春季台账.xlsx"

    def choose(dialog: BinderDialog) -> None:
        dialog.term_group.button(1).click()
        click_checkbox(qtbot, dialog.section_boxes["ledger"])
        click_checkbox(qtbot, dialog.section_boxes["hardship"])
        dialog.format_box.setCurrentIndex(dialog.format_box.findData("xlsx"))
        dialog.path_edit.setText(str(target))
        dialog.buttons.button(dialog.buttons.StandardButton.Ok).click()

    modal.run(BinderDialog, choose, lambda: open_binder(None, demo, TODAY))
    qtbot.waitUntil(lambda: bool(made_boxes() or messages.shown), timeout=60_000)
    assert not messages.shown
    (year, kwargs) = calls[0]
    assert year == TODAY.year and kwargs["term"] == 1
    assert "ledger" not in kwargs["sections"] and "hardship" in kwargs["sections"]
    assert kwargs["include_hardship"] is True and kwargs["full"] is False and kwargs["today"] == TODAY
    assert target.exists()
    box = made_boxes()[0]  # every export's box: open the file or its folder
    assert box.text() == f"年度工作台账已生成：\n{target}"
    assert {"打开文件", "打开所在文件夹"} <= {b.text() for b in box.buttons()}
    box.close()

    def reopened(dialog: BinderDialog) -> None:
        assert dialog.term == 1 and dialog.fmt == "xlsx"
        assert not dialog.section_boxes["ledger"].isChecked()
        assert not dialog.section_boxes["hardship"].isChecked()  # asked for each time, never remembered
        assert not dialog.full_id_box.isChecked()
        assert dialog.section_boxes["dues"].isChecked()

    modal.run(BinderDialog, reopened, lambda: open_binder(None, demo, TODAY))
    assert QSettings().value("binder/term") == "1"


def test_pdf_binder_of_chosen_sections(demo, qtbot, messages, tmp_path):
    path = write(qtbot, messages, demo, tmp_path, sections=("basic", "roster", "dues"), fmt="pdf")
    assert path.exists() and pdf_pages(path) > 1
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".tmp"]


def test_xlsx_binder_has_a_sheet_per_chosen_section(demo, qtbot, messages, tmp_path):
    from openpyxl import load_workbook

    path = write(qtbot, messages, demo, tmp_path, sections=("basic", "roster", "visits"), fmt="xlsx")
    assert zipfile.is_zipfile(path)
    names = load_workbook(path, read_only=True).sheetnames
    assert names == ["基本情况", "会员名册", "五必访登记表", "慰问金签收表"]  # the indicators first


def test_cancel_leaves_no_file(demo, qtbot, tmp_path, monkeypatch):
    real = binder_report.binder
    folder = tmp_path / "out"
    folder.mkdir()
    started, path, finished = threading.Event(), folder / "台账.pdf", []

    def slow(db, year, *, progress=None, cancelled=None, **kwargs):
        def held(done, total):
            started.set()
            for _ in range(500):  # the test presses 取消 meanwhile
                if cancelled():
                    break
                threading.Event().wait(0.01)
            if progress is not None:
                progress(done, total)

        return real(db, year, progress=held, cancelled=cancelled, **kwargs)

    monkeypatch.setattr(binder_report, "binder", slow)
    choice = BinderChoice(2025, None, ("basic", "roster", "dues"), False, "pdf", path)
    progress = start_binder(None, demo, choice, TODAY, on_done=finished.append)
    qtbot.waitUntil(started.is_set, timeout=30_000)
    progress.findChild(QPushButton).click()  # its 取消
    finish(qtbot)
    assert not finished
    assert list(folder.iterdir()) == []  # neither the binder nor a temporary file


def test_progress_names_the_section_being_made(demo, qtbot, messages, tmp_path):
    labels: list[str] = []
    choice = BinderChoice(2025, None, ("basic", "roster"), False, "pdf", tmp_path / "x.pdf")
    done = []
    progress = start_binder(None, demo, choice, TODAY, on_done=done.append)
    progress.findChild(QProgressBar).valueChanged.connect(lambda _v: labels.append(progress.labelText()))
    qtbot.waitUntil(lambda: bool(done or messages.shown), timeout=60_000)
    assert not messages.shown
    assert "正在生成第 2/2 部分：会员名册…" in labels
    assert labels[-1] == "正在写入文件…"


def test_a_read_only_database_still_makes_the_binder(demo_file, tmp_path, qtbot, messages, monkeypatch):
    path = tmp_path / "readonly.db"
    shutil.copy(demo_file, path)
    os.chmod(path, 0o444)
    real_access = os.access

    def access(target, mode, *args, **kwargs):  # tests run as root, for whom every file is writable
        if Path(target) == path and mode & os.W_OK:
            return False
        return real_access(target, mode, *args, **kwargs)

    monkeypatch.setattr(opening.os, "access", access)
    database = open_database(config.database_url(str(path)))
    try:
        assert database.read_only
        written = write(
            qtbot, messages, database, tmp_path, sections=("basic", "roster", "hardship", "audit"), fmt="xlsx"
        )
        assert written.exists()
    finally:
        database.dispose()
        os.chmod(path, 0o644)


def test_every_tabs_report_menu_ends_with_the_binder(demo, open_window, qtbot, modal):
    window = open_window(demo)
    menu = window.members_tab.report_menu
    menu.aboutToShow.emit()
    menu.aboutToShow.emit()  # shown twice: still one item
    texts = [a.text() for a in menu.actions()]
    assert texts[-1] == "年度工作台账…" and texts.count("年度工作台账…") == 1
    window.tabs.setCurrentWidget(window.congress_tab)
    congress = window.congress_tab.report_menu
    congress.aboutToShow.emit()  # a menu the tab fills again each time it shows
    assert congress.actions()[-1].text() == "年度工作台账…"
    seen = []
    modal.run(BinderDialog, lambda d: seen.append(d.year), congress.actions()[-1].trigger)
    assert seen == [date.today().year]
