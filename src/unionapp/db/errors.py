"""Database failures turned into Chinese sentences that say what to do."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlalchemy.orm.exc import StaleDataError


class DatabaseOpenError(Exception):
    """The database can't be used; str() is the Chinese message for the user."""


MESSAGES = [
    (
        "database is locked",
        "数据库正被另一个程序（可能是另一个打开的工会助手）占用，请关闭它或稍后再试。刚才的操作没有保存。",
    ),
    (
        "readonly database",
        "数据库文件是只读的，无法保存。请检查文件属性，或把它复制到可写的位置后再打开。刚才的操作没有保存。",
    ),
    ("database or disk is full", "磁盘已满，无法保存。请清理磁盘空间后再试。刚才的操作没有保存，已有数据不受影响。"),
    ("disk i/o error", "读写数据库文件时出错（磁盘或U盘可能已拔出或损坏），刚才的操作没有保存。"),
    ("file is not a database", "这个文件不是工会助手的数据库，或者已经损坏。"),
    ("unable to open database file", "无法打开数据库文件：文件夹不存在或没有访问权限。"),
    # PostgreSQL (a shared database on a server)
    ("password authentication failed", "连接共享数据库失败：用户名或密码不对。请向管理数据库的老师核对后重新输入。"),
    ("no password supplied", "连接共享数据库需要密码，请在“连接共享数据库”中输入密码。"),
    ("does not exist", "服务器上没有这个数据库（或这个用户）。请核对数据库名和用户名，或请管理员先创建空数据库。"),
    (
        "connection refused",
        "连接不上数据库服务器：服务器没有运行，或地址、端口不对。请核对后再试，或联系管理服务器的老师。",
    ),
    ("could not translate host name", "找不到数据库服务器：服务器地址写错了，或网络没有连通。"),
    ("failed to resolve host", "找不到数据库服务器：服务器地址写错了，或网络没有连通。"),
    ("timeout expired", "连接数据库服务器超时：网络不通或服务器太忙。请检查网线/网络后再试。"),
    ("no route to host", "连接不上数据库服务器：网络不通。请检查网线/网络后再试。"),
    ("connection failed", "连接不上数据库服务器：网络不通，或服务器拒绝了连接。请检查网络和服务器地址后再试。"),
    ("permission denied", "数据库用户没有足够的权限（需要能建表和读写）。请联系管理员授权。"),
    ("server closed the connection", "与数据库服务器的连接断开了，刚才的操作没有保存。请检查网络后再试。"),
    ("connection is lost", "与数据库服务器的连接断开了，刚才的操作没有保存。请检查网络后再试。"),
]


def friendly_message(exc: BaseException) -> str | None:
    """The Chinese message for a known database failure, or None for an unknown one."""
    if isinstance(exc, StaleDataError):
        return "这条记录刚被别人修改过，请刷新后重新修改。刚才的修改没有保存。"
    if isinstance(exc, IntegrityError):
        return (
            "刚才要保存的记录与数据库里已有的记录冲突（可能是别人刚刚保存或导入了同一条记录，"
            "如同一个人、同一个月的会费）。刚才的操作没有保存，请刷新后再看，需要时重新操作。"
        )
    if isinstance(exc, DBAPIError | OperationalError):
        text = str(exc.orig if isinstance(exc, DBAPIError) else exc).lower()
        for needle, message in MESSAGES:
            if needle in text:
                return message
    return None
