"""The PySide6 desktop app: main window, dialogs, tray; entry point app.gui.main:run."""
