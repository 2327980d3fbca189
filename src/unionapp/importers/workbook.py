"""Find the table in a workbook and read its rows, whatever the title rows and header names.

Generic for every importer: the caller gives a header-alias table
(field → accepted header names, best first) and gets a `Sheet` whose rows are
dicts field → raw value. Values are left for the domain parsers to judge:
strings are stripped, numbers and dates stay as they are.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from unionapp.domain.import_mapping import IGNORE, ImportMappings, header_key
from unionapp.domain.text import shown, strip_unsafe
from unionapp.importers.book import MAX_COLUMN, MAX_ROW, Overflow, column_letter
from unionapp.importers.cells import CellCleaner, joined
from unionapp.importers.cells import as_text as as_text  # where the importers take it from
from unionapp.importers.cells import clean_cell as clean_cell
from unionapp.importers.errors import ImportFileError
from unionapp.importers.merged import FillDown, OverlappingMerges, fill_note
from unionapp.importers.sources import Book, Row, open_book

HEADER_SCAN_ROWS = 20  # the header is looked for in the first rows of each sheet
MAX_BLANK_RUN = 1000  # this many blank rows in a row end the table (formatted but empty rows)
# A school has hundreds of staff and some thousands of ledger lines a decade: more rows
# than this is the wrong file (or a sheet filled to the bottom), refused while streaming
# so that a 1,000,000-row file is never held in memory.
MAX_DATA_ROWS = 50_000
MAX_IGNORED_SHOWN = 20  # ignored columns named in the preview; a sheet may have 16,384
MAX_CHOICES = 60  # columns offered for mapping; a roster has a few dozen
IGNORED_HEADERS = ("序号", "编号", "No", "NO", "no")
_TOTAL_WORDS = ("合计", "总计", "小计")
_TOTAL_FIRST = frozenset(w[0] for w in _TOTAL_WORDS)
_FOOTER_WORDS = ("制表", "填表", "审核", "注:", "说明:", "备注:")
normalize_header = header_key  # the importers' name for it


@dataclass(frozen=True)
class Column:
    index: int  # 0-based position in the row
    header: str  # the header text as written in the file


@dataclass
class Sheet:
    """The table found in a workbook. Use as a context manager, or call close()."""

    name: str
    header_row: int  # 1-based, as Excel shows it
    columns: dict[str, Column]
    ignored_columns: list[str] = field(default_factory=list)
    key_field: str = "name"
    column_choices: list[tuple[str, str]] = field(default_factory=list)  # (header, field or IGNORE)
    _book: Book | None = field(default=None, repr=False)
    _index: int = 0
    source: str = ""  # the file's name, for messages
    width: int = 0  # cells in the header row: what lies right of the table is not read
    _header_overflow: Overflow = field(default_factory=Overflow, repr=False)  # far cells of the header row
    _overflow: Overflow = field(default_factory=Overflow, repr=False)  # of the data rows
    _fill: FillDown | None = field(default=None, repr=False)
    _cells: CellCleaner = field(default_factory=CellCleaner, repr=False)
    _header_key: str | None = field(default=None, repr=False)

    def rows(self) -> Iterator[tuple[int, dict[str, object]]]:
        """(row number, field → value) for each data row; blank, totals and footer rows
        skipped; cells under a merged range filled with its value (see `notes`).

        Raises ImportFileError for a sheet damaged below its header, or one with more
        than MAX_DATA_ROWS filled rows (found while streaming, before they are all read).
        """
        if self._book is None:
            raise ValueError("sheet is closed")
        key = self.columns[self.key_field].index
        try:
            self._fill = FillDown(self._book.merges(self._index), self.header_row, key, self.width or MAX_COLUMN)
        except OverlappingMerges as exc:
            raise ImportFileError(_overlap_message(self.source, self.name, exc)) from exc
        self._overflow = Overflow()
        blank_run = filled = 0
        previous = self.header_row
        for number, raw in self._raw_rows():
            blank_run += number - previous - 1  # rows missing from the file are blank
            previous = number
            if blank_run >= MAX_BLANK_RUN:
                return
            values = self._values(raw)
            if self._fill:
                self._fill.top(number, raw)
            if all(v is None for v in values.values()):
                blank_run += 1
                if blank_run >= MAX_BLANK_RUN:
                    return
                continue
            if self._fill:
                raw = self._fill.fill(number, raw)
                values = self._values(raw)
            blank_run = 0
            filled += 1
            if filled > MAX_DATA_ROWS:
                raise ImportFileError(_too_many_rows(self.source, self.name))
            if not self._is_total_or_footer(raw, values) and not self._repeats_header(values):
                yield number, values

    def _values(self, raw: Row) -> dict[str, object]:
        return self._cells.values(raw, self.columns)

    @property
    def notes(self) -> list[str]:
        """What the preview should tell about the rows read by rows(): merged cells filled
        in, content beyond the columns and rows that are read."""
        notes = []
        if self._fill is not None:
            by_index = {c.index: c.header for c in self.columns.values()}
            for index in sorted(self._fill.used):
                if index in by_index:
                    notes.append(fill_note(by_index[index], list(self._fill.used[index])))
        notes += overflow_notes(self._header_overflow, self._overflow)
        return notes

    def _raw_rows(self) -> Iterator[tuple[int, Row]]:
        """The book's rows below the header, cut to the table's width; a reader error
        (a damaged zip or XML part is found only when reached) becomes ImportFileError."""
        rows = self._book.rows(self._index, start=self.header_row + 1, overflow=self._overflow)
        number = self.header_row
        while True:
            try:
                number, raw = next(rows)
            except StopIteration:
                return
            except ImportFileError:
                raise  # the reader's own account of what is wrong
            except Exception as exc:  # zip, XML, number and date errors of a damaged sheet
                raise ImportFileError(
                    f"“{self.source}”的工作表“{shown(self.name)}”在第 {number + 1} 行附近已损坏，无法读取，没有导入任何数据。"
                    "请用 Excel 或 WPS 打开它，另存为新的 .xlsx 文件后再导入。"
                ) from exc
            yield number, raw[: self.width] if self.width else raw

    def _repeats_header(self, values: dict[str, object]) -> bool:
        """A header row again in the data, as in a table pasted from printed pages."""
        key = values.get(self.key_field)
        if not isinstance(key, str):
            return False
        if self._header_key is None:  # the header's own key, made once
            self._header_key = normalize_header(self.columns[self.key_field].header)
        return normalize_header(key) == self._header_key

    def _is_total_or_footer(self, raw: Row, values: dict[str, object]) -> bool:
        # A text without spaces starts with its first non-space character: only a text
        # whose first one could start a total is joined up to be compared. (A plain loop:
        # any() over a generator costs twice as much a cell, for every cell of the sheet.)
        for v in raw:
            if isinstance(v, str) and v.lstrip()[:1] in _TOTAL_FIRST and joined(v).startswith(_TOTAL_WORDS):
                return self._total_word_marks_total(raw, values)
        if values.get(self.key_field) is not None:
            return False
        texts = [joined(v) for v in raw if isinstance(v, str)]
        filled = [v for v in values.values() if v is not None]
        if all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in filled):
            return True  # no name, only numbers: a totals row without the word
        footer = [unicodedata.normalize("NFKC", t) for t in texts]
        return any(t.startswith(_FOOTER_WORDS) for t in footer)

    def _total_word_marks_total(self, raw: Row, values: dict[str, object]) -> bool:
        """A row with a name whose 合计/小计 stands only in its own data (备注 "合计两份",
        物品 "小计本", 发放名称 "合计…") is data; 合计 in the name, 序号 or an unread column
        makes it the sheet's totals row."""
        key = values.get(self.key_field)
        if not isinstance(key, str) or joined(key).startswith(_TOTAL_WORDS):
            return True
        data = {c.index for f, c in self.columns.items() if f != self.key_field}
        return any(
            isinstance(v, str) and joined(v).startswith(_TOTAL_WORDS) and i not in data for i, v in enumerate(raw)
        )

    def close(self) -> None:
        if self._book is not None:
            self._book.close()
            self._book = None

    def __enter__(self) -> Sheet:
        return self

    def __exit__(self, *exc) -> None:
        self.close()


def _overlap_message(source: str, sheet: str, exc: OverlappingMerges) -> str:
    def ref(m) -> str:
        return f"{column_letter(m.min_col)}{m.min_row}:{column_letter(m.max_col)}{m.max_row}"

    return (
        f"“{source}”的工作表“{shown(sheet)}”中有相互重叠的合并单元格（如 {ref(exc.first)} 与 {ref(exc.second)}），"
        "Excel 不会保存这样的表格，文件可能已损坏或被改动，没有导入任何数据。"
        "请用 Excel 或 WPS 打开它，另存为新的 .xlsx 文件后再导入。"
    )


def _too_many_rows(source: str, sheet: str) -> str:
    return (
        f"“{source}”的工作表“{shown(sheet)}”有超过 {MAX_DATA_ROWS:,} 行数据，远多于一所学校的名册或账目，没有导入任何数据。"
        "请确认选对了文件；如果表格下方有大量多余内容，请删除多余的行，另存后再导入。"
    )


def match_header(
    cells: Row, aliases: Mapping[str, Sequence[str]], mapping: ImportMappings | None = None
) -> dict[str, Column]:
    """Which column holds each field. The user's column mappings come first (a column
    mapped to IGNORE is read by no field); then fields are served in table order, each
    taking its best-ranked alias still free, so a column claimed by an earlier field
    (部门 as the group when there is no 工会小组) is not offered to a later one.
    Raises ImportFileError when two columns are mapped to one field."""
    texts = {i: normalize_header(v) for i, v in enumerate(cells) if isinstance(v, str) and v.strip()}
    columns: dict[str, Column] = {}
    taken: set[int] = set()
    for index in texts:
        target = mapping.column(_header_text(cells[index])) if mapping else None
        if target is None or (target and target not in aliases):
            continue  # not mapped, or mapped to a field this area no longer has
        taken.add(index)
        if target:
            if target in columns:
                raise ImportFileError(_two_columns(columns[target].header, _header_text(cells[index]), target, aliases))
            columns[target] = Column(index, _header_text(cells[index]))
    for name, names in aliases.items():
        if name in columns:
            continue
        for alias in names:
            wanted = normalize_header(alias)
            index = next((i for i, t in texts.items() if t == wanted and i not in taken), None)
            if index is not None:
                columns[name] = Column(index, _header_text(cells[index]))
                taken.add(index)
                break
    return columns


def _header_text(value: object) -> str:
    return " ".join(strip_unsafe(str(value)).split())


def _two_columns(first: str, second: str, name: str, aliases: Mapping[str, Sequence[str]]) -> str:
    return (
        f"“{shown(first, 30)}”和“{shown(second, 30)}”两列都对应到“{aliases[name][0]}”，一个字段只能来自一列。"
        "请把其中一列改为“忽略”，或在“导入对应关系”中修改记住的对应。"
    )


def column_choices(cells: Row, columns: dict[str, Column]) -> list[tuple[str, str]]:
    """Every headed column of the table (but 序号), with the field it is read as or IGNORE:
    what the preview lets the user change. The first MAX_CHOICES; a sheet may have 16,384."""
    by_index = {c.index: name for name, c in columns.items()}
    choices = []
    for i, v in enumerate(cells):
        if isinstance(v, str) and v.strip() and normalize_header(v) not in IGNORED_HEADERS:
            choices.append((_header_text(v), by_index.get(i, IGNORE)))
            if len(choices) == MAX_CHOICES:
                break
    return choices


def _ignored(cells: Row, columns: dict[str, Column]) -> list[str]:
    """The header texts of the columns not read, for the preview: the first few, then how many."""
    used = {c.index for c in columns.values()}
    names = [
        shown(v, 40)
        for i, v in enumerate(cells)
        if isinstance(v, str) and v.strip() and i not in used and normalize_header(v) not in IGNORED_HEADERS
    ]
    if len(names) > MAX_IGNORED_SHOWN:
        names = names[:MAX_IGNORED_SHOWN] + [f"……共 {len(names):,} 列"]
    return names


def _find_header(
    book: Book, index: int, aliases: Mapping[str, Sequence[str]], key_field: str, mapping: ImportMappings | None
):
    best: tuple[int, dict[str, Column], Row] | None = None
    overflow = Overflow()
    for number, cells in book.rows(index, start=1, stop=HEADER_SCAN_ROWS, overflow=overflow):
        columns = match_header(cells, aliases, mapping)
        if key_field in columns and len(columns) >= 2 and (best is None or len(columns) > len(best[1])):
            best = (number, columns, cells)
    if best is None:
        return None
    header_overflow = Overflow()
    if best[0] in overflow.first:
        header_overflow.cell(best[0], overflow.first[best[0]])
    return (*best, header_overflow)


def overflow_notes(*found: Overflow) -> list[str]:
    """Notes on the cells right of MAX_COLUMN and the rows below MAX_ROW that were skipped."""
    notes = []
    firsts = [(row, column) for o in found for row, column in o.first.items()]
    if firsts:
        row, column = min(firsts)
        notes.append(
            f"第 {row:,} 行起，第 {MAX_COLUMN} 列（{column_letter(MAX_COLUMN)} 列）右边还有内容"
            f"（如 {column_letter(min(column, 18_278))}{row} 单元格），远超一张名册或账目的列数，已忽略；"
            "如果其中有要导入的数据，请把它移到前面的列。"
        )
    if any(o.rows_below for o in found):
        notes.append(f"第 {MAX_ROW:,} 行（Excel 的最后一行）以下还有内容，已忽略。")
    return notes


def read_sheet(
    path: str | Path,
    aliases: Mapping[str, Sequence[str]],
    key_field: str = "name",
    mapping: ImportMappings | None = None,
) -> Sheet:
    """Open the workbook and return its first (visible) sheet with a recognisable header row.

    A header row has the key field (姓名) and at least one other known column; `mapping`
    (the user's column mappings) names columns the aliases don't know.
    Raises ImportFileError with a Chinese message when the file can't be used.
    """
    book = open_book(path)
    try:
        names = book.sheet_names()
        # Visible sheets first: a hidden sheet is often an old copy or a template.
        for index in sorted(range(len(names)), key=book.is_hidden):
            found = _find_header(book, index, aliases, key_field, mapping)
            if found is not None:
                number, columns, cells, header_overflow = found
                return Sheet(
                    names[index],
                    number,
                    columns,
                    _ignored(cells, columns),
                    key_field,
                    column_choices(cells, columns),
                    book,
                    index,
                    source=Path(path).name,
                    width=len(cells),
                    _header_overflow=header_overflow,
                )
    except ImportFileError:
        book.close()
        raise
    except Exception as exc:  # a damaged sheet inside a readable zip
        book.close()
        raise ImportFileError(
            f"“{Path(path).name}”已损坏，无法读取。请用 Excel 或 WPS 打开后另存为 .xlsx 再导入。"
        ) from exc
    try:  # the rows read once already: read again only to say why
        hidden = _hidden_key(book, aliases, key_field, mapping) if mapping else ""
    finally:
        book.close()
    if hidden:
        raise ImportFileError(hidden)
    examples = "".join(f"“{names[0]}”" for names in list(aliases.values())[:2])
    disguise = f"（{book.disguise}）" if book.disguise else ""
    raise ImportFileError(
        f"没有找到表头行：第一行或前几行应有{examples}等列名。"
        f"请检查“{Path(path).name}”{disguise}是否选对了文件，表头是否在前 {HEADER_SCAN_ROWS} 行内。"
    )


def _hidden_key(book: Book, aliases: Mapping[str, Sequence[str]], key_field: str, mapping: ImportMappings) -> str:
    """Why no header row was found when the user's mapping took its key column (姓名 →
    忽略) away: said so, not "no header row" of a file that has one; "" for another cause."""
    for index in range(len(book.sheet_names())):
        found = _find_header(book, index, aliases, key_field, None)
        target = mapping.column(found[1][key_field].header) if found else None
        if target == IGNORE or (target in aliases and target != key_field):
            header, key = found[1][key_field].header, aliases[key_field][0]
            what = aliases[target][0] if target else "忽略"
            return (
                f"“{shown(header, 30)}”列被对应为“{what}”，所以找不到{key}列，没有导入任何数据。"
                f'请在“导入对应关系”中把这一列改回“{key}”，或在命令行加上 --map "{header}={key}"。'
            )
    return ""
