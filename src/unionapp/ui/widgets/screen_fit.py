"""Windows that fit a small screen. The common office laptop is 1366×768 at 125 % scaling:
about 1093×574 logical pixels once the taskbar is off. No window may be taller than that:
a window is sized into the screen's free area, and a dialog whose content cannot shrink so
far scrolls, with its 保存/取消 row staying in view below."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialogButtonBox, QFrame, QHBoxLayout, QScrollArea, QVBoxLayout, QWidget

# The title bar and borders the system adds around a window; the screen's available
# geometry does not subtract them (Windows 10 at 125 %: a 31 px title bar, 8 px borders).
FRAME = QSize(16, 40)
SCROLLED = "unionapp_scrolled"


def free_area(widget: QWidget) -> QRect:
    """The screen's area not taken by the taskbar, on the screen the window is on."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry()


def room(widget: QWidget) -> QSize:
    """The largest size a window's content may take on the screen it is on."""
    free = free_area(widget)
    return QSize(max(free.width() - FRAME.width(), 1), max(free.height() - FRAME.height(), 1))


def fit_window(window: QWidget, wanted: QSize | None = None) -> None:
    """Size a top-level window to `wanted` (its own size by default), cut to the screen's
    free area, and move it back onto that area if part of it was off."""
    space = room(window)
    size = (wanted or window.size()).boundedTo(space).expandedTo(window.minimumSize().boundedTo(space))
    window.resize(size)
    free = free_area(window)
    x = min(max(window.x(), free.left()), free.left() + max(free.width() - size.width() - FRAME.width(), 0))
    y = min(max(window.y(), free.top()), free.top() + max(free.height() - size.height() - FRAME.height(), 0))
    if QPoint(x, y) != window.pos():
        window.move(x, y)


def fit_dialog(dialog: QWidget) -> None:
    """Call at the end of a dialog's __init__: scrolls if too tall, then fits the screen."""
    scroll_if_tall(dialog)
    fit_window(dialog, dialog.size().expandedTo(dialog.sizeHint()))


def scroll_if_tall(dialog: QWidget) -> QScrollArea | None:
    """Put the dialog's content in a scroll area when it needs more height than the screen
    has; a QDialogButtonBox at the end of its layout stays outside, always in view."""
    layout = dialog.layout()
    if layout is None or dialog.property(SCROLLED):
        return None
    if layout.totalMinimumSize().height() <= room(dialog).height():
        return None
    margins = layout.contentsMargins()
    buttons = _trailing_buttons(layout)
    content = QWidget()
    content.setLayout(layout)  # Qt takes the layout, and the widgets in it, off the dialog
    area = QScrollArea()
    area.setObjectName("screen_fit_scroll")
    area.setWidgetResizable(True)
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    area.setWidget(content)
    # As wide as the content, so only the height scrolls.
    scrollbar = area.verticalScrollBar().sizeHint().width()
    area.setMinimumWidth(content.minimumSizeHint().width() + scrollbar)
    outer = QVBoxLayout(dialog)
    outer.setContentsMargins(0, 0, 0, margins.bottom())
    outer.addWidget(area)
    if buttons is not None:
        row = QHBoxLayout()
        row.setContentsMargins(margins.left(), 0, margins.right(), 0)
        row.addWidget(buttons)
        outer.addLayout(row)
    dialog.setProperty(SCROLLED, True)
    return area


def _trailing_buttons(layout) -> QDialogButtonBox | None:
    """The layout's last item when it is a button box, taken out of the layout."""
    count = layout.count()
    widget = layout.itemAt(count - 1).widget() if count else None
    if not isinstance(widget, QDialogButtonBox):
        return None
    layout.takeAt(count - 1)
    return widget
