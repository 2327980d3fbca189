"""The zip checks every .xlsx (and .ods) passes before a reader opens it: judged from the
zip's directory, before a byte is inflated. Apart from the streaming reader, so that a
file calamine reads costs no openpyxl import."""

from __future__ import annotations

import zipfile
from pathlib import Path

# Uncompressed sizes. openpyxl holds the shared strings (the texts of all cells) and the
# styles in memory: 650,000 distinct names are a 17 MB part, and the import of such a
# file peaked at 200 MB. A worksheet is streamed, so it may be larger. A school's roster
# or ledger is a few MB, its shared strings under one.
MAX_SHEET_PART = 300 * 2**20
MAX_OTHER_PART = 10 * 2**20
MAX_TOTAL = 400 * 2**20  # all members together
MAX_MEMBERS = 5_000  # Excel writes a dozen parts, a few hundred with many sheets and pictures
# Deflate packs at most about 1,000:1; a worksheet of identical formatted rows reaches 100:1.
MAX_RATIO = 250
RATIO_FROM = 2**20  # small parts compress as they will

_SUFFIX = (
    "没有导入任何数据。请确认选对了文件；如果表格中有大量多余的行、列或格式，"
    "请只把需要导入的内容复制到新的工作簿，另存后再导入。"
)


class TooLarge(Exception):
    """A workbook beyond the limits; the message is Chinese."""


def check_members(path: Path) -> None:
    """Refuse a zip bomb (or a sheet filled to its last cell) from the zip's directory,
    before a byte is inflated: member count, each member's compressed and uncompressed
    size and their ratio, and the total. zipfile never inflates a member beyond the
    size its directory gives (a member that does is damaged: its CRC fails)."""
    with path.open("rb") as f:
        try:
            count = zipfile._EndRecData(f)[zipfile._ECD_ENTRIES_TOTAL]  # before the directory is loaded
        except (TypeError, IndexError, OSError):
            count = 0  # no end record: zipfile says so next
    _check_count(path, count)
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
    _check_count(path, len(infos))
    total = 0
    for info in infos:
        if max(info.file_size, info.compress_size) > MAX_SHEET_PART:
            raise TooLarge(
                f"“{path.name}”中有一个部分（{_shown_member(info)}）解压后超过 "
                f"{MAX_SHEET_PART // 2**20} MB，远大于一所学校的名册或账目，" + _SUFFIX
            )
        if info.file_size > RATIO_FROM and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise TooLarge(
                f"“{path.name}”中有一个部分（{_shown_member(info)}）压缩得异常紧密（解压后是压缩时的 "
                f"{info.file_size // max(info.compress_size, 1):,} 倍），不像正常的 Excel 工作簿，" + _SUFFIX
            )
        total += info.file_size
    if total > MAX_TOTAL:
        raise TooLarge(f"“{path.name}”解压后共超过 {MAX_TOTAL // 2**20} MB，远大于一所学校的名册或账目，" + _SUFFIX)


def _check_count(path: Path, count: int) -> None:
    if count > MAX_MEMBERS:
        raise TooLarge(f"“{path.name}”由 {count:,} 个部分组成，远多于正常的 Excel 工作簿（几十个），" + _SUFFIX)


def _shown_member(info: zipfile.ZipInfo) -> str:
    name = info.filename
    return name if len(name) <= 40 and name.isprintable() else name[:20].encode("ascii", "replace").decode() + "…"


class GuardedZip(zipfile.ZipFile):
    """An archive that refuses to open a part larger than MAX_OTHER_PART for openpyxl,
    which reads each part it is given whole; worksheets are opened with open_sheet."""

    def open(self, name, mode="r", pwd=None, **kwargs):
        if mode == "r":
            info = name if isinstance(name, zipfile.ZipInfo) else self.getinfo(name)
            if info.file_size > MAX_OTHER_PART:
                raise TooLarge(
                    f"“{Path(str(self.filename)).name}”的文字或格式内容解压后超过 "
                    f"{MAX_OTHER_PART // 2**20} MB，远大于一所学校的名册或账目，" + _SUFFIX
                )
        return super().open(name, mode, pwd, **kwargs)

    def open_sheet(self, name: str):
        return super().open(name, "r")  # within MAX_SHEET_PART, checked by check_members


def open_archive(path: Path) -> GuardedZip:
    check_members(path)
    return GuardedZip(path)
