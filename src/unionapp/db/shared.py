"""A shared database on a PostgreSQL server: where it is, and its password kept in the
operating system's keyring (Windows Credential Manager), never in settings or logs."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

KEYRING_SERVICE = "unionapp"
DRIVER = "postgresql+psycopg"
DEFAULT_PORT = 5432


class PasswordStoreError(Exception):
    """The keyring can't be used here; str() is the Chinese message."""


@dataclass(frozen=True)
class SharedDatabase:
    host: str
    port: int
    database: str
    user: str

    @property
    def account(self) -> str:
        """The keyring's name for this password: one per user, server and database."""
        return f"{self.user}@{self.host}:{self.port}/{self.database}"

    def url(self, password: str | None = None) -> str:
        url = URL.create(
            DRIVER,
            username=self.user,
            password=password or None,
            host=self.host,
            port=self.port,
            database=self.database,
        )
        return url.render_as_string(hide_password=False)

    def shown(self) -> str:
        return f"{self.database}（服务器 {self.host}:{self.port}，用户 {self.user}）"


def parse(url: str) -> SharedDatabase | None:
    """The server part of a postgresql URL; None for a file path or another engine."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return None
    if parsed.get_backend_name() != "postgresql":
        return None
    return SharedDatabase(
        parsed.host or "localhost", parsed.port or DEFAULT_PORT, parsed.database or "", parsed.username or ""
    )


def without_password(url: str) -> str:
    """What may be remembered in settings: the URL with any password taken out."""
    shared = parse(url)
    return shared.url() if shared else url


def _keyring():
    import keyring
    from keyring.backends import fail

    backend = keyring.get_keyring()
    if isinstance(backend, fail.Keyring) or getattr(backend, "priority", 1) <= 0:
        raise PasswordStoreError(
            "这台电脑上没有可用的密码保管处（如 Windows 凭据管理器），密码不会被保存，每次连接时需要重新输入。"
        )
    return keyring


def save_password(shared: SharedDatabase, password: str) -> None:
    try:
        _keyring().set_password(KEYRING_SERVICE, shared.account, password)
    except PasswordStoreError:
        raise
    except Exception as exc:  # noqa: BLE001 - any keyring backend failure means "not saved"
        raise PasswordStoreError(f"密码没有保存到系统的密码保管处（{exc}），下次连接时需要重新输入。") from exc


def load_password(shared: SharedDatabase) -> str | None:
    """The saved password, or None when there is none or no keyring to ask."""
    try:
        return _keyring().get_password(KEYRING_SERVICE, shared.account)
    except Exception:  # noqa: BLE001 - no keyring: the user is asked instead
        return None


def forget_password(shared: SharedDatabase) -> None:
    try:
        _keyring().delete_password(KEYRING_SERVICE, shared.account)
    except Exception:  # noqa: BLE001 - nothing saved, or no keyring: nothing to forget
        pass


def describe(url: str) -> str:
    """Try the connection without changing anything; what the user will find there.
    Raises DatabaseOpenError with the Chinese reason when it can't be used."""
    from sqlalchemy import text
    from sqlalchemy.exc import DBAPIError

    from unionapp.db.engine import Database
    from unionapp.db.errors import DatabaseOpenError, friendly_message
    from unionapp.db.migrate import schema_state

    db = Database(url)
    try:
        state = schema_state(db.engine)
        if state in ("newer", "foreign"):
            raise DatabaseOpenError(
                "这个数据库是由更新版本的工会助手创建的，请先升级本机的工会助手。"
                if state == "newer"
                else "这个数据库里有其他程序的数据，不是工会助手的数据库。请核对数据库名。"
            )
        if state == "empty":
            return "连接成功。这是一个空数据库，连接后会在其中建立工会助手的数据表。"
        with db.engine.connect() as conn:
            people = conn.scalar(text("SELECT count(*) FROM members"))
        upgrade = "（连接时会先升级到当前版本）" if state == "older" else ""
        return f"连接成功：工会助手数据库，会员 {people} 人{upgrade}。"
    except DBAPIError as exc:
        raise DatabaseOpenError(friendly_message(exc) or f"无法连接数据库：{exc.orig}") from exc
    finally:
        db.dispose()
