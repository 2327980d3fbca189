"""工会助手 (unionapp): a desktop application for a school trade union's office work."""

__version__ = "0.1.0"
APP_TITLE = "工会助手"
