"""The main window: vault list on the left, the selected vault's pane on the right, menus."""

from __future__ import annotations

import os
from collections.abc import Callable

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QPoint,
    QRect,
    QSize,
    Qt,
    QUrl,
    Signal,
)
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDesktopServices,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QPainter,
)
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.detail_pane import DetailPane
from app.gui.errors import describe_error
from app.gui.icons import app_icon, icon
from app.gui.vault_model import VIEW_ROLE, VaultListModel, VaultView, state_text
from app.gui.widgets import hint_label
from app.gui.wording import count
from app.logfile import log_dir
from app.services import engine
from app.services.controller import LockFailure, VaultController, VaultState
from app.services.open_files import FileHolder, describe_holders, open_file_holders


def open_in_file_manager(path: str) -> bool:
    """False when the desktop has no file manager or launcher to open the folder with."""
    return bool(QDesktopServices.openUrl(QUrl.fromLocalFile(path)))


def _exec_box(box: QMessageBox) -> object:
    box.exec()
    return box.clickedButton()


class VaultDelegate(QStyledItemDelegate):
    """Two lines per vault: name, then state (muted), with the state icon."""

    ROW_HEIGHT = 56

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(option.rect.width(), self.ROW_HEIGHT)

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        view: VaultView = index.data(VIEW_ROLE)
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        opt.icon = icon("none")
        style = opt.widget.style() if opt.widget else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        rect = option.rect.adjusted(10, 8, -10, -8)
        icon_rect = QRect(rect.left(), rect.top() + (rect.height() - 32) // 2, 32, 32)
        index.data(Qt.ItemDataRole.DecorationRole).paint(painter, icon_rect)
        text_left = icon_rect.right() + 12
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        palette = option.palette
        colour = palette.highlightedText() if selected else palette.text()
        painter.save()
        bold = option.font
        bold.setBold(True)
        painter.setFont(bold)
        painter.setPen(colour.color())
        name_rect = QRect(text_left, rect.top(), rect.right() - text_left, rect.height() // 2)
        name = painter.fontMetrics().elidedText(
            view.name, Qt.TextElideMode.ElideRight, name_rect.width()
        )
        painter.drawText(name_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignBottom, name)
        small = option.font
        small.setBold(False)
        small.setPointSizeF(small.pointSizeF() * 0.9)
        painter.setFont(small)
        muted = colour.color()
        muted.setAlpha(170)
        painter.setPen(muted)
        sub_rect = QRect(text_left, rect.top() + rect.height() // 2 + 2, name_rect.width(), 20)
        line = "Unlocked" if view.state is VaultState.UNLOCKED else state_text(view)
        sub = painter.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, sub_rect.width())
        painter.drawText(sub_rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, sub)
        painter.restore()


class MainWindow(QMainWindow):
    quitRequested = Signal()
    preferencesRequested = Signal()

    def __init__(self, controller: VaultController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.reveal_path: Callable[[str], bool] = open_in_file_manager
        self.keep_running_in_tray = False  # set by the app when a tray icon exists
        self._dialogs: dict[tuple[str, str], QWidget] = {}
        self.setWindowTitle("Strongroom")
        self.setWindowIcon(app_icon())
        self.resize(860, 540)
        self.setAcceptDrops(True)

        self.model = VaultListModel(controller, self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setItemDelegate(VaultDelegate(self.list))
        self.list.setUniformItemSizes(True)
        self.list.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.list.customContextMenuRequested.connect(self._list_menu)
        self.list.selectionModel().currentChanged.connect(lambda *_: self._refresh_detail())
        # A model reset clears the selection before _vaults_changed runs: remember it first.
        self._before_reset: tuple[str, set[str]] | None = None
        self.model.modelAboutToBeReset.connect(self._remember_selection)
        self.list.doubleClicked.connect(lambda _i: self._primary_for_selection())

        self.add_button = QToolButton()
        self.add_button.setIcon(icon("add"))
        self.add_button.setText("Add vault")
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.add_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.add_button.setStyleSheet("QToolButton::menu-indicator { image: none; width: 0; }")
        add_menu = QMenu(self.add_button)
        add_menu.addAction(icon("create"), "Create new vault…", self.create_vault)
        add_menu.addAction(icon("folder"), "Open existing vault…", self.add_existing_vault)
        self.add_button.setMenu(add_menu)
        self.remove_button = QToolButton()
        self.remove_button.setIcon(icon("remove"))
        self.remove_button.setToolTip("Remove the selected vault from the list")
        self.remove_button.clicked.connect(lambda: self._act_on_selection("remove"))
        list_buttons = QHBoxLayout()
        list_buttons.setContentsMargins(4, 4, 4, 4)
        list_buttons.addWidget(self.add_button)
        list_buttons.addStretch(1)
        list_buttons.addWidget(self.remove_button)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.setSpacing(0)
        left_layout.addWidget(self.list, 1)
        left_layout.addLayout(list_buttons)

        self.detail = DetailPane()
        self.detail.actionRequested.connect(self.do_action)
        self.empty = self._empty_page()
        self.stack = QStackedWidget()
        self.stack.addWidget(self.empty)
        self.stack.addWidget(self.detail)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(self.stack)
        splitter.setStretchFactor(0, 0)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 580])
        splitter.setChildrenCollapsible(False)
        self.setCentralWidget(splitter)
        self._build_menus()

        controller.stateChanged.connect(lambda _id: self._refresh_detail())
        controller.vaultsChanged.connect(self._vaults_changed)
        controller.unlockSucceeded.connect(self._after_unlock)
        controller.unlockFailed.connect(self._unlock_failed_elsewhere)
        controller.passwordNeeded.connect(self.open_unlock_dialog)
        controller.lockFailed.connect(self._lock_failed)
        controller.addFailed.connect(self._add_failed)
        controller.notice.connect(self._notice)
        controller.tracesCleaned.connect(
            lambda _id, text: self.statusBar().showMessage(text, 10000)
        )
        self._quitting = False
        self._substitution_box: QMessageBox | None = None
        self.busy_box: QMessageBox | None = None  # the open "Vault is in use" question
        # How a question box is asked (modal); tests answer it instead.
        self.ask: Callable[[QMessageBox], object] = _exec_box
        self._vaults_changed()

    # --- layout -------------------------------------------------------------------------------

    def _empty_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(96, 96))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("<h2>No vaults yet</h2>")
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = hint_label(
            "A vault keeps files encrypted in a folder you choose. "
            "Create a new one, or open a vault made with Strongroom or Cryptomator."
        )
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A fixed width: a wrapped label placed with an alignment gets its one-line size hint
        # and the layout then clips the wrapped lines (seen in the first-run screenshot).
        text.setFixedWidth(400)
        create = QPushButton(icon("create"), "Create new vault…")
        create.clicked.connect(self.create_vault)
        add = QPushButton(icon("folder"), "Open existing vault…")
        add.clicked.connect(self.add_existing_vault)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(create)
        buttons.addWidget(add)
        buttons.addStretch(1)
        layout.addWidget(logo)
        layout.addWidget(title)
        layout.addWidget(text, 0, Qt.AlignmentFlag.AlignHCenter)
        layout.addSpacing(8)
        layout.addLayout(buttons)
        layout.addStretch(2)
        return page

    def _build_menus(self) -> None:
        bar = self.menuBar()
        file_menu = bar.addMenu("&File")
        create = file_menu.addAction(icon("create"), "&Create new vault…", self.create_vault)
        create.setShortcut(QKeySequence.StandardKey.New)
        opened = file_menu.addAction(
            icon("folder"), "&Open existing vault…", self.add_existing_vault
        )
        opened.setShortcut(QKeySequence.StandardKey.Open)
        file_menu.addSeparator()
        prefs = QAction(icon("preferences"), "&Preferences…", self)
        prefs.triggered.connect(self.preferencesRequested)
        # StandardKey.Preferences is empty on most Linux desktops: fall back to Ctrl+,
        prefs.setShortcut(
            QKeySequence.StandardKey.Preferences
            if QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
            else QKeySequence("Ctrl+,")
        )
        file_menu.addAction(prefs)
        file_menu.addSeparator()
        quit_action = file_menu.addAction(icon("quit"), "&Quit", self.request_quit)
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)

        self.vault_menu = bar.addMenu("&Vault")
        self.vault_actions: dict[str, QAction] = {}
        for name, label, icon_name in (
            ("unlock", "&Unlock…", "unlock"),
            ("lock", "&Lock", "lock"),
            ("reveal", "&Reveal drive", "reveal"),
            ("", "", ""),
            ("options", "Vault &options…", "options"),
            ("stats", "&Statistics…", "stats"),
            ("rename", "Re&name…", "rename"),
            ("", "", ""),
            ("change_password", "&Change password…", "key"),
            ("recovery_key", "Show recovery &key…", "key"),
            ("reset_password", "Reset password with recovery key…", "key"),
            ("forget_password", "&Forget saved password", ""),
            ("health", "Check &health…", "health"),
            ("", "", ""),
            ("remove", "Re&move from list…", "remove"),
        ):
            if not name:
                self.vault_menu.addSeparator()
                continue
            action = QAction(icon(icon_name), label, self)
            action.triggered.connect(lambda _c=False, n=name: self._act_on_selection(n))
            self.vault_menu.addAction(action)
            self.vault_actions[name] = action
        self.vault_actions["unlock"].setShortcut(QKeySequence("Ctrl+U"))
        self.vault_actions["lock"].setShortcut(QKeySequence("Ctrl+L"))
        self.vault_menu.addSeparator()
        self.lock_all_action = self.vault_menu.addAction(
            icon("lock"), "Lock &all", self.controller.lock_all
        )
        self.lock_all_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        help_menu = bar.addMenu("&Help")
        help_menu.addAction(icon("folder"), "Open &log folder", self.open_log_folder)
        help_menu.addAction(app_icon(), "&About Strongroom", self._about)

    # --- selection ----------------------------------------------------------------------------

    def selected_id(self) -> str:
        index = self.list.currentIndex()
        view = index.data(VIEW_ROLE) if index.isValid() else None
        return view.id if view is not None else ""

    def select(self, vault_id: str) -> None:
        row = self.model.row_of(vault_id)
        if row >= 0:
            self.list.setCurrentIndex(self.model.index(row, 0))

    def _remember_selection(self) -> None:
        self._before_reset = (self.selected_id(), {v.id for v in self.model.views()})

    def _vaults_changed(self) -> None:
        """Keep the selected vault selected across renames and option changes; select a vault
        that was just added (the next Lock or Remove must not hit another vault)."""
        current = self.selected_id()
        if self._before_reset is not None:
            selected_before, ids_before = self._before_reset
            self._before_reset = None
            added = [v.id for v in self.model.views() if v.id not in ids_before]
            current = added[-1] if added else selected_before or current
        if current and self.model.row_of(current) >= 0:
            self.select(current)
        elif self.model.rowCount() > 0:
            self.list.setCurrentIndex(self.model.index(0, 0))
        self._refresh_detail()

    def _refresh_detail(self) -> None:
        vault_id = self.selected_id()
        if not vault_id and self.model.rowCount() > 0:
            self.list.setCurrentIndex(self.model.index(0, 0))
            vault_id = self.selected_id()
        view = self.model.view(vault_id) if vault_id else None
        entry = self.controller.entry(vault_id) if vault_id else None
        self.stack.setCurrentWidget(self.detail if view else self.empty)
        fuse_problem = self.controller.fuse_problem()
        self.detail.set_view(
            view, password_saved=bool(entry and entry.password_saved), fuse_problem=fuse_problem
        )
        self.remove_button.setEnabled(view is not None and view.state is not VaultState.UNLOCKED)
        state = view.state if view else None
        enabled = {
            "unlock": view is not None and view.can_unlock and not fuse_problem,
            "lock": state is VaultState.UNLOCKED,
            "reveal": state is VaultState.UNLOCKED,
            "stats": state is VaultState.UNLOCKED,
            "remove": view is not None and state not in (VaultState.UNLOCKED, VaultState.LOCKING),
            "forget_password": bool(entry and entry.password_saved),
        }
        for name, action in self.vault_actions.items():
            action.setEnabled(enabled.get(name, view is not None))
        self.lock_all_action.setEnabled(self.controller.any_unlocked())

    def _act_on_selection(self, action: str) -> None:
        vault_id = self.selected_id()
        if vault_id:
            self.do_action(action, vault_id)

    def _primary_for_selection(self) -> None:
        view = self.model.view(self.selected_id())
        if view is not None:
            self.do_action("lock" if view.unlocked else "unlock", view.id)

    def _list_menu(self, pos: QPoint) -> None:
        index = self.list.indexAt(pos)
        if not index.isValid():
            return
        self.list.setCurrentIndex(index)
        self.vault_menu.exec(self.list.viewport().mapToGlobal(pos))

    # --- actions ------------------------------------------------------------------------------

    def do_action(self, action: str, vault_id: str) -> None:
        handlers: dict[str, Callable[[str], object]] = {
            "unlock": self.unlock,
            "lock": lambda v: self.controller.lock(v),
            "reveal": self.reveal,
            "rename": self.rename,
            "remove": self.remove,
            "options": self.open_options,
            "stats": self.open_stats,
            "change_password": self.open_change_password,
            "recovery_key": self.open_recovery_key,
            "reset_password": self.open_reset_password,
            "forget_password": self.controller.forget_password,
            "health": self.open_health,
        }
        handler = handlers.get(action)
        if handler is not None:
            handler(vault_id)

    def unlock(self, vault_id: str) -> None:
        entry = self.controller.entry(vault_id)
        if entry is None:
            return
        problem = self.controller.fuse_problem()
        if problem:
            self._notice("Cannot unlock", problem)
            return
        if not self.controller.can_unlock(vault_id):
            return
        changed = self.controller.identity_change(vault_id)
        if changed is not None:
            if not self.confirm_substituted_vault(vault_id, changed):
                return
            self.controller.accept_identity(vault_id, changed)
            # The saved password belonged to the vault that was here before: ask for one.
            self.open_unlock_dialog(vault_id)
            return
        if entry.password_saved:
            self.controller.unlock_with_saved_password(vault_id)
        else:
            self.open_unlock_dialog(vault_id)

    def confirm_substituted_vault(self, vault_id: str, identity: engine.VaultIdentity) -> bool:
        """Warn that the folder now holds another vault; True when the person continues."""
        entry = self.controller.entry(vault_id)
        name = entry.name if entry else "this vault"
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("A different vault")
        box.setText(f"This folder now holds a different vault than the “{name}” you added.")
        box.setInformativeText(
            f"{entry.path if entry else ''}\n\n"
            f"Vault ID when added: {entry.vault_jti if entry else ''}\n"
            f"Vault ID now: {identity.jti}\n\n"
            "It may have been replaced by a sync tool, a backup restore, or someone else. "
            "Unlock it only if you expected this; a saved password is not used for it."
        )
        proceed = box.addButton("Continue to unlock", QMessageBox.ButtonRole.AcceptRole)
        box.addButton(QMessageBox.StandardButton.Cancel)
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        self._substitution_box = box  # reachable for tests
        box.exec()
        self._substitution_box = None
        return box.clickedButton() is proceed

    def _single(self, kind: str, vault_id: str, make: Callable[[], QWidget]) -> QWidget:
        """One dialog of a kind per vault: a second request raises the open one."""
        key = (kind, vault_id)
        dialog = self._dialogs.get(key)
        if dialog is None:
            dialog = make()
            dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            dialog.destroyed.connect(lambda *_: self._dialogs.pop(key, None))
            self._dialogs[key] = dialog
            dialog.adjustSize()
            self._centre(dialog)
        dialog.show()
        dialog.raise_()
        dialog.activateWindow()
        return dialog

    def _centre(self, dialog: QWidget) -> None:
        """Over the window, or the screen while the window is hidden (unlock at start from the
        tray) or not yet placed: never at the screen's corner over the vault list."""
        if self.isVisible() and self.geometry().isValid():
            area = self.frameGeometry()
        else:
            screen = self.screen() or QApplication.primaryScreen()
            area = screen.availableGeometry()
        frame = dialog.frameGeometry()
        frame.moveCenter(area.center())
        dialog.move(frame.topLeft())

    def open_unlock_dialog(self, vault_id: str) -> QWidget:
        from app.gui.unlock_dialog import UnlockDialog

        def make() -> QWidget:
            dialog = UnlockDialog(self.controller, vault_id, self)
            dialog.forgotPassword.connect(self.open_reset_password)
            return dialog

        return self._single("unlock", vault_id, make)

    def reveal(self, vault_id: str) -> None:
        rt = self.controller.runtime(vault_id)
        if rt.session is None or not rt.session.mount_point:
            return
        if not self.reveal_path(rt.session.mount_point):
            self._say_where_the_drive_is(rt.session.mount_point)

    def open_log_folder(self) -> None:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not self.reveal_path(str(folder)):
            self._say_where(
                "Log folder", "No file manager could be started.", "The log is in:", str(folder)
            )

    def _say_where_the_drive_is(self, mount_point: str) -> None:
        self._say_where(
            "Reveal drive",
            "No file manager could be started to show the vault.",
            "The unlocked vault is the folder:",
            mount_point,
        )

    def _say_where(self, title: str, problem: str, lead: str, path: str) -> None:
        """No file manager to open a folder: say so, and show the path so it can be copied."""
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Information)
        box.setWindowTitle(title)
        box.setText(problem)
        box.setInformativeText(f"{lead}\n{path}")
        box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        copy = box.addButton("Copy path", QMessageBox.ButtonRole.ActionRole)
        copy.clicked.connect(lambda: QApplication.clipboard().setText(path))
        box.addButton(QMessageBox.StandardButton.Close)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.open()

    def rename(self, vault_id: str) -> None:
        entry = self.controller.entry(vault_id)
        if entry is None:
            return
        name, ok = QInputDialog.getText(
            self, "Rename vault", "Name shown in Strongroom:", text=entry.name
        )
        if ok and name.strip():
            self.controller.rename(vault_id, name)

    def remove(self, vault_id: str) -> None:
        entry = self.controller.entry(vault_id)
        if entry is None:
            return
        if self.controller.runtime(vault_id).session is not None:
            QMessageBox.information(self, "Vault is unlocked", "Lock the vault before removing it.")
            return
        answer = QMessageBox.question(
            self,
            "Remove from list",
            f"Remove “{entry.name}” from the list?\n\n"
            f"Its files stay where they are ({entry.path}); you can add it again later.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer == QMessageBox.StandardButton.Yes:
            if entry.password_saved:
                self.controller.forget_password(vault_id)
            self.controller.remove(vault_id)

    def create_vault(self) -> QWidget:
        from app.gui.create_wizard import CreateVaultWizard

        wizard = CreateVaultWizard(self.controller, self)
        wizard.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)

        def finished(_result: int) -> None:
            if wizard.created_entry is not None:
                self.select(wizard.created_entry.id)

        wizard.finished.connect(finished)
        wizard.show()
        return wizard

    def add_existing_vault(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(
            self,
            "Open an existing vault",
            os.path.expanduser("~"),
            "Vault file (vault.cryptomator masterkey.cryptomator);;All files (*)",
        )
        if path:
            self.controller.add_existing(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.controller.add_existing(url.toLocalFile())
        event.acceptProposedAction()

    def open_options(self, vault_id: str) -> QWidget:
        from app.gui.vault_options import VaultOptionsDialog

        return self._single(
            "options", vault_id, lambda: VaultOptionsDialog(self.controller, vault_id, self)
        )

    def open_stats(self, vault_id: str) -> QWidget:
        from app.gui.stats import StatsWindow

        return self._single("stats", vault_id, lambda: StatsWindow(self.controller, vault_id, self))

    def open_change_password(self, vault_id: str) -> QWidget:
        from app.gui.password_dialogs import ChangePasswordDialog

        return self._single(
            "change_password",
            vault_id,
            lambda: ChangePasswordDialog(self.controller, vault_id, self),
        )

    def open_recovery_key(self, vault_id: str) -> QWidget:
        from app.gui.password_dialogs import RecoveryKeyDialog

        return self._single(
            "recovery_key", vault_id, lambda: RecoveryKeyDialog(self.controller, vault_id, self)
        )

    def open_reset_password(self, vault_id: str) -> QWidget:
        from app.gui.password_dialogs import ResetPasswordDialog

        return self._single(
            "reset_password", vault_id, lambda: ResetPasswordDialog(self.controller, vault_id, self)
        )

    def open_health(self, vault_id: str) -> QWidget:
        from app.gui.health_dialog import HealthDialog

        return self._single(
            "health", vault_id, lambda: HealthDialog(self.controller, vault_id, self)
        )

    # --- results from the controller ----------------------------------------------------------

    def _after_unlock(self, vault_id: str, warning: str) -> None:
        entry = self.controller.entry(vault_id)
        if entry is None:
            return
        if warning:
            self._notice("Password not saved", warning)
        choice = entry.options.after_unlock
        mount_point = self.controller.mount_point(vault_id)
        if choice == "reveal":
            self.reveal(vault_id)
        elif choice == "ask":
            answer = QMessageBox.question(
                self,
                "Vault unlocked",
                f"“{entry.name}” is unlocked at {mount_point}.\n\nOpen it in the file manager?",
            )
            if answer == QMessageBox.StandardButton.Yes:
                self.reveal(vault_id)
        self.statusBar().showMessage(f"{entry.name} unlocked at {mount_point}", 8000)

    def _unlock_failed_elsewhere(self, vault_id: str, exc: object) -> None:
        # The unlock dialog shows its own failures; this covers saved-password and auto unlocks.
        if ("unlock", vault_id) in self._dialogs or isinstance(exc, engine.WrongPasswordError):
            return
        title, text = describe_error(exc)  # type: ignore[arg-type]
        entry = self.controller.entry(vault_id)
        name = entry.name if entry else "the vault"
        QMessageBox.warning(self, title, f"Could not unlock {name}.\n\n{text}")

    def _lock_failed(self, failure: object) -> None:
        assert isinstance(failure, LockFailure)
        entry = self.controller.entry(failure.vault_id)
        name = entry.name if entry else "The vault"
        if failure.busy:
            box = QMessageBox(self)
            box.setIcon(QMessageBox.Icon.Warning)
            box.setWindowTitle("Vault is in use")
            box.setText(f"“{name}” is still in use, so it was not locked.")
            if failure.holders:
                details = describe_holders(list(failure.holders))
                info = f"Programs with files open in it:\n{details}"
            else:
                info = "Some program still has a file or folder open in it."
            box.setInformativeText(
                info + "\n\nClose those files and try again, or force the lock: "
                "unsaved changes in those programs will be lost."
            )
            force = box.addButton("Force lock", QMessageBox.ButtonRole.DestructiveRole)
            # Enter and Escape keep the vault as it is: forcing loses unsaved work.
            cancel = box.addButton(QMessageBox.StandardButton.Cancel)
            box.setDefaultButton(cancel)
            box.setEscapeButton(cancel)
            self.busy_box = box  # for tests
            box.exec()
            self.busy_box = None
            if box.clickedButton() is force:
                self.controller.lock(failure.vault_id, force=True)
            else:
                self._quitting = False
            return
        self._quitting = False
        title, text = describe_error(failure.error)
        QMessageBox.warning(self, title, f"Could not lock {name}.\n\n{text}")

    def _add_failed(self, path: str, exc: object) -> None:
        _title, text = describe_error(exc)  # type: ignore[arg-type]
        QMessageBox.warning(self, "Cannot add this vault", f"{path}\n\n{text}")

    def _notice(self, title: str, message: str) -> None:
        self.statusBar().showMessage(f"{title}: {message}", 10000)

    def _about(self) -> None:
        QMessageBox.about(
            self,
            "About Strongroom",
            "<h3>Strongroom</h3><p>Encrypted vaults shown as ordinary folders.</p>"
            "<p>Vaults use the Cryptomator format 8 and open in Cryptomator too.</p>",
        )

    # --- closing and quitting -----------------------------------------------------------------

    def closeEvent(self, event: QCloseEvent) -> None:
        if self.keep_running_in_tray and not self._quitting:
            event.ignore()
            self.hide()
            self._say_once_that_we_keep_running()
            return
        event.ignore()
        self.request_quit()

    def _say_once_that_we_keep_running(self) -> None:
        prefs = self.controller.settings.preferences
        if prefs.tray_hint_shown:
            return
        prefs.tray_hint_shown = True
        self.controller.save()
        self.controller.notice.emit(
            "Strongroom is still running",
            "Your vaults stay as they are. Open Strongroom or quit it from its tray icon.",
        )

    def request_quit(self) -> None:
        """Quit, asking first when vaults are unlocked; they are locked before the app ends.

        Which vaults are in use is checked before anything is locked, so the answer is all or
        nothing: Cancel leaves every vault as it was, and a vault in use is only locked when
        the user chose to force it."""
        unlocked = self.controller.unlocked_ids()
        if not unlocked:
            self.quitRequested.emit()
            return
        names = [e.name for e in (self.controller.entry(v) for v in unlocked) if e is not None]
        busy = {v: h for v in unlocked if (h := self._holders(v))}
        box = QMessageBox(self)
        box.setWindowTitle("Quit Strongroom")
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        if not busy:
            box.setIcon(QMessageBox.Icon.Question)
            are = "is" if len(unlocked) == 1 else "are"
            box.setText(f"{count(len(unlocked), 'vault')} {are} unlocked: {', '.join(names)}.")
            box.setInformativeText("They are locked before Strongroom quits.")
            go = box.addButton("Lock and quit", QMessageBox.ButtonRole.AcceptRole)
            box.setDefaultButton(go)
        else:
            box.setIcon(QMessageBox.Icon.Warning)
            box.setText("Some vaults are still in use.")
            lines = []
            for vault_id, holders in busy.items():
                entry = self.controller.entry(vault_id)
                lines.append(f"“{entry.name if entry else vault_id}”: {describe_holders(holders)}")
            box.setInformativeText(
                "\n".join(lines) + "\n\nForce locking cuts those programs off from the files: "
                "unsaved changes in them are lost. Cancel keeps every vault unlocked."
            )
            go = box.addButton("Force lock all and quit", QMessageBox.ButtonRole.DestructiveRole)
            box.setDefaultButton(cancel)
        box.setEscapeButton(cancel)
        chosen = self.ask(box)
        box.deleteLater()  # one box per quit attempt: not kept as a child of the window
        if chosen is not go:
            return
        self._quitting = True
        self.controller.stateChanged.connect(self._quit_when_locked)
        self.controller.lock_all(force=bool(busy))

    def _holders(self, vault_id: str) -> list[FileHolder]:
        session = self.controller.runtime(vault_id).session
        mount_point = getattr(session, "mount_point", "") if session is not None else ""
        return open_file_holders(mount_point) if mount_point else []

    def _quit_when_locked(self, _vault_id: str) -> None:
        if self._quitting and not self.controller.unlocked_ids():
            self.quitRequested.emit()
