"""Database failures turned into Chinese sentences that say what to do."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm.exc import StaleDataError


class DatabaseOpenError(Exception):
    """The database can't be used; str() is the Chinese message for the user."""


MESSAGES = [
    ("database is locked", "数据库正被另一个程序（可能是另一个打开的工会助手）占用，请关闭它或稍后再试。刚才的操作没有保存。"),
    ("readonly database", "数据库文件是只读的，无法保存。请检查文件属性，或把它复制到可写的位置后再打开。刚才的操作没有保存。"),
    ("database or disk is full", "磁盘已满，无法保存。请清理磁盘空间后再试。刚才的操作没有保存，已有数据不受影响。"),
    ("disk i/o error", "读写数据库文件时出错（磁盘或U盘可能已拔出或损坏），刚才的操作没有保存。"),
    ("file is not a database", "这个文件不是工会助手的数据库，或者已经损坏。"),
    ("unable to open database file", "无法打开数据库文件：文件夹不存在或没有访问权限。"),
]


def friendly_message(exc: BaseException) -> str | None:
    """The Chinese message for a known database failure, or None for an unknown one."""
    if isinstance(exc, StaleDataError):
        return "这条记录刚被别人修改过，请刷新后重新修改。刚才的修改没有保存。"
    if isinstance(exc, DBAPIError | OperationalError):
        text = str(exc.orig if isinstance(exc, DBAPIError) else exc).lower()
        for needle, message in MESSAGES:
            if needle in text:
                return message
    return None
