"""The window shell: application start, the main window and its menus, and the window-level dialogs (backup and restore, audit log, settings, first run, shared database)."""
