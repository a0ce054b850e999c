<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Strongroom is already running; its window was brought forward.</source>
        <translation>Strongroom läuft bereits; sein Fenster wurde in den Vordergrund geholt.</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Vault locked</source>
        <translation>Tresor gesperrt</translation>
    </message>
    <message numerus="yes">
        <source>{name} was idle for %n minute(s).</source>
        <translation>
            <numerusform>{name} wurde %n Minute lang nicht benutzt.</numerusform>
            <numerusform>{name} wurde %n Minuten lang nicht benutzt.</numerusform>
        </translation>
    </message>
    <message>
        <source>Settings not saved</source>
        <translation>Einstellungen nicht gespeichert</translation>
    </message>
    <message>
        <source>Could not write {path}: {problem}</source>
        <translation>{path} konnte nicht geschrieben werden: {problem}</translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation>Schlüsselbund</translation>
    </message>
    <message>
        <source>The saved password was removed.</source>
        <translation>Das gespeicherte Passwort wurde entfernt.</translation>
    </message>
    <message>
        <source>{name} was force-locked: programs that had files open in it can no longer read or write them.</source>
        <translation>{name} wurde zwangsweise gesperrt: Programme, die darin Dateien geöffnet hatten, können sie nicht mehr lesen oder schreiben.</translation>
    </message>
    <message>
        <source>{name} was unmounted.</source>
        <translation>{name} wurde ausgehängt.</translation>
    </message>
</context>
<context>
    <name>CreateVaultWizard</name>
    <message>
        <source>Name and location</source>
        <translation>Name und Speicherort</translation>
    </message>
    <message>
        <source>The vault is a folder of encrypted files. Put it anywhere, for example inside a folder your cloud service syncs.</source>
        <translation>Der Tresor ist ein Ordner mit verschlüsselten Dateien. Er kann überall liegen, zum Beispiel in einem Ordner, den Ihr Cloud-Dienst synchronisiert.</translation>
    </message>
    <message>
        <source>e.g. Personal documents</source>
        <translation>z. B. Persönliche Dokumente</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>Vault name:</source>
        <translation>Name des Tresors:</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Speicherort:</translation>
    </message>
    <message>
        <source>The folder in which the vault&apos;s folder is made</source>
        <translation>Der Ordner, in dem der Ordner des Tresors angelegt wird</translation>
    </message>
    <message>
        <source>Where to create the vault</source>
        <translation>Wo der Tresor angelegt wird</translation>
    </message>
    <message>
        <source>The name cannot contain slashes.</source>
        <translation>Der Name darf keine Schrägstriche enthalten.</translation>
    </message>
    <message>
        <source>The location {folder} does not exist.</source>
        <translation>Der Speicherort {folder} existiert nicht.</translation>
    </message>
    <message>
        <source>{path} already exists and is not empty.</source>
        <translation>{path} existiert bereits und ist nicht leer.</translation>
    </message>
    <message>
        <source>The vault will be the folder {path}</source>
        <translation>Der Tresor wird der Ordner {path}</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Choose a password you will remember. Without it (or the recovery key shown next) nobody, not even you, can open the files.</source>
        <translation>Wählen Sie ein Passwort, das Sie sich merken können. Ohne es (oder den Wiederherstellungsschlüssel, der als Nächstes angezeigt wird) kann niemand die Dateien öffnen, auch Sie nicht.</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Neues Passwort</translation>
    </message>
    <message>
        <source>Repeat the password</source>
        <translation>Passwort wiederholen</translation>
    </message>
    <message>
        <source>Show expert settings</source>
        <translation>Experteneinstellungen anzeigen</translation>
    </message>
    <message>
        <source> characters</source>
        <comment>after a number</comment>
        <translation> Zeichen</translation>
    </message>
    <message>
        <source>Name shortening threshold:</source>
        <translation>Schwelle für das Kürzen von Namen:</translation>
    </message>
    <message>
        <source>Encrypted names longer than this are stored in shortened form. Lower it only when the vault lives on a system with short path limits (for example some Windows or network drives).</source>
        <translation>Verschlüsselte Namen, die länger sind, werden gekürzt gespeichert. Senken Sie den Wert nur, wenn der Tresor auf einem System mit kurzen Pfadgrenzen liegt (zum Beispiel manche Windows- oder Netzlaufwerke).</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>Confirm:</source>
        <translation>Bestätigen:</translation>
    </message>
    <message>
        <source>✓ The passwords match.</source>
        <translation>✓ Die Passwörter stimmen überein.</translation>
    </message>
    <message>
        <source>The passwords do not match.</source>
        <translation>Die Passwörter stimmen nicht überein.</translation>
    </message>
    <message>
        <source>Creating the vault…</source>
        <translation>Tresor wird erstellt…</translation>
    </message>
    <message>
        <source>{title}: {text}</source>
        <translation>{title}: {text}</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <source>If you forget the password, this key is the only way back in. Write it down, print it or save it, and keep it somewhere safe, away from the vault.</source>
        <translation>Wenn Sie das Passwort vergessen, ist dieser Schlüssel der einzige Weg zurück. Schreiben Sie ihn auf, drucken oder speichern Sie ihn und bewahren Sie ihn sicher auf, getrennt vom Tresor.</translation>
    </message>
    <message>
        <source>You can see the key again later with the password: Vault menu, Show recovery key.</source>
        <translation>Mit dem Passwort können Sie den Schlüssel später erneut ansehen: Menü Tresor, Wiederherstellungsschlüssel anzeigen.</translation>
    </message>
    <message>
        <source>I have written down, printed or saved the recovery key</source>
        <translation>Ich habe den Wiederherstellungsschlüssel aufgeschrieben, gedruckt oder gespeichert</translation>
    </message>
    <message>
        <source>Create a new vault</source>
        <translation>Neuen Tresor erstellen</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Fertig</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Lock</source>
        <translation>Sperren</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>Wird entsperrt…</translation>
    </message>
    <message>
        <source>Locking…</source>
        <translation>Wird gesperrt…</translation>
    </message>
    <message>
        <source>Unlock…</source>
        <translation>Entsperren…</translation>
    </message>
    <message>
        <source>Cannot unlock: {problem}</source>
        <translation>Entsperren nicht möglich: {problem}</translation>
    </message>
    <message>
        <source>&lt;b&gt;This vault cannot be unlocked here yet.&lt;/b&gt; Its volume is WebDAV, which is not available: {problem}</source>
        <translation>&lt;b&gt;Dieser Tresor kann hier noch nicht entsperrt werden.&lt;/b&gt; Sein Laufwerkstyp ist WebDAV, und WebDAV ist nicht verfügbar: {problem}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Vaults cannot be unlocked on this computer yet.&lt;/b&gt; Strongroom shows an unlocked vault as a drive through FUSE, which is not available: {problem}</source>
        <translation>&lt;b&gt;Auf diesem Computer können noch keine Tresore entsperrt werden.&lt;/b&gt; Strongroom zeigt einen entsperrten Tresor über FUSE als Laufwerk an, und FUSE ist nicht verfügbar: {problem}</translation>
    </message>
    <message>
        <source>FUSE is not available here ({problem}), so this vault is served over WebDAV instead, at a private address on this computer.</source>
        <translation>FUSE ist hier nicht verfügbar ({problem}), daher wird dieser Tresor stattdessen über WebDAV bereitgestellt, unter einer privaten Adresse auf diesem Computer.</translation>
    </message>
</context>
<context>
    <name>DialogLaunchers</name>
    <message>
        <source>Open an existing vault</source>
        <translation>Vorhandenen Tresor öffnen</translation>
    </message>
    <message>
        <source>Vault file</source>
        <translation>Tresordatei</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>Alle Dateien</translation>
    </message>
    <message>
        <source>Rename vault</source>
        <translation>Tresor umbenennen</translation>
    </message>
    <message>
        <source>Name shown in Strongroom:</source>
        <translation>In Strongroom angezeigter Name:</translation>
    </message>
    <message>
        <source>Vault is unlocked</source>
        <translation>Tresor ist entsperrt</translation>
    </message>
    <message>
        <source>Lock the vault before removing it.</source>
        <translation>Sperren Sie den Tresor, bevor Sie ihn entfernen.</translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation>Aus der Liste entfernen</translation>
    </message>
    <message>
        <source>Remove “{name}” from the list?

Its files stay where they are ({folder}); you can add it again later.</source>
        <translation>„{name}“ aus der Liste entfernen?

Seine Dateien bleiben, wo sie sind ({folder}); Sie können ihn später wieder hinzufügen.</translation>
    </message>
    <message>
        <source>A different vault</source>
        <translation>Ein anderer Tresor</translation>
    </message>
    <message>
        <source>This folder now holds a different vault than the “{name}” you added.</source>
        <translation>Dieser Ordner enthält jetzt einen anderen Tresor als den hinzugefügten „{name}“.</translation>
    </message>
    <message>
        <source>{folder}

Vault ID when added: {old_id}
Vault ID now: {new_id}

It may have been replaced by a sync tool, a backup restore, or someone else. Unlock it only if you expected this; a saved password is not used for it.</source>
        <translation>{folder}

Tresor-ID beim Hinzufügen: {old_id}
Tresor-ID jetzt: {new_id}

Er wurde vielleicht durch ein Synchronisierungsprogramm, eine Wiederherstellung aus einer Sicherung oder eine andere Person ersetzt. Entsperren Sie ihn nur, wenn Sie das erwartet haben; ein gespeichertes Passwort wird dafür nicht verwendet.</translation>
    </message>
    <message>
        <source>Continue to unlock</source>
        <translation>Weiter zum Entsperren</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Not a vault</source>
        <translation>Kein Tresor</translation>
    </message>
    <message>
        <source>Unsupported vault</source>
        <translation>Nicht unterstützter Tresor</translation>
    </message>
    <message>
        <source>Vault configuration signature invalid</source>
        <translation>Signatur der Tresorkonfiguration ungültig</translation>
    </message>
    <message>
        <source>Unsafe key-derivation parameters</source>
        <translation>Unsichere Parameter der Schlüsselableitung</translation>
    </message>
    <message>
        <source>Vault file damaged</source>
        <translation>Tresordatei beschädigt</translation>
    </message>
    <message>
        <source>Not a usable vault</source>
        <translation>Kein nutzbarer Tresor</translation>
    </message>
    <message>
        <source>Vault is locked</source>
        <translation>Tresor ist gesperrt</translation>
    </message>
    <message>
        <source>Folder cannot hold a new vault</source>
        <translation>Ordner kann keinen neuen Tresor aufnehmen</translation>
    </message>
    <message>
        <source>Not possible in this state</source>
        <translation>In diesem Zustand nicht möglich</translation>
    </message>
    <message>
        <source>Mount failed</source>
        <translation>Einhängen fehlgeschlagen</translation>
    </message>
    <message>
        <source>Content failed authentication</source>
        <translation>Inhalt hat die Echtheitsprüfung nicht bestanden</translation>
    </message>
    <message>
        <source>Directory damaged</source>
        <translation>Ordner beschädigt</translation>
    </message>
    <message>
        <source>Vault error</source>
        <translation>Tresorfehler</translation>
    </message>
    <message>
        <source>Wrong password</source>
        <translation>Falsches Passwort</translation>
    </message>
    <message>
        <source>The password is not correct. Check Caps Lock and try again.</source>
        <translation>Das Passwort ist nicht richtig. Prüfen Sie die Feststelltaste und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Invalid recovery key</source>
        <translation>Ungültiger Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <source>The recovery key is not valid. Check each word and try again.</source>
        <translation>Der Wiederherstellungsschlüssel ist ungültig. Prüfen Sie jedes Wort und versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>Cannot mount the vault</source>
        <translation>Tresor kann nicht eingebunden werden</translation>
    </message>
    <message>
        <source>{problem}

Strongroom needs FUSE to show an unlocked vault as a folder. On Debian or Ubuntu install it with: sudo apt install fuse3</source>
        <translation>{problem}

Strongroom braucht FUSE, um einen entsperrten Tresor als Ordner anzuzeigen. Unter Debian oder Ubuntu installieren Sie es mit: sudo apt install fuse3</translation>
    </message>
    <message>
        <source>Mount point unusable</source>
        <translation>Einhängepunkt nicht nutzbar</translation>
    </message>
    <message>
        <source>{problem}

Choose another mount point in the vault options, or empty the folder.</source>
        <translation>{problem}

Wählen Sie in den Tresoroptionen einen anderen Einhängepunkt oder leeren Sie den Ordner.</translation>
    </message>
    <message>
        <source>Vault is in use</source>
        <translation>Tresor wird verwendet</translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation>Schlüsselbund</translation>
    </message>
    <message>
        <source>Permission denied</source>
        <translation>Zugriff verweigert</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Nicht gefunden</translation>
    </message>
    <message>
        <source>Input/output problem</source>
        <translation>Ein-/Ausgabeproblem</translation>
    </message>
    <message>
        <source>Unexpected problem</source>
        <translation>Unerwartetes Problem</translation>
    </message>
</context>
<context>
    <name>HealthDialog</name>
    <message>
        <source>No problems found</source>
        <translation>Keine Probleme gefunden</translation>
    </message>
    <message>
        <source>Checked {folders}, {files}, {links} and {size} of file contents.</source>
        <translation>Geprüft: {folders}, {files}, {links} und {size} Dateiinhalt.</translation>
    </message>
    <message>
        <source>Checked {folders}, {files}, {links}.</source>
        <translation>Geprüft: {folders}, {files}, {links}.</translation>
    </message>
    <message>
        <source>repaired</source>
        <translation>repariert</translation>
    </message>
    <message>
        <source>repairable</source>
        <translation>reparierbar</translation>
    </message>
    <message>
        <source>error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>Warnung</translation>
    </message>
    <message>
        <source>No password is saved for this vault any more; type it.</source>
        <translation>Für diesen Tresor ist kein Passwort mehr gespeichert; bitte geben Sie es ein.</translation>
    </message>
    <message>
        <source>Check health: {name}</source>
        <translation>Zustand prüfen: {name}</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Also verify every file&apos;s contents (slower)</source>
        <translation>Auch den Inhalt jeder Datei prüfen (langsamer)</translation>
    </message>
    <message>
        <source>Health report</source>
        <translation>Prüfbericht</translation>
    </message>
    <message>
        <source>The check reads the encrypted files and reports damage, for example from an interrupted sync. It changes nothing unless you ask for a repair.</source>
        <translation>Die Prüfung liest die verschlüsselten Dateien und meldet Schäden, zum Beispiel durch eine unterbrochene Synchronisierung. Sie ändert nichts, solange Sie keine Reparatur anfordern.</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>The password saved in the keychain is used.</source>
        <translation>Das im Schlüsselbund gespeicherte Passwort wird verwendet.</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Prüfen</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>Reparieren</translation>
    </message>
    <message>
        <source>Lock the vault before repairing it.</source>
        <translation>Sperren Sie den Tresor, bevor Sie ihn reparieren.</translation>
    </message>
    <message>
        <source>Repairing…</source>
        <translation>Wird repariert…</translation>
    </message>
    <message>
        <source>Checking the folder structure…</source>
        <translation>Ordnerstruktur wird geprüft…</translation>
    </message>
    <message>
        <source>Verifying contents: file {done} of {total}, {size_done} of {size_total}</source>
        <translation>Inhalte werden geprüft: Datei {done} von {total}, {size_done} von {size_total}</translation>
    </message>
    <message>
        <source>Checking the folder structure: {done}…</source>
        <translation>Ordnerstruktur wird geprüft: {done}…</translation>
    </message>
    <message>
        <source>{title}: {text}</source>
        <translation>{title}: {text}</translation>
    </message>
    <message numerus="yes">
        <source>%n folder(s)</source>
        <translation>
            <numerusform>%n Ordner</numerusform>
            <numerusform>%n Ordner</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n Datei</numerusform>
            <numerusform>%n Dateien</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n link(s)</source>
        <translation>
            <numerusform>%n Verknüpfung</numerusform>
            <numerusform>%n Verknüpfungen</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No damage; %n note(s)</source>
        <translation>
            <numerusform>Keine Schäden; %n Hinweis</numerusform>
            <numerusform>Keine Schäden; %n Hinweise</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) need attention</source>
        <translation>
            <numerusform>%n Problem erfordert Aufmerksamkeit</numerusform>
            <numerusform>%n Probleme erfordern Aufmerksamkeit</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Vaults</source>
        <translation>Tresore</translation>
    </message>
    <message>
        <source>Add vault</source>
        <translation>Tresor hinzufügen</translation>
    </message>
    <message>
        <source>Create new vault…</source>
        <translation>Neuen Tresor erstellen…</translation>
    </message>
    <message>
        <source>Open existing vault…</source>
        <translation>Vorhandenen Tresor öffnen…</translation>
    </message>
    <message>
        <source>Remove the selected vault from the list</source>
        <translation>Den ausgewählten Tresor aus der Liste entfernen</translation>
    </message>
    <message>
        <source>Remove vault</source>
        <translation>Tresor entfernen</translation>
    </message>
    <message>
        <source>No vaults yet</source>
        <translation>Noch keine Tresore</translation>
    </message>
    <message>
        <source>A vault keeps files encrypted in a folder you choose. Create a new one, or open a vault made with Strongroom or Cryptomator.</source>
        <translation>Ein Tresor bewahrt Dateien verschlüsselt in einem Ordner Ihrer Wahl auf. Erstellen Sie einen neuen oder öffnen Sie einen Tresor, der mit Strongroom oder Cryptomator angelegt wurde.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;Create new vault…</source>
        <translation>Neuen Tresor e&amp;rstellen…</translation>
    </message>
    <message>
        <source>&amp;Open existing vault…</source>
        <translation>Vorhandenen Tresor ö&amp;ffnen…</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>&amp;Vault</source>
        <translation>&amp;Tresor</translation>
    </message>
    <message>
        <source>Lock &amp;all</source>
        <translation>A&amp;lle sperren</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>&amp;Protokollordner öffnen</translation>
    </message>
    <message>
        <source>&amp;About Strongroom</source>
        <translation>&amp;Über Strongroom</translation>
    </message>
    <message>
        <source>Cannot unlock</source>
        <translation>Entsperren nicht möglich</translation>
    </message>
    <message>
        <source>The unlocked vault is served at:</source>
        <translation>Der entsperrte Tresor wird bereitgestellt unter:</translation>
    </message>
    <message>
        <source>Reveal drive</source>
        <translation>Laufwerk anzeigen</translation>
    </message>
    <message>
        <source>No file manager could be started to show the vault.</source>
        <translation>Es konnte kein Dateimanager gestartet werden, um den Tresor anzuzeigen.</translation>
    </message>
    <message>
        <source>The unlocked vault is the folder:</source>
        <translation>Der entsperrte Tresor ist der Ordner:</translation>
    </message>
    <message>
        <source>Log folder</source>
        <translation>Protokollordner</translation>
    </message>
    <message>
        <source>No file manager could be started.</source>
        <translation>Es konnte kein Dateimanager gestartet werden.</translation>
    </message>
    <message>
        <source>The log is in:</source>
        <translation>Das Protokoll liegt in:</translation>
    </message>
    <message>
        <source>About Strongroom</source>
        <translation>Über Strongroom</translation>
    </message>
    <message>
        <source>Encrypted vaults shown as ordinary folders.</source>
        <translation>Verschlüsselte Tresore, angezeigt als gewöhnliche Ordner.</translation>
    </message>
    <message>
        <source>Vaults use the Cryptomator format 8 and open in Cryptomator too.</source>
        <translation>Die Tresore verwenden das Cryptomator-Format 8 und lassen sich auch in Cryptomator öffnen.</translation>
    </message>
    <message>
        <source>Strongroom is still running</source>
        <translation>Strongroom läuft weiter</translation>
    </message>
    <message>
        <source>Your vaults stay as they are. Open Strongroom or quit it from its tray icon.</source>
        <translation>Ihre Tresore bleiben, wie sie sind. Öffnen oder beenden Sie Strongroom über sein Symbol im Infobereich.</translation>
    </message>
    <message>
        <source>Quit Strongroom</source>
        <translation>Strongroom beenden</translation>
    </message>
    <message>
        <source>Lock and quit</source>
        <translation>Sperren und beenden</translation>
    </message>
    <message>
        <source>Some vaults are still in use.</source>
        <translation>Einige Tresore werden noch verwendet.</translation>
    </message>
    <message>
        <source>“{name}”: {programs}</source>
        <translation>„{name}“: {programs}</translation>
    </message>
    <message>
        <source>Force locking cuts those programs off from the files: unsaved changes in them are lost. Cancel keeps every vault unlocked.</source>
        <translation>Zwangsweises Sperren trennt diese Programme von den Dateien: Ungespeicherte Änderungen darin gehen verloren. „Abbrechen“ lässt alle Tresore entsperrt.</translation>
    </message>
    <message>
        <source>Force lock all and quit</source>
        <translation>Alle zwangsweise sperren und beenden</translation>
    </message>
    <message numerus="yes">
        <source>They are locked before Strongroom quits.</source>
        <translation>
            <numerusform>Er wird gesperrt, bevor Strongroom beendet wird.</numerusform>
            <numerusform>Sie werden gesperrt, bevor Strongroom beendet wird.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n vault(s) unlocked: {names}.</source>
        <translation>
            <numerusform>%n Tresor ist entsperrt: {names}.</numerusform>
            <numerusform>%n Tresore sind entsperrt: {names}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OpenFiles</name>
    <message>
        <source>{program} (pid {pid}): {names}</source>
        <translation>{program} (PID {pid}): {names}</translation>
    </message>
    <message numerus="yes">
        <source>... and %n more program(s)</source>
        <translation>
            <numerusform>… und %n weiteres Programm</numerusform>
            <numerusform>… und %n weitere Programme</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{names} and %n more</source>
        <translation>
            <numerusform>{names} und %n weitere</numerusform>
            <numerusform>{names} und %n weitere</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PasswordDialogs</name>
    <message>
        <source>{title}: {name}</source>
        <translation>{title}: {name}</translation>
    </message>
    <message>
        <source>{title}: {text}</source>
        <translation>{title}: {text}</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>Passwort ändern</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Aktuelles Passwort</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Neues Passwort</translation>
    </message>
    <message>
        <source>Repeat the new password</source>
        <translation>Neues Passwort wiederholen</translation>
    </message>
    <message>
        <source>Current:</source>
        <translation>Aktuell:</translation>
    </message>
    <message>
        <source>New:</source>
        <translation>Neu:</translation>
    </message>
    <message>
        <source>Confirm:</source>
        <translation>Bestätigen:</translation>
    </message>
    <message>
        <source>The new passwords do not match.</source>
        <translation>Die neuen Passwörter stimmen nicht überein.</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>Passwort geändert</translation>
    </message>
    <message>
        <source>{name} has a new password.</source>
        <translation>{name} hat ein neues Passwort.</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Enter the vault&apos;s password to see its recovery key.</source>
        <translation>Geben Sie das Passwort des Tresors ein, um seinen Wiederherstellungsschlüssel zu sehen.</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Passwort:</translation>
    </message>
    <message>
        <source>Show recovery key</source>
        <translation>Wiederherstellungsschlüssel anzeigen</translation>
    </message>
    <message>
        <source>Keep this key somewhere safe, away from the vault.</source>
        <translation>Bewahren Sie diesen Schlüssel sicher auf, getrennt vom Tresor.</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>Passwort zurücksetzen</translation>
    </message>
    <message>
        <source>The 44 words of the recovery key</source>
        <translation>Die 44 Wörter des Wiederherstellungsschlüssels</translation>
    </message>
    <message>
        <source>Type the recovery key you wrote down when the vault was made.</source>
        <translation>Geben Sie den Wiederherstellungsschlüssel ein, den Sie beim Anlegen des Tresors notiert haben.</translation>
    </message>
    <message>
        <source>Recovery key:</source>
        <translation>Wiederherstellungsschlüssel:</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>Neues Passwort:</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>Passwort zurückgesetzt</translation>
    </message>
</context>
<context>
    <name>PasswordStrength</name>
    <message>
        <source>Too weak</source>
        <translation>Zu schwach</translation>
    </message>
    <message>
        <source>Weak</source>
        <translation>Schwach</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>Mittel</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>Gut</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>Stark</translation>
    </message>
    <message numerus="yes">
        <source>Use at least %n characters.</source>
        <translation>
            <numerusform>Verwenden Sie mindestens %n Zeichen.</numerusform>
            <numerusform>Verwenden Sie mindestens %n Zeichen.</numerusform>
        </translation>
    </message>
    <message>
        <source>This is one of the most common passwords.</source>
        <translation>Dies ist eines der häufigsten Passwörter.</translation>
    </message>
    <message>
        <source>Longer is better: add words or characters of other kinds.</source>
        <translation>Länger ist besser: Fügen Sie Wörter oder andere Arten von Zeichen hinzu.</translation>
    </message>
    <message>
        <source>A few more characters would make it much harder to guess.</source>
        <translation>Ein paar Zeichen mehr würden es viel schwerer zu erraten machen.</translation>
    </message>
    <message>
        <source>A good password.</source>
        <translation>Ein gutes Passwort.</translation>
    </message>
    <message>
        <source>A strong password.</source>
        <translation>Ein starkes Passwort.</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>Preferences</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Start hidden in the system tray</source>
        <translation>Versteckt im Infobereich starten</translation>
    </message>
    <message>
        <source>No system tray was found on this desktop, so Strongroom always opens its window.</source>
        <translation>Auf dieser Arbeitsoberfläche wurde kein Infobereich gefunden, daher öffnet Strongroom immer sein Fenster.</translation>
    </message>
    <message>
        <source>Start Strongroom when I log in</source>
        <translation>Strongroom bei der Anmeldung starten</translation>
    </message>
    <message>
        <source> s</source>
        <comment>after a number of seconds</comment>
        <translation> s</translation>
    </message>
    <message>
        <source>Don&apos;t wait</source>
        <translation>Nicht warten</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>Follow the system theme</source>
        <translation>Dem Erscheinungsbild des Systems folgen</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Systemstandard</translation>
    </message>
    <message>
        <source>Remove thumbnails and recent-file entries of a vault&apos;s files when it locks</source>
        <translation>Vorschaubilder und Einträge zuletzt geöffneter Dateien eines Tresors beim Sperren entfernen</translation>
    </message>
    <message>
        <source>Wait for the keychain:</source>
        <translation>Auf den Schlüsselbund warten:</translation>
    </message>
    <message>
        <source>Vaults that unlock when Strongroom starts wait this long for a locked keychain to be unlocked, then ask for their passwords.</source>
        <translation>Tresore, die beim Start von Strongroom entsperrt werden, warten so lange, bis ein gesperrter Schlüsselbund entsperrt ist, und fragen dann nach ihren Passwörtern.</translation>
    </message>
    <message>
        <source>Mount vaults under:</source>
        <translation>Tresore einhängen unter:</translation>
    </message>
    <message>
        <source>Each vault gets its own folder here unless it has its own mount point.</source>
        <translation>Jeder Tresor erhält hier einen eigenen Ordner, sofern er keinen eigenen Einhängepunkt hat.</translation>
    </message>
    <message>
        <source>File managers and viewers keep pictures and names of the files you open; locking then leaves none behind.</source>
        <translation>Dateimanager und Betrachter behalten Bilder und Namen der Dateien, die Sie öffnen; das Sperren hinterlässt dann keine davon.</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Sprache:</translation>
    </message>
    <message>
        <source>A new language applies when Strongroom restarts.</source>
        <translation>Eine neue Sprache gilt nach dem Neustart von Strongroom.</translation>
    </message>
    <message>
        <source>Mount vaults under</source>
        <translation>Tresore einhängen unter</translation>
    </message>
    <message>
        <source>Choose a folder for the mount points as a full path, such as ~/Vaults.</source>
        <translation>Wählen Sie einen Ordner für die Einhängepunkte als vollständigen Pfad, etwa ~/Vaults.</translation>
    </message>
    <message>
        <source>Could not change the login start entry: {problem}</source>
        <translation>Der Eintrag für den Start bei der Anmeldung konnte nicht geändert werden: {problem}</translation>
    </message>
</context>
<context>
    <name>RecoveryKey</name>
    <message>
        <source>Strongroom recovery key</source>
        <translation>Strongroom-Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <source>Vault: &lt;b&gt;{name}&lt;/b&gt;</source>
        <translation>Tresor: &lt;b&gt;{name}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>With this key anyone can set a new password for the vault. Keep it somewhere safe, away from the vault and the computer.</source>
        <translation>Mit diesem Schlüssel kann jeder ein neues Passwort für den Tresor festlegen. Bewahren Sie ihn sicher auf, getrennt vom Tresor und vom Computer.</translation>
    </message>
    <message>
        <source>Strongroom recovery key for the vault {name}</source>
        <translation>Strongroom-Wiederherstellungsschlüssel für den Tresor {name}</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Drucken…</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Speichern unter…</translation>
    </message>
    <message>
        <source>Copied. The clipboard is cleared in {time}.</source>
        <translation>Kopiert. Die Zwischenablage wird in {time} geleert.</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>An den Drucker gesendet.</translation>
    </message>
    <message>
        <source>{name} recovery key.txt</source>
        <translation>{name} Wiederherstellungsschlüssel.txt</translation>
    </message>
    <message>
        <source>Save the recovery key</source>
        <translation>Wiederherstellungsschlüssel speichern</translation>
    </message>
    <message>
        <source>Text files</source>
        <translation>Textdateien</translation>
    </message>
    <message>
        <source>Not saved: {problem}</source>
        <translation>Nicht gespeichert: {problem}</translation>
    </message>
    <message>
        <source>Saved to {path}. Move it off this computer, e.g. to a USB stick.</source>
        <translation>Gespeichert in {path}. Bringen Sie die Datei von diesem Computer weg, z. B. auf einen USB-Stick.</translation>
    </message>
</context>
<context>
    <name>ResultMessages</name>
    <message>
        <source>{title}: {text}</source>
        <translation>{title}: {text}</translation>
    </message>
    <message>
        <source>Password not saved</source>
        <translation>Passwort nicht gespeichert</translation>
    </message>
    <message>
        <source>Vault unlocked</source>
        <translation>Tresor entsperrt</translation>
    </message>
    <message>
        <source>“{name}” is unlocked at {folder}.

Open it in the file manager?</source>
        <translation>„{name}“ ist unter {folder} entsperrt.

Im Dateimanager öffnen?</translation>
    </message>
    <message>
        <source>{name} unlocked, served over WebDAV at {url}</source>
        <translation>{name} entsperrt, über WebDAV bereitgestellt unter {url}</translation>
    </message>
    <message>
        <source>{name} unlocked at {folder}</source>
        <translation>{name} entsperrt unter {folder}</translation>
    </message>
    <message>
        <source>Could not unlock {name}.

{problem}</source>
        <translation>{name} konnte nicht entsperrt werden.

{problem}</translation>
    </message>
    <message>
        <source>Could not lock {name}.

{problem}</source>
        <translation>{name} konnte nicht gesperrt werden.

{problem}</translation>
    </message>
    <message>
        <source>Vault is in use</source>
        <translation>Tresor wird verwendet</translation>
    </message>
    <message>
        <source>“{name}” is still in use, so it was not locked.</source>
        <translation>„{name}“ wird noch verwendet und wurde deshalb nicht gesperrt.</translation>
    </message>
    <message>
        <source>Programs with files open in it:
{programs}</source>
        <translation>Programme mit darin geöffneten Dateien:
{programs}</translation>
    </message>
    <message>
        <source>Some program still has a file or folder open in it.</source>
        <translation>Ein Programm hat darin noch eine Datei oder einen Ordner geöffnet.</translation>
    </message>
    <message>
        <source>Close those files and try again, or force the lock: unsaved changes in those programs will be lost.</source>
        <translation>Schließen Sie diese Dateien und versuchen Sie es erneut, oder erzwingen Sie das Sperren: Ungespeicherte Änderungen in diesen Programmen gehen verloren.</translation>
    </message>
    <message>
        <source>Force lock</source>
        <translation>Sperren erzwingen</translation>
    </message>
    <message>
        <source>Cannot add this vault</source>
        <translation>Dieser Tresor kann nicht hinzugefügt werden</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>Pfad kopieren</translation>
    </message>
</context>
<context>
    <name>StartUnlock</name>
    <message>
        <source>Waiting for the keychain to unlock…</source>
        <translation>Warten, bis der Schlüsselbund entsperrt ist …</translation>
    </message>
</context>
<context>
    <name>Stats</name>
    <message>
        <source>{size}/s</source>
        <comment>bytes per second</comment>
        <translation>{size}/s</translation>
    </message>
    <message>
        <source>top line: {rate}</source>
        <translation>oberste Linie: {rate}</translation>
    </message>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>vor %n s</numerusform>
            <numerusform>vor %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>now</source>
        <translation>jetzt</translation>
    </message>
    <message>
        <source>Statistics: {name}</source>
        <translation>Statistik: {name}</translation>
    </message>
    <message>
        <source>Read and write throughput</source>
        <translation>Lese- und Schreibdurchsatz</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Gelesen</translation>
    </message>
    <message>
        <source>Total read:</source>
        <translation>Insgesamt gelesen:</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Geschrieben</translation>
    </message>
    <message>
        <source>Total written:</source>
        <translation>Insgesamt geschrieben:</translation>
    </message>
    <message>
        <source>Unlocked for:</source>
        <translation>Entsperrt seit:</translation>
    </message>
    <message>
        <source>The vault is locked.</source>
        <translation>Der Tresor ist gesperrt.</translation>
    </message>
    <message>
        <source>The vault is not mounted, so no file traffic is counted.</source>
        <translation>Der Tresor ist nicht eingehängt, daher wird kein Dateiverkehr gezählt.</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Strongroom: {names} unlocked</source>
        <translation>Strongroom: {names} entsperrt</translation>
    </message>
    <message>
        <source>Strongroom: all locked</source>
        <translation>Strongroom: alle gesperrt</translation>
    </message>
</context>
<context>
    <name>TrayMenu</name>
    <message>
        <source>Show Strongroom</source>
        <translation>Strongroom anzeigen</translation>
    </message>
    <message>
        <source>No vaults yet</source>
        <translation>Noch keine Tresore</translation>
    </message>
    <message>
        <source>Lock all</source>
        <translation>Alle sperren</translation>
    </message>
    <message>
        <source>Preferences…</source>
        <translation>Einstellungen…</translation>
    </message>
    <message>
        <source>Quit Strongroom</source>
        <translation>Strongroom beenden</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Unlock {name}</source>
        <translation>{name} entsperren</translation>
    </message>
    <message>
        <source>Unlock “{name}”</source>
        <translation>„{name}“ entsperren</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Passwort</translation>
    </message>
    <message>
        <source>Remember the password in the system keychain</source>
        <translation>Passwort im Schlüsselbund des Systems speichern</translation>
    </message>
    <message>
        <source>Forgot the password?</source>
        <translation>Passwort vergessen?</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Entsperren</translation>
    </message>
    <message>
        <source>Checking the system keychain…</source>
        <translation>Schlüsselbund des Systems wird geprüft…</translation>
    </message>
    <message>
        <source>The password cannot be saved: {reason}.</source>
        <translation>Das Passwort kann nicht gespeichert werden: {reason}.</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>Wird entsperrt…</translation>
    </message>
    <message>
        <source>Wrong password. Check Caps Lock and try again.</source>
        <translation>Falsches Passwort. Prüfen Sie die Feststelltaste und versuchen Sie es erneut.</translation>
    </message>
    <message numerus="yes">
        <source>Wait %n s</source>
        <translation>
            <numerusform>%n s warten</numerusform>
            <numerusform>%n s warten</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrong password (%n attempts). Check Caps Lock and try again.</source>
        <translation>
            <numerusform>Falsches Passwort (%n Versuch). Prüfen Sie die Feststelltaste und versuchen Sie es erneut.</numerusform>
            <numerusform>Falsches Passwort (%n Versuche). Prüfen Sie die Feststelltaste und versuchen Sie es erneut.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Please wait %n second(s) before the next try.</source>
        <translation>
            <numerusform>Bitte warten Sie %n Sekunde bis zum nächsten Versuch.</numerusform>
            <numerusform>Bitte warten Sie %n Sekunden bis zum nächsten Versuch.</numerusform>
        </translation>
    </message>
    <message>
        <source>{title}: {text}</source>
        <translation>{title}: {text}</translation>
    </message>
</context>
<context>
    <name>VaultActions</name>
    <message>
        <source>&amp;Unlock…</source>
        <translation>&amp;Entsperren…</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Sperren</translation>
    </message>
    <message>
        <source>&amp;Reveal drive</source>
        <translation>Laufwerk &amp;anzeigen</translation>
    </message>
    <message>
        <source>Vault &amp;options…</source>
        <translation>Tresor&amp;optionen…</translation>
    </message>
    <message>
        <source>&amp;Statistics…</source>
        <translation>S&amp;tatistik…</translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation>&amp;Umbenennen…</translation>
    </message>
    <message>
        <source>&amp;Change password…</source>
        <translation>&amp;Passwort ändern…</translation>
    </message>
    <message>
        <source>Show recovery &amp;key…</source>
        <translation>&amp;Wiederherstellungsschlüssel anzeigen…</translation>
    </message>
    <message>
        <source>Reset password with recovery key…</source>
        <translation>Passwort mit Wiederherstellungsschlüssel zurücksetzen…</translation>
    </message>
    <message>
        <source>&amp;Forget saved password</source>
        <translation>Gespeichertes Passwort &amp;vergessen</translation>
    </message>
    <message>
        <source>Check &amp;health…</source>
        <translation>&amp;Zustand prüfen…</translation>
    </message>
    <message>
        <source>Re&amp;move from list…</source>
        <translation>Aus der Liste ent&amp;fernen…</translation>
    </message>
</context>
<context>
    <name>VaultOptions</name>
    <message>
        <source>Show it in the file manager</source>
        <translation>Im Dateimanager anzeigen</translation>
    </message>
    <message>
        <source>Ask what to do</source>
        <translation>Nachfragen</translation>
    </message>
    <message>
        <source>Do nothing</source>
        <translation>Nichts tun</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatisch</translation>
    </message>
    <message>
        <source>FUSE (a folder)</source>
        <translation>FUSE (ein Ordner)</translation>
    </message>
    <message>
        <source>WebDAV (an address on this computer)</source>
        <translation>WebDAV (eine Adresse auf diesem Computer)</translation>
    </message>
    <message>
        <source>Windows&apos; WebDAV client (the WebClient service) refuses files larger than 50 MB unless its limit is raised. To allow files up to 4 GiB, as an administrator set the DWORD value FileSizeLimitInBytes under HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\WebClient\Parameters to 4294967295, then restart the WebClient service (or the computer). Larger files cannot be opened over WebDAV on Windows.</source>
        <translation>Der WebDAV-Client von Windows (der Dienst WebClient) weist Dateien über 50 MB ab, solange seine Grenze nicht erhöht ist. Um Dateien bis 4 GiB zu erlauben, setzen Sie als Administrator den DWORD-Wert FileSizeLimitInBytes unter HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\WebClient\Parameters auf 4294967295 und starten dann den Dienst WebClient (oder den Computer) neu. Größere Dateien lassen sich unter Windows nicht über WebDAV öffnen.</translation>
    </message>
    <message>
        <source>allow_other lets every user account on this computer reach the unlocked vault&apos;s folder. Strongroom then shows its files as yours only (files 0600, folders 0700) and the system refuses other users, but anyone with administrator (root) rights can read and change everything while the vault is unlocked. On Linux it also needs the line user_allow_other in /etc/fuse.conf.</source>
        <translation>allow_other lässt jedes Benutzerkonto auf diesem Computer an den Ordner des entsperrten Tresors. Strongroom zeigt dessen Dateien dann nur als Ihre an (Dateien 0600, Ordner 0700) und das System weist andere Benutzer ab, aber wer Administratorrechte (root) hat, kann alles lesen und ändern, solange der Tresor entsperrt ist. Unter Linux braucht es außerdem die Zeile user_allow_other in /etc/fuse.conf.</translation>
    </message>
    <message>
        <source>Vault options: {name}</source>
        <translation>Tresoroptionen: {name}</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Laufwerkstyp</translation>
    </message>
    <message>
        <source>Automatic uses WebDAV on this computer: FUSE is not available ({problem}).</source>
        <translation>Automatisch verwendet auf diesem Computer WebDAV: FUSE ist nicht verfügbar ({problem}).</translation>
    </message>
    <message>
        <source>Automatic uses FUSE on this computer.</source>
        <translation>Automatisch verwendet auf diesem Computer FUSE.</translation>
    </message>
    <message>
        <source>Mount</source>
        <translation>Einhängen</translation>
    </message>
    <message>
        <source>Default folder: {folder}</source>
        <translation>Standardordner: {folder}</translation>
    </message>
    <message>
        <source>This folder:</source>
        <translation>Dieser Ordner:</translation>
    </message>
    <message>
        <source>An empty folder</source>
        <translation>Ein leerer Ordner</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Auswählen…</translation>
    </message>
    <message>
        <source>Read-only: files can be opened but not changed</source>
        <translation>Schreibgeschützt: Dateien können geöffnet, aber nicht geändert werden</translation>
    </message>
    <message>
        <source>Usually empty</source>
        <translation>Meist leer</translation>
    </message>
    <message>
        <source>Volume:</source>
        <translation>Laufwerkstyp:</translation>
    </message>
    <message>
        <source>Extra mount options:</source>
        <translation>Zusätzliche Einhängeoptionen:</translation>
    </message>
    <message>
        <source>Comma-separated FUSE options; leave empty unless you need one.</source>
        <translation>FUSE-Optionen, durch Kommas getrennt; leer lassen, wenn Sie keine brauchen.</translation>
    </message>
    <message>
        <source>Unlocking and locking</source>
        <translation>Entsperren und Sperren</translation>
    </message>
    <message>
        <source>Unlock when Strongroom starts</source>
        <translation>Beim Start von Strongroom entsperren</translation>
    </message>
    <message>
        <source>Lock after</source>
        <comment>followed by: 30 minutes without file activity</comment>
        <translation>Sperren nach</translation>
    </message>
    <message>
        <source> minutes without file activity</source>
        <translation> Minuten ohne Dateizugriffe</translation>
    </message>
    <message>
        <source>Minutes without file activity before the vault locks</source>
        <translation>Minuten ohne Dateizugriffe, bis der Tresor gesperrt wird</translation>
    </message>
    <message>
        <source>Lock when the computer sleeps or the screen locks</source>
        <translation>Sperren, wenn der Computer in den Ruhezustand geht oder der Bildschirm gesperrt wird</translation>
    </message>
    <message>
        <source>After unlocking:</source>
        <translation>Nach dem Entsperren:</translation>
    </message>
    <message>
        <source>Mount changes take effect the next time the vault is unlocked.</source>
        <translation>Änderungen am Einhängen gelten ab dem nächsten Entsperren des Tresors.</translation>
    </message>
    <message>
        <source>Mount point</source>
        <translation>Einhängepunkt</translation>
    </message>
    <message>
        <source>WebDAV serves the unlocked vault at a private address on this computer (127.0.0.1), for file managers and apps that speak WebDAV.</source>
        <translation>WebDAV stellt den entsperrten Tresor unter einer privaten Adresse auf diesem Computer bereit (127.0.0.1), für Dateimanager und Programme, die WebDAV sprechen.</translation>
    </message>
    <message>
        <source>Choose a mount point folder (a full path).</source>
        <translation>Wählen Sie einen Ordner als Einhängepunkt (einen vollständigen Pfad).</translation>
    </message>
    <message>
        <source>Let other users reach this vault?</source>
        <translation>Anderen Benutzern Zugriff auf diesen Tresor geben?</translation>
    </message>
    <message>
        <source>Save the option allow_other?</source>
        <translation>Die Option allow_other speichern?</translation>
    </message>
    <message>
        <source>Not saved: allow_other was not confirmed.</source>
        <translation>Nicht gespeichert: allow_other wurde nicht bestätigt.</translation>
    </message>
</context>
<context>
    <name>VaultState</name>
    <message>
        <source>Unlocked</source>
        <translation>Entsperrt</translation>
    </message>
    <message>
        <source>Unlocked, served over WebDAV at {url}</source>
        <translation>Entsperrt, über WebDAV bereitgestellt unter {url}</translation>
    </message>
    <message>
        <source>Unlocked, mounted at {folder}</source>
        <translation>Entsperrt, eingehängt unter {folder}</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>Wird entsperrt…</translation>
    </message>
    <message>
        <source>Locking: {activity}</source>
        <translation>Wird gesperrt: {activity}</translation>
    </message>
    <message>
        <source>Locking…</source>
        <translation>Wird gesperrt…</translation>
    </message>
    <message>
        <source>Missing: the vault folder was not found</source>
        <translation>Fehlt: Der Tresorordner wurde nicht gefunden</translation>
    </message>
    <message>
        <source>Error: {error}</source>
        <translation>Fehler: {error}</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Fehler</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Gesperrt</translation>
    </message>
    <message>
        <source>closing open files and dropping the keys…</source>
        <translation>offene Dateien werden geschlossen und die Schlüssel verworfen…</translation>
    </message>
    <message>
        <source>waiting for the file system to detach…</source>
        <translation>warten, bis sich das Dateisystem löst…</translation>
    </message>
</context>
<context>
    <name>Widgets</name>
    <message>
        <source>Show password</source>
        <translation>Passwort anzeigen</translation>
    </message>
    <message>
        <source>Show the password</source>
        <translation>Das Passwort anzeigen</translation>
    </message>
    <message>
        <source>Hide the password</source>
        <translation>Das Passwort verbergen</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>d</source>
        <comment>days, abbreviated</comment>
        <translation>T</translation>
    </message>
    <message>
        <source>h</source>
        <comment>hours, abbreviated</comment>
        <translation>h</translation>
    </message>
    <message>
        <source>min</source>
        <comment>minutes, abbreviated</comment>
        <translation>min</translation>
    </message>
    <message>
        <source>s</source>
        <comment>seconds, abbreviated</comment>
        <translation>s</translation>
    </message>
    <message>
        <source>{value} {unit}</source>
        <comment>a number and its unit</comment>
        <translation>{value} {unit}</translation>
    </message>
</context>
</TS>
