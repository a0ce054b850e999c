"""Health check with progress and a readable report (and repair when the vault is locked)."""

from __future__ import annotations

from typing import Any

from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QProgressBar,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from app.gui.errors import describe_error
from app.gui.stats import human_size
from app.gui.widgets import MessageLabel, PasswordField, hint_label
from app.i18n import translate, translate_n
from app.services import tasks
from app.services.controller import VaultController
from vaultengine.errors import WrongPasswordError
from vaultengine.health import HealthReport, check_vault
from vaultengine.vault import open_keys


def report_html(report: Any) -> str:
    """The HealthReport as short HTML: verdict, counts, then each problem with its fix state."""
    problems = list(report.problems)
    errors = [p for p in problems if str(p.severity) == "error"]
    warnings = [p for p in problems if str(p.severity) != "error"]
    if report.ok and not warnings:
        verdict = "<h3 style='color:#2f8f5b'>✓ {}</h3>".format(
            translate("HealthDialog", "No problems found")
        )
    elif report.ok:
        verdict = "<h3 style='color:#8a6d1f'>{}</h3>".format(
            translate_n("HealthDialog", "No damage; %n note(s)", len(warnings))
        )
    else:
        unfixed = [p for p in errors if not p.fixed]
        verdict = "<h3 style='color:#b3261e'>{}</h3>".format(
            translate_n("HealthDialog", "%n problem(s) need attention", len(unfixed))
        )
    folders = translate_n("HealthDialog", "%n folder(s)", report.directories)
    files = translate_n("HealthDialog", "%n file(s)", report.files)
    links = translate_n("HealthDialog", "%n link(s)", report.symlinks)
    if report.deep:
        checked = translate(
            "HealthDialog", "Checked {folders}, {files}, {links} and {size} of file contents."
        ).format(folders=folders, files=files, links=links, size=human_size(report.bytes_checked))
    else:
        checked = translate("HealthDialog", "Checked {folders}, {files}, {links}.").format(
            folders=folders, files=files, links=links
        )
    counts = f"<p>{checked}</p>"
    items = []
    for p in errors + warnings:
        where = p.cleartext_path or p.ciphertext_path
        if p.fixed:
            state = " <i>({})</i>".format(translate("HealthDialog", "repaired"))
        elif p.fixable:
            state = " <i>({})</i>".format(translate("HealthDialog", "repairable"))
        else:
            state = ""
        colour = "#b3261e" if str(p.severity) == "error" else "#8a6d1f"
        items.append(
            f"<li><b style='color:{colour}'>{severity_text(p.severity)}</b> {p.message}{state}"
            f"<br><small>{where}</small></li>"
        )
    listing = f"<ul>{''.join(items)}</ul>" if items else ""
    return verdict + counts + listing


def check_with_password(vault_path: str, password: str, **options: Any) -> HealthReport:
    """Unlock the keys (no filesystem, no mount), then check_vault with its options (deep, fix,
    progress); fix only on a vault that is not mounted."""
    keys, config = open_keys(vault_path, password)
    return check_vault(vault_path, keys, config, **options)


def severity_text(severity: object) -> str:
    """A problem's severity ("error", "warning") in the app's language."""
    if str(severity) == "error":
        return translate("HealthDialog", "error")
    if str(severity) == "warning":
        return translate("HealthDialog", "warning")
    return str(severity)


class _NoSavedPassword(Exception):
    """The keychain no longer holds a password for this vault."""


def _check_with_saved_password(keychain: Any, vault_id: str, vault_path: str, **kwargs: Any) -> Any:
    password = keychain.lookup(vault_id)
    if password is None:
        raise _NoSavedPassword(
            translate("HealthDialog", "No password is saved for this vault any more; type it.")
        )
    return check_with_password(vault_path, password, **kwargs)


class HealthDialog(QDialog):
    def __init__(
        self, controller: VaultController, vault_id: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.controller = controller
        self.vault_id = vault_id
        entry = controller.entry(vault_id)
        self.vault_path = entry.path if entry else ""
        self.setWindowTitle(
            translate("HealthDialog", "Check health: {name}").format(
                name=entry.name if entry else ""
            )
        )
        self.resize(560, 460)
        self.password = PasswordField(translate("HealthDialog", "Password"))
        self.deep = QCheckBox(
            translate("HealthDialog", "Also verify every file's contents (slower)")
        )
        self.progress = QProgressBar()
        self.progress.hide()
        self.status = hint_label("")
        self.message = MessageLabel()
        self.report = QTextBrowser()
        self.report.setOpenLinks(False)
        self.report.hide()
        self.report.setAccessibleName(translate("HealthDialog", "Health report"))
        form = QFormLayout()
        form.addRow(
            hint_label(
                translate(
                    "HealthDialog",
                    "The check reads the encrypted files and reports damage, for example from an "
                    "interrupted sync. It changes nothing unless you ask for a repair.",
                )
            )
        )
        form.addRow(translate("HealthDialog", "Password:"), self.password)
        # A password saved in the keychain is used without asking (read on the worker thread,
        # never kept here); a wrong or missing one brings the field back.
        self.use_saved = bool(entry and entry.password_saved)
        self.saved_note = hint_label(
            translate("HealthDialog", "The password saved in the keychain is used.")
        )
        form.addRow("", self.saved_note)
        self.password.setVisible(not self.use_saved)
        form.labelForField(self.password).setVisible(not self.use_saved)
        self.saved_note.setVisible(self.use_saved)
        form.addRow("", self.deep)
        self._form = form
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.check_button = self.buttons.addButton(
            translate("HealthDialog", "Check"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.repair_button = self.buttons.addButton(
            translate("HealthDialog", "Repair"), QDialogButtonBox.ButtonRole.ActionRole
        )
        self.repair_button.hide()
        self.check_button.clicked.connect(lambda: self._run(fix=False))
        self.repair_button.clicked.connect(lambda: self._run(fix=True))
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(20, 18, 20, 14)
        layout.addLayout(form)
        layout.addWidget(self.progress)
        layout.addWidget(self.status)
        layout.addWidget(self.message)
        layout.addWidget(self.report, 1)
        layout.addWidget(self.buttons)
        self._busy = False
        self._password = ""
        self.password.textChanged.connect(self._refresh)
        self._refresh()

    def _refresh(self) -> None:
        self.check_button.setEnabled(
            not self._busy and bool(self.password.text() or self._password or self.use_saved)
        )

    def _ask_for_the_password(self) -> None:
        self.use_saved = False
        self.saved_note.hide()
        self.password.show()
        self._form.labelForField(self.password).show()
        self.password.setEnabled(True)
        self.password.setFocus()

    def _run(self, *, fix: bool) -> None:
        if fix and self.controller.runtime(self.vault_id).session is not None:
            self.message.show_error(
                translate("HealthDialog", "Lock the vault before repairing it.")
            )
            return
        self._password = self.password.text() or self._password
        self._busy = True
        self._refresh()
        self.repair_button.setEnabled(False)
        self.progress.setRange(0, 0)
        self.progress.show()
        self.message.clear_message()
        self.status.setText(
            translate("HealthDialog", "Repairing…")
            if fix
            else translate("HealthDialog", "Checking the folder structure…")
        )
        if self.use_saved and not self._password:
            fn: Any = _check_with_saved_password
            args: tuple[Any, ...] = (self.controller.keychain, self.vault_id, self.vault_path)
        else:
            fn, args = check_with_password, (self.vault_path, self._password)
        tasks.run_task(
            fn,
            *args,
            deep=self.deep.isChecked(),
            fix=fix,
            on_progress=self._on_progress,
            on_success=self._on_report,
            on_failure=self._on_failed,
        )

    def _on_progress(self, p: Any) -> None:
        if p.phase == "content" and p.bytes_total:
            self.progress.setRange(0, 1000)
            self.progress.setValue(int(1000 * p.bytes_done / max(p.bytes_total, 1)))
            self.status.setText(
                translate(
                    "HealthDialog",
                    "Verifying contents: file {done} of {total}, {size_done} of {size_total}",
                ).format(
                    done=p.files_done,
                    total=p.files_total,
                    size_done=human_size(p.bytes_done),
                    size_total=human_size(p.bytes_total),
                )
            )
        else:
            done = translate_n("HealthDialog", "%n folder(s)", p.directories_done)
            self.status.setText(
                translate("HealthDialog", "Checking the folder structure: {done}…").format(
                    done=done
                )
            )

    def _on_report(self, report: Any) -> None:
        self._busy = False
        self.progress.hide()
        self.status.setText("")
        self.password.clear()
        self.password.setEnabled(False)
        self.report.setHtml(report_html(report))
        self.report.show()
        fixable = [p for p in report.problems if p.fixable and not p.fixed]
        self.repair_button.setVisible(bool(fixable))
        self.repair_button.setEnabled(bool(fixable))
        self._refresh()

    def _on_failed(self, exc: BaseException) -> None:
        self._busy = False
        self.progress.hide()
        self.status.setText("")
        title, text = describe_error(exc)
        self.message.show_error(
            translate("HealthDialog", "{title}: {text}").format(title=title, text=text)
        )
        if isinstance(exc, WrongPasswordError | _NoSavedPassword):
            self._password = ""
            self._ask_for_the_password()
        self._refresh()

    def reject(self) -> None:
        if not self._busy:
            super().reject()

    def done(self, result: int) -> None:
        # The Python object can outlive the closed window: do not keep the password in it.
        self._password = ""
        super().done(result)
