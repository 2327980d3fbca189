"""Qt user interface: calls services (and reports, importers), never SQL.

shell/    app start, the main window and its menus, window-level dialogs
widgets/  what every area shares: the form base and field readers, the reason dialog,
          table models, chart setup, the task runner, report export, the AreaTab base
members/ funds/ visits/ checkups/   one package per area: its tab (an AreaTab) and dialogs
"""

from unionapp.ui import qt_feature

qt_feature.lighten()  # before any of the window's modules is imported
