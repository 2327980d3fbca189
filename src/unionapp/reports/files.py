"""Writing an output file safely: into a temporary file beside the target, renamed over
it only when complete. A failure or a cancel removes the temporary file, so the user
never finds a half-written report (nor loses the old one)."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from unionapp.domain.errors import DomainError
from unionapp.privacy import FILE_MODE

Progress = Callable[[int, int], None]  # (done, total)
Cancelled = Callable[[], bool]
CHECK_EVERY = 200  # rows between two looks at the cancel flag and progress


class ExportError(DomainError):
    """The file could not be written; the message says what to do."""


class ExportCancelled(Exception):
    """The user cancelled; nothing was written."""


class Ticker:
    """Calls `progress` and checks `cancelled` every CHECK_EVERY steps, cheaply."""

    def __init__(self, total: int, cancelled: Cancelled | None, progress: Progress | None):
        self.total = max(total, 1)
        self.cancelled = cancelled
        self.progress = progress
        self.done = 0

    def step(self, n: int = 1) -> None:
        before = self.done
        self.done += n
        if before // CHECK_EVERY != self.done // CHECK_EVERY:
            self.check()

    def check(self) -> None:
        if self.cancelled is not None and self.cancelled():
            raise ExportCancelled()
        if self.progress is not None:
            self.progress(min(self.done, self.total), self.total)


@contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success it replaces the target."""
    target = Path(target)
    try:
        # Named after the target, so a leftover after a power cut is recognisable.
        fd, tmp = tempfile.mkstemp(prefix=f"~{target.stem[:40]}.", suffix=".tmp", dir=target.parent)
    except OSError as exc:
        raise ExportError(message_for(exc, target)) from exc
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        os.chmod(tmp_path, FILE_MODE)  # a report lists members' personal data: its user's alone
        os.replace(tmp_path, target)
    except OSError as exc:
        _remove(tmp_path)
        raise ExportError(message_for(exc, target)) from exc
    except BaseException:
        _remove(tmp_path)
        raise


def write_file(target: str | os.PathLike, data: bytes) -> Path:
    """Save ready-made bytes (an import template) atomically; raises ExportError."""
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)


def _remove(path: Path) -> None:
    try:
        path.unlink(missing_ok=True)
    except OSError:
        pass  # the folder itself went away or turned read-only: nothing more we can do


def message_for(exc: OSError, target: Path) -> str:
    """A Chinese sentence for an OS error while writing `target`."""
    folder = target.parent
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"磁盘空间不足，无法保存“{target.name}”。请清理磁盘或换一个位置后重试。"
    if exc.errno == errno.EFBIG:  # past a file-size limit (a FAT32 USB stick holds at most 4 GB per file)
        return f"“{target.name}”太大，这个位置放不下。请换一个位置（例如电脑硬盘上的“文档”）后重试。"
    if isinstance(exc, FileNotFoundError | NotADirectoryError) and not folder.is_dir():
        return f"文件夹“{folder}”不存在，请选择其他位置。"
    if isinstance(exc, PermissionError) or exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        if target.exists():
            return (
                f"无法覆盖“{target.name}”：文件可能正在 Excel、WPS 或其他程序中打开，"
                "或者没有写入权限。请关闭该文件后重试，或换一个文件名。"
            )
        return f"没有权限在文件夹“{folder}”中保存文件，请选择其他位置（例如“文档”或桌面）。"
    if exc.errno == errno.ENAMETOOLONG:
        return "文件名或路径太长，请缩短文件名或换一个文件夹。"
    if exc.errno == errno.EIO:
        return f"保存“{target.name}”时读写出错：U 盘或网络盘可能已断开，请检查后重试。"
    # strerror is English on most systems: give the number for whoever helps the user.
    return f"保存“{target.name}”失败（系统错误代码 {exc.errno}），请换一个位置后重试。"
