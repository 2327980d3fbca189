"""Opening a database safely and the backup commands of the 文件 menu: the prompt when
another copy of the app has the file open, the offer of the newest good backup for a
damaged file, 备份到… and 从备份恢复… (its dialog is in restore_dialog)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QThreadPool
from PySide6.QtWidgets import QApplication, QDialog, QFileDialog, QMessageBox, QWidget

from unionapp import config
from unionapp.db import lock as writer_lock
from unionapp.db.engine import Database
from unionapp.db.errors import DatabaseOpenError
from unionapp.db.opening import DamagedDatabaseError, open_database
from unionapp.db.schema_check import SchemaMismatchError
from unionapp.ui.widgets.common import show_error
from unionapp.ui.widgets.tasks import run_task

if TYPE_CHECKING:
    from unionapp.services.backup import BackupInfo

# services.backup and the restore dialog are imported where they are used: a start that
# opens a sound database needs neither before its window is shown.

LAST_BACKUP_DIR_KEY = "backup/last_target_dir"
IN_USE_BANNER = (
    "另一位用户正在使用这个数据库（{who}）：现在只能查看和查找，不能修改。对方关闭工会助手后，重新打开数据库即可修改。"
)


# ---------------------------------------------------------------- opening a file
def open_for_window(parent: QWidget | None, url: str) -> Database | None:
    """Open a database for the window: with the one-writer lock, or read-only when the
    user agrees because another copy holds it; a damaged file is offered the newest good
    backup. None when it can't be opened (the user has been told why)."""
    try:
        return open_database(url, lock=True)
    except writer_lock.DatabaseLockedError as exc:
        return _open_read_only(parent, url, exc.holder)
    except (DamagedDatabaseError, SchemaMismatchError) as exc:  # a damaged or a tampered file
        return _offer_backup_for_damaged(parent, url, exc)
    except DatabaseOpenError as exc:
        _cannot_open(parent, url, exc)
        return None


def in_use_banner(db: Database) -> str:
    holder = db.lock_holder or writer_lock.LockHolder()
    who = f"{holder.computer} 上的 {holder.who()}" if holder.computer else holder.who()
    return IN_USE_BANNER.format(who=who)


def _cannot_open(parent: QWidget | None, url: str, exc: Exception) -> None:
    QMessageBox.warning(parent, "无法打开数据库", f"{exc}\n\n数据库位置：{_where(url)}")


def _where(url: str) -> str:
    try:
        probe = Database(url)
    except Exception:  # noqa: BLE001 - an unusable URL is shown as given
        return url
    try:
        return str(probe.sqlite_path or probe.url.render_as_string(hide_password=True))
    finally:
        probe.dispose()


def _open_read_only(parent: QWidget | None, url: str, holder: writer_lock.LockHolder) -> Database | None:
    box = QMessageBox(
        QMessageBox.Icon.Information,
        "数据库正在使用",
        f"{holder.message()}\n\n以只读方式打开，可以查看、查找、打印和导出，但不能修改。",
        parent=parent,
    )
    read_only = box.addButton("以只读方式打开", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(read_only)
    box.exec()
    if box.clickedButton() is not read_only:
        return None
    try:
        db = open_database(url, create=False, read_only=True)
    except DatabaseOpenError as exc:
        _cannot_open(parent, url, exc)
        return None
    db.lock_holder = holder
    return db


def _offer_backup_for_damaged(
    parent: QWidget | None, url: str, damage: DamagedDatabaseError | SchemaMismatchError
) -> Database | None:
    """The newest good backup (or one the user picks, e.g. on a USB stick) in place of the
    damaged or tampered file, which is kept aside, never deleted. At start there is no
    window yet whose 从备份恢复 the user could reach: the offer is made here."""
    from unionapp.services import backup

    try:
        info, folder_note = backup.latest_good_backup(damage.path.stem), ""
    except backup.BackupError as exc:  # the backups folder is on a removed USB stick, say
        info, folder_note = None, str(exc)
    if getattr(damage, "not_sqlite", False) and info is None:  # most likely the wrong file was chosen: just say so
        _cannot_open(parent, url, damage)
        return None
    choice = _ask_about_damaged(parent, damage, info, folder_note)
    if choice == "other":
        info = _pick_backup_file(parent)
    if choice is None or info is None:
        return None
    return _replace_damaged(parent, url, damage.path, info)


def _ask_about_damaged(parent, damage: DatabaseOpenError, info: BackupInfo | None, folder_note: str) -> str | None:
    tampered = isinstance(damage, SchemaMismatchError)
    which = "结构异常的文件" if tampered else "损坏的文件"
    keep = f"{which}不会删除，会改名为 {damage.path.stem}-damaged-（日期时间）.db 留在原处。"
    if info is not None:
        text = (
            f"{damage}\n\n最近的完好备份是 {info.made_at:%Y-%m-%d %H:%M}（{info.counts_text()}）。要用它恢复吗？\n"
            f"这次备份之后的修改不在其中，恢复后请核对补录。{keep}"
        )
    else:
        where = folder_note or f"备份文件夹（{config.backup_dir()}）中没有这个数据库的完好备份。"
        text = f"{damage}\n\n{where}\n如果在U盘或其他地方有备份，可以选择它来恢复。{keep}"
    title = "数据库文件结构异常" if tampered else "数据库文件已损坏"
    box = QMessageBox(QMessageBox.Icon.Critical, title, text, parent=parent)
    latest = box.addButton("用这个备份恢复", QMessageBox.ButtonRole.AcceptRole) if info is not None else None
    other = box.addButton("选择其他备份…" if info is not None else "选择备份文件…", QMessageBox.ButtonRole.ActionRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.setDefaultButton(latest or other)
    box.exec()
    clicked = box.clickedButton()
    return "latest" if latest is not None and clicked is latest else "other" if clicked is other else None


def _pick_backup_file(parent) -> BackupInfo | None:
    path, _ = QFileDialog.getOpenFileName(
        parent, "选择备份文件", str(config.backup_dir()), "工会助手数据库 (*.db);;所有文件 (*)"
    )
    if not path:
        return None
    from unionapp.services import backup

    try:
        return backup.check_restorable(Path(path))
    except backup.BackupError as exc:
        show_error(parent, exc, "不能用这个文件恢复")
        return None


def _replace_damaged(parent, url: str, path: Path, info: BackupInfo) -> Database | None:
    from unionapp.services import backup

    try:
        held = writer_lock.acquire(path)  # nobody else may open it while it is replaced
    except writer_lock.DatabaseLockedError as exc:
        QMessageBox.warning(parent, "数据库正在使用", str(exc))
        return None
    except OSError:
        held = None
    try:
        aside = backup.replace_damaged(path, info.path)
        db = open_database(url, lock=True)
    except (backup.BackupError, DatabaseOpenError) as exc:
        _cannot_open(parent, url, exc)
        return None
    finally:
        if held is not None:
            held.release()  # the opened database holds its own share of the lock
    QMessageBox.information(
        parent,
        "已从备份恢复",
        f"已用 {info.made_at:%Y-%m-%d %H:%M} 的备份恢复（{info.counts_text()}）。\n"
        f"这次备份之后的修改不在其中，请核对后补录。\n\n原来的文件没有删除，保留为：\n{aside}",
    )
    return db


# ---------------------------------------------------------------- 备份到…
def backup_to(window) -> None:
    """文件 → 备份到…: a verified copy where the user says (a USB stick, say), written off
    the GUI thread; then where it is and how big."""
    from unionapp.services import backup

    source = window.db.sqlite_path
    start = QSettings().value(LAST_BACKUP_DIR_KEY) or QStandardPaths.writableLocation(
        QStandardPaths.StandardLocation.DocumentsLocation
    )
    name = f"工会数据-{datetime.now():%Y%m%d-%H%M}.db"
    chosen, _ = QFileDialog.getSaveFileName(window, "备份到", str(Path(start) / name), "工会助手数据库 (*.db)")
    if not chosen:
        return
    target = Path(chosen) if Path(chosen).suffix.lower() == ".db" else Path(chosen + ".db")
    if target.resolve() == source.resolve():
        QMessageBox.warning(window, "备份到", "不能把数据库备份到它自己身上，请换一个文件名或位置。")
        return
    QSettings().setValue(LAST_BACKUP_DIR_KEY, str(target.parent))

    def done(made: Path) -> None:
        size = backup.human_size(made.stat().st_size)
        QMessageBox.information(
            window,
            "备份完成",
            f"已备份并校验通过：\n{made}\n大小：{size}\n\n需要时，用“文件 → 从备份恢复…”中的“选择其他文件…”恢复它。",
        )

    run_task(
        window,
        f"正在备份到 {target} …",
        lambda: backup.write_snapshot(source, target),
        done,
        lambda exc: show_error(window, exc, "备份没有完成"),
        cancellable=False,
    )


# ---------------------------------------------------------------- 从备份恢复…
def restore_into(window) -> None:
    """文件 → 从备份恢复…: choose a backup, then the window closes its database, the
    current file is backed up, the backup is put in its place and the window re-opens it."""
    from unionapp.services import backup
    from unionapp.ui.shell.restore_dialog import RestoreDialog

    path = window.db.sqlite_path
    dialog = RestoreDialog(path, window)
    if dialog.exec() != QDialog.DialogCode.Accepted or dialog.chosen is None:
        return
    info = dialog.chosen
    QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)  # a few seconds for a large file
    try:
        QThreadPool.globalInstance().waitForDone()  # the tabs' background loads use the engine
        window.db.dispose()  # it reconnects by itself should the restore fail
        kept = backup.restore(path, info.path)
    except backup.BackupError as exc:
        QApplication.restoreOverrideCursor()
        show_error(window, exc, "恢复没有完成")
        return
    QApplication.restoreOverrideCursor()
    window.switch_database(str(path))
    before = f"恢复前的数据已备份到：\n{kept}" if kept else ""
    QMessageBox.information(
        window, "恢复完成", f"已用 {info.made_at:%Y-%m-%d %H:%M} 的备份恢复（{info.counts_text()}）。\n\n{before}"
    )
