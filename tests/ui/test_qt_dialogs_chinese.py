"""Qt's own dialogs read Chinese: the file chooser, the print dialog, its page setup and
the print preview, including the labels Qt's zh_CN catalogue no longer matches since Qt 6
gave them accelerators ("&Look in:") and the file list's 类型 column."""

from __future__ import annotations

import re

from PySide6.QtCore import QAbstractListModel, QCoreApplication, Qt
from PySide6.QtGui import QAction
from PySide6.QtPrintSupport import QPageSetupDialog, QPrintDialog, QPrinter, QPrintPreviewDialog
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QGroupBox,
    QLabel,
    QTabWidget,
    QTreeView,
    QWidget,
)

from unionapp.ui.shell.translation import with_accelerator

# English words seen in these dialogs before they were translated.
ENGLISH = re.compile(
    r"\b(look|name|type|files?|folder|detail|view|back|forward|parent|directory|create|new|printer|"
    r"properties|options|portrait|landscape|print|close|cancel|open|save|page|pages|order|sheet|set|"
    r"copies|collate|reverse|zoom|fit|width|first|last|next|previous|setup|export|preview|overview|"
    r"size|modified|date|bytes|layout|margins|paper|source|orientation|duplex|color|range)\b",
    re.IGNORECASE,
)


def widget_texts(widget: QWidget) -> list[str]:
    texts = [widget.toolTip(), widget.statusTip(), widget.whatsThis()]
    if isinstance(widget, (QAbstractButton, QLabel)):
        texts.append(widget.text())
    if isinstance(widget, QGroupBox):
        texts.append(widget.title())
    if isinstance(widget, QComboBox):
        texts += [widget.itemText(i) for i in range(widget.count())]
    if isinstance(widget, QTabWidget):
        texts += [widget.tabText(i) for i in range(widget.count())]
    if isinstance(widget, QAbstractItemView) and widget.model() is not None:
        model = widget.model()
        # A list model's columnCount is private in PySide: it has one column.
        columns = 1 if isinstance(model, QAbstractListModel) else model.columnCount()
        texts += [str(model.headerData(c, Qt.Orientation.Horizontal) or "") for c in range(columns)]
    return texts


def english_in(dialog: QWidget) -> list[str]:
    """Every text of the dialog and its children (shown or not, e.g. behind 选项 >>) with an English word."""
    texts = [dialog.windowTitle()]
    for widget in [dialog, *dialog.findChildren(QWidget)]:
        texts += widget_texts(widget)
    for action in dialog.findChildren(QAction):
        texts += [action.text(), action.toolTip()]
    return [text for text in texts if ENGLISH.search(text.replace("&", ""))]


def shown(qtbot, dialog: QWidget) -> QWidget:
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_file_dialog_reads_chinese(app, qtbot, tmp_path):
    (tmp_path / "子文件夹").mkdir()
    (tmp_path / "名单.xlsx").write_bytes(b"x" * 10)
    for mode in (QFileDialog.AcceptMode.AcceptOpen, QFileDialog.AcceptMode.AcceptSave):
        dialog = QFileDialog(None, "导入", str(tmp_path), "表格 (*.xlsx)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(mode)
        dialog.setViewMode(QFileDialog.ViewMode.Detail)
        shown(qtbot, dialog)
        assert english_in(dialog) == []
        assert dialog.findChild(QLabel, "lookInLabel").text() == "查找范围(&L)："
        assert dialog.findChild(QLabel, "fileTypeLabel").text() == "文件类型(&T)："
        tree = dialog.findChild(QTreeView, "treeView")
        qtbot.waitUntil(lambda tree=tree: tree.model().rowCount(tree.rootIndex()) > 0)
        types = {
            tree.model().index(r, 2, tree.rootIndex()).data() for r in range(tree.model().rowCount(tree.rootIndex()))
        }
        assert "文件夹" in types  # the 类型 column
        dialog.close()


def test_print_dialogs_read_chinese(app, qtbot):
    printer = QPrinter()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    for dialog in (QPrintDialog(printer), QPrintPreviewDialog(printer), QPageSetupDialog(printer)):
        shown(qtbot, dialog)
        assert english_in(dialog) == [], type(dialog).__name__
        dialog.close()


def test_catalogue_texts_and_fill_ins():
    tr = QCoreApplication.translate
    assert tr("QPageSetupWidget", "Page &order:") == "页面顺序(&O)："
    assert tr("QPrintSettingsOutput", "Page &Set:") == "页面组(&S)："
    assert tr("QFileDialog", "File &name:") == "文件名称(&N)："  # the catalogue's own, untouched
    assert tr("QAbstractFileIconProvider", "Folder", "All other platforms") == "文件夹"
    # What neither knows stays as it is, never blank.
    assert tr("QDialogButtonBox", "a text nobody translates &x") == "a text nobody translates &x"
    assert tr("QLineEdit", "a text nobody translates") == "a text nobody translates"
    assert with_accelerator("查找范围：", "L") == "查找范围(&L)："
    assert with_accelerator("打印", "P") == "打印(&P)"
    assert with_accelerator("打印(&P)", "P") == "打印(&P)"
