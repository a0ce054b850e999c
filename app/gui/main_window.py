"""The main window: vault list on the left, the selected vault's pane on the right, menus.

Its parts live beside it: the list's look (vault_delegate), the dialogs it opens
(dialog_launchers), what it says about results (result_messages), and the one table of vault
actions that the menus, the pane and the tray share (vault_actions)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QPoint, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QMenu,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from app.gui.detail_pane import DetailPane
from app.gui.dialog_launchers import DialogLaunchers
from app.gui.icons import app_icon, icon
from app.gui.result_messages import ResultMessages
from app.gui.reveal import open_in_file_manager
from app.gui.vault_actions import MENU_BAR, ActionContext, action, enabled_actions
from app.gui.vault_delegate import VaultDelegate
from app.gui.vault_model import VIEW_ROLE, VaultListModel
from app.gui.widgets import hint_label
from app.i18n import translate, translate_n
from app.logfile import log_dir
from app.services.controller import VaultController
from app.services.open_files import FileHolder, describe_holders, open_file_holders


def _exec_box(box: QMessageBox) -> object:
    box.exec()
    return box.clickedButton()


class MainWindow(QMainWindow):
    quitRequested = Signal()
    preferencesRequested = Signal()

    def __init__(self, controller: VaultController, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.controller = controller
        self.reveal_path: Callable[[str], bool] = open_in_file_manager
        self.keep_running_in_tray = False  # set by the app when a tray icon exists
        self.dialogs = DialogLaunchers(self, controller)
        self.messages = ResultMessages(self, controller, self.dialogs, self.reveal)
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
        self.list.setAccessibleName(translate("MainWindow", "Vaults"))
        # Enter on the list does what a double click does: unlock or lock the vault. (Not the
        # activated signal: where one click activates, it would unlock on selecting.)
        for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            enter = QShortcut(QKeySequence(key), self.list)
            enter.setContext(Qt.ShortcutContext.WidgetShortcut)
            enter.activated.connect(self._primary_for_selection)

        self.add_button = QToolButton()
        self.add_button.setIcon(icon("add"))
        self.add_button.setText(translate("MainWindow", "Add vault"))
        self.add_button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        add_menu = QMenu(self.add_button)
        add_menu.addAction(
            icon("create"), translate("MainWindow", "Create new vault…"), self.create_vault
        )
        add_menu.addAction(
            icon("folder"),
            translate("MainWindow", "Open existing vault…"),
            self.dialogs.add_existing_vault,
        )
        # Opened on click rather than with setMenu(): that draws a menu arrow, and the style
        # sheet that hid it kept the button's colours when the scheme changed.
        self.add_button.clicked.connect(
            lambda: add_menu.popup(self.add_button.mapToGlobal(self.add_button.rect().bottomLeft()))
        )
        self.remove_button = QToolButton()
        self.remove_button.setIcon(icon("remove"))
        self.remove_button.setToolTip(
            translate("MainWindow", "Remove the selected vault from the list")
        )
        self.remove_button.setAccessibleName(translate("MainWindow", "Remove vault"))
        self.remove_button.setAccessibleDescription(self.remove_button.toolTip())
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
        controller.passwordNeeded.connect(self.dialogs.open_unlock)
        self.messages.lockAbandoned.connect(self._stop_quitting)
        controller.tracesCleaned.connect(self._traces_cleaned)
        self._quitting = False
        # How a question box is asked (modal); tests answer it instead.
        self.ask: Callable[[QMessageBox], object] = _exec_box
        self._vaults_changed()

    def _traces_cleaned(self, vault_id: str, text: str) -> None:
        """Say what the lock removed, after a force lock's notice that is still showing (it says
        what became of the programs using the vault) rather than instead of it."""
        entry = self.controller.entry(vault_id)
        current = self.statusBar().currentMessage()
        if entry is not None and current and self.controller.runtime(vault_id).was_forced:
            text = f"{current} {text.removeprefix(f'{entry.name} locked. ')}"
        self.statusBar().showMessage(text, 10000)

    # --- layout -------------------------------------------------------------------------------

    def _empty_page(self) -> QWidget:
        page = QWidget()
        layout = QVBoxLayout(page)
        layout.addStretch(1)
        logo = QLabel()
        logo.setPixmap(app_icon().pixmap(96, 96))
        logo.setAlignment(Qt.AlignmentFlag.AlignCenter)
        title = QLabel("<h2>{}</h2>".format(translate("MainWindow", "No vaults yet")))
        title.setAlignment(Qt.AlignmentFlag.AlignCenter)
        text = hint_label(
            translate(
                "MainWindow",
                "A vault keeps files encrypted in a folder you choose. "
                "Create a new one, or open a vault made with Strongroom or Cryptomator.",
            )
        )
        text.setAlignment(Qt.AlignmentFlag.AlignCenter)
        # A fixed width: a wrapped label placed with an alignment gets its one-line size hint
        # and the layout then clips the wrapped lines (seen in the first-run screenshot).
        text.setFixedWidth(400)
        create = QPushButton(icon("create"), translate("MainWindow", "Create new vault…"))
        create.clicked.connect(self.create_vault)
        add = QPushButton(icon("folder"), translate("MainWindow", "Open existing vault…"))
        add.clicked.connect(self.dialogs.add_existing_vault)
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
        file_menu = bar.addMenu(translate("MainWindow", "&File"))
        create = file_menu.addAction(
            icon("create"), translate("MainWindow", "&Create new vault…"), self.create_vault
        )
        create.setShortcut(QKeySequence.StandardKey.New)
        opened = file_menu.addAction(
            icon("folder"),
            translate("MainWindow", "&Open existing vault…"),
            self.dialogs.add_existing_vault,
        )
        opened.setShortcut(QKeySequence.StandardKey.Open)
        file_menu.addSeparator()
        prefs = QAction(icon("preferences"), translate("MainWindow", "&Preferences…"), self)
        prefs.triggered.connect(self.preferencesRequested)
        # StandardKey.Preferences is empty on most Linux desktops: fall back to Ctrl+,
        prefs.setShortcut(
            QKeySequence.StandardKey.Preferences
            if QKeySequence.keyBindings(QKeySequence.StandardKey.Preferences)
            else QKeySequence("Ctrl+,")
        )
        file_menu.addAction(prefs)
        file_menu.addSeparator()
        quit_action = file_menu.addAction(
            icon("quit"), translate("MainWindow", "&Quit"), self.request_quit
        )
        quit_action.setShortcut(QKeySequence.StandardKey.Quit)

        self.vault_menu = bar.addMenu(translate("MainWindow", "&Vault"))
        self.vault_actions: dict[str, QAction] = {}
        for name in MENU_BAR:
            if not name:
                self.vault_menu.addSeparator()
                continue
            spec = action(name)
            qaction = QAction(icon(spec.icon), spec.text, self)
            if spec.shortcut:
                qaction.setShortcut(QKeySequence(spec.shortcut))
            qaction.triggered.connect(lambda _c=False, n=name: self._act_on_selection(n))
            self.vault_menu.addAction(qaction)
            self.vault_actions[name] = qaction
        self.vault_menu.addSeparator()
        self.lock_all_action = self.vault_menu.addAction(
            icon("lock"), translate("MainWindow", "Lock &all"), self.controller.lock_all
        )
        self.lock_all_action.setShortcut(QKeySequence("Ctrl+Shift+L"))
        help_menu = bar.addMenu(translate("MainWindow", "&Help"))
        help_menu.addAction(
            icon("folder"), translate("MainWindow", "Open &log folder"), self.open_log_folder
        )
        help_menu.addAction(app_icon(), translate("MainWindow", "&About Strongroom"), self._about)

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
        context = (
            ActionContext(view, password_saved=bool(entry and entry.password_saved))
            if view is not None
            else None
        )
        self.detail.set_context(context)
        enabled = enabled_actions(context) if context is not None else {}
        self.remove_button.setEnabled(enabled.get("remove", False))
        for name, qaction in self.vault_actions.items():
            qaction.setEnabled(enabled.get(name, False))
        self.lock_all_action.setEnabled(self.controller.any_unlocked())

    def _act_on_selection(self, name: str) -> None:
        vault_id = self.selected_id()
        if vault_id:
            self.do_action(name, vault_id)

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

    def do_action(self, name: str, vault_id: str) -> None:
        """Run a vault action of the table (menu, pane, tray) on `vault_id`."""
        action(name).handler(self, vault_id)

    def unlock(self, vault_id: str, *, ask_password: bool = False) -> None:
        """Unlock with the saved password when there is one, else (or with ask_password) ask."""
        entry = self.controller.entry(vault_id)
        if entry is None:
            return
        problem = self.controller.volume_problem(vault_id)
        if problem:
            self.messages.notice(translate("MainWindow", "Cannot unlock"), problem)
            return
        if not self.controller.can_unlock(vault_id):
            return
        changed = self.controller.identity_change(vault_id)
        if changed is not None:
            if not self.dialogs.confirm_substituted_vault(vault_id, changed):
                return
            self.controller.accept_identity(vault_id, changed)
            # The saved password belonged to the vault that was here before: ask for one.
            self.dialogs.open_unlock(vault_id)
            return
        if entry.password_saved and not ask_password:
            self.controller.unlock_with_saved_password(vault_id)
        else:
            self.dialogs.open_unlock(vault_id)

    def reveal(self, vault_id: str) -> None:
        """Show the mounted folder, or hand a WebDAV volume's URL to the desktop."""
        rt = self.controller.runtime(vault_id)
        location = rt.session.location if rt.session is not None else ""
        if not location:
            return
        if self.reveal_path(location):
            return
        if rt.session is not None and rt.session.url:
            lead = translate("MainWindow", "The unlocked vault is served at:")
        else:
            lead = translate("MainWindow", "The unlocked vault is the folder:")
        self.messages.say_where(
            translate("MainWindow", "Reveal drive"),
            translate("MainWindow", "No file manager could be started to show the vault."),
            lead,
            location,
        )

    def open_log_folder(self) -> None:
        folder = log_dir()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        if not self.reveal_path(str(folder)):
            self.messages.say_where(
                translate("MainWindow", "Log folder"),
                translate("MainWindow", "No file manager could be started."),
                translate("MainWindow", "The log is in:"),
                str(folder),
            )

    def create_vault(self) -> QWidget:
        return self.dialogs.create_vault(self.select)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.controller.add_existing(url.toLocalFile())
        event.acceptProposedAction()

    def _about(self) -> None:
        QMessageBox.about(
            self,
            translate("MainWindow", "About Strongroom"),
            "<h3>Strongroom</h3><p>{}</p><p>{}</p>".format(
                translate("MainWindow", "Encrypted vaults shown as ordinary folders."),
                translate(
                    "MainWindow", "Vaults use the Cryptomator format 8 and open in Cryptomator too."
                ),
            ),
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
            translate("MainWindow", "Strongroom is still running"),
            translate(
                "MainWindow",
                "Your vaults stay as they are. Open Strongroom or quit it from its tray icon.",
            ),
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
        box.setWindowTitle(translate("MainWindow", "Quit Strongroom"))
        cancel = box.addButton(QMessageBox.StandardButton.Cancel)
        if not busy:
            box.setIcon(QMessageBox.Icon.Question)
            box.setText(
                translate_n("MainWindow", "%n vault(s) unlocked: {names}.", len(unlocked)).format(
                    names=", ".join(names)
                )
            )
            box.setInformativeText(
                translate_n("MainWindow", "They are locked before Strongroom quits.", len(unlocked))
            )
            go = box.addButton(
                translate("MainWindow", "Lock and quit"), QMessageBox.ButtonRole.AcceptRole
            )
            box.setDefaultButton(go)
        else:
            box.setIcon(QMessageBox.Icon.Warning)
            box.setText(translate("MainWindow", "Some vaults are still in use."))
            lines = []
            for vault_id, holders in busy.items():
                entry = self.controller.entry(vault_id)
                lines.append(
                    translate("MainWindow", "“{name}”: {programs}").format(
                        name=entry.name if entry else vault_id, programs=describe_holders(holders)
                    )
                )
            box.setInformativeText(
                "\n".join(lines)
                + "\n\n"
                + translate(
                    "MainWindow",
                    "Force locking cuts those programs off from the files: "
                    "unsaved changes in them are lost. Cancel keeps every vault unlocked.",
                )
            )
            go = box.addButton(
                translate("MainWindow", "Force lock all and quit"),
                QMessageBox.ButtonRole.DestructiveRole,
            )
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

    def _stop_quitting(self) -> None:
        self._quitting = False

    def _quit_when_locked(self, _vault_id: str) -> None:
        if self._quitting and not self.controller.unlocked_ids():
            self.quitRequested.emit()
