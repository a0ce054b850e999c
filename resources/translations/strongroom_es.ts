<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="es" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Settings</source>
        <translation>Configuración</translation>
    </message>
    <message>
        <source>Strongroom is already running; its window was brought forward.</source>
        <translation>Strongroom ya está en ejecución; su ventana se ha traído al frente.</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Vault locked</source>
        <translation>Bóveda bloqueada</translation>
    </message>
    <message numerus="yes">
        <source>{name} was idle for %n minute(s).</source>
        <translation>
            <numerusform>{name} estuvo inactiva %n minuto.</numerusform>
            <numerusform>{name} estuvo inactiva %n minutos.</numerusform>
        </translation>
    </message>
    <message>
        <source>Settings not saved</source>
        <translation>Configuración no guardada</translation>
    </message>
    <message>
        <source>Could not write {path}: {problem}</source>
        <translation>No se pudo escribir {path}: {problem}</translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation>Llavero</translation>
    </message>
    <message>
        <source>The saved password was removed.</source>
        <translation>Se eliminó la contraseña guardada.</translation>
    </message>
    <message>
        <source>{name} was force-locked: programs that had files open in it can no longer read or write them.</source>
        <translation>{name} se bloqueó a la fuerza: los programas que tenían archivos abiertos en ella ya no pueden leerlos ni escribirlos.</translation>
    </message>
    <message>
        <source>{name} was unmounted.</source>
        <translation>{name} se desmontó.</translation>
    </message>
</context>
<context>
    <name>CreateVaultWizard</name>
    <message>
        <source>Name and location</source>
        <translation>Nombre y ubicación</translation>
    </message>
    <message>
        <source>The vault is a folder of encrypted files. Put it anywhere, for example inside a folder your cloud service syncs.</source>
        <translation>La bóveda es una carpeta de archivos cifrados. Puede ponerla en cualquier lugar, por ejemplo dentro de una carpeta que sincronice su servicio en la nube.</translation>
    </message>
    <message>
        <source>e.g. Personal documents</source>
        <translation>p. ej. Documentos personales</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <source>Vault name:</source>
        <translation>Nombre de la bóveda:</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Ubicación:</translation>
    </message>
    <message>
        <source>The folder in which the vault&apos;s folder is made</source>
        <translation>La carpeta en la que se crea la carpeta de la bóveda</translation>
    </message>
    <message>
        <source>Where to create the vault</source>
        <translation>Dónde crear la bóveda</translation>
    </message>
    <message>
        <source>The name cannot contain slashes.</source>
        <translation>El nombre no puede contener barras.</translation>
    </message>
    <message>
        <source>The location {folder} does not exist.</source>
        <translation>La ubicación {folder} no existe.</translation>
    </message>
    <message>
        <source>{path} already exists and is not empty.</source>
        <translation>{path} ya existe y no está vacía.</translation>
    </message>
    <message>
        <source>The vault will be the folder {path}</source>
        <translation>La bóveda será la carpeta {path}</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Choose a password you will remember. Without it (or the recovery key shown next) nobody, not even you, can open the files.</source>
        <translation>Elija una contraseña que vaya a recordar. Sin ella (o sin la clave de recuperación que se muestra a continuación) nadie, ni siquiera usted, puede abrir los archivos.</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Contraseña nueva</translation>
    </message>
    <message>
        <source>Repeat the password</source>
        <translation>Repita la contraseña</translation>
    </message>
    <message>
        <source>Show expert settings</source>
        <translation>Mostrar ajustes avanzados</translation>
    </message>
    <message>
        <source> characters</source>
        <comment>after a number</comment>
        <translation> caracteres</translation>
    </message>
    <message>
        <source>Name shortening threshold:</source>
        <translation>Umbral de acortamiento de nombres:</translation>
    </message>
    <message>
        <source>Encrypted names longer than this are stored in shortened form. Lower it only when the vault lives on a system with short path limits (for example some Windows or network drives).</source>
        <translation>Los nombres cifrados más largos se guardan acortados. Redúzcalo solo si la bóveda está en un sistema con límites de ruta cortos (por ejemplo, algunas unidades de Windows o de red).</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Contraseña:</translation>
    </message>
    <message>
        <source>Confirm:</source>
        <translation>Confirmar:</translation>
    </message>
    <message>
        <source>✓ The passwords match.</source>
        <translation>✓ Las contraseñas coinciden.</translation>
    </message>
    <message>
        <source>The passwords do not match.</source>
        <translation>Las contraseñas no coinciden.</translation>
    </message>
    <message>
        <source>Creating the vault…</source>
        <translation>Creando la bóveda…</translation>
    </message>
    <message>
        <source>{title}: {text}</source>
        <translation>{title}: {text}</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Clave de recuperación</translation>
    </message>
    <message>
        <source>If you forget the password, this key is the only way back in. Write it down, print it or save it, and keep it somewhere safe, away from the vault.</source>
        <translation>Si olvida la contraseña, esta clave es la única forma de volver a entrar. Anótela, imprímala o guárdela, y consérvela en un lugar seguro, lejos de la bóveda.</translation>
    </message>
    <message>
        <source>You can see the key again later with the password: Vault menu, Show recovery key.</source>
        <translation>Puede volver a ver la clave más adelante con la contraseña: menú Bóveda, Mostrar clave de recuperación.</translation>
    </message>
    <message>
        <source>I have written down, printed or saved the recovery key</source>
        <translation>He anotado, impreso o guardado la clave de recuperación</translation>
    </message>
    <message>
        <source>Create a new vault</source>
        <translation>Crear una bóveda nueva</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Hecho</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Lock</source>
        <translation>Bloquear</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>Desbloqueando…</translation>
    </message>
    <message>
        <source>Locking…</source>
        <translation>Bloqueando…</translation>
    </message>
    <message>
        <source>Unlock…</source>
        <translation>Desbloquear…</translation>
    </message>
    <message>
        <source>Cannot unlock: {problem}</source>
        <translation>No se puede desbloquear: {problem}</translation>
    </message>
    <message>
        <source>&lt;b&gt;This vault cannot be unlocked here yet.&lt;/b&gt; Its volume is WebDAV, which is not available: {problem}</source>
        <translation>&lt;b&gt;Esta bóveda aún no se puede desbloquear aquí.&lt;/b&gt; Su volumen es WebDAV, que no está disponible: {problem}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Vaults cannot be unlocked on this computer yet.&lt;/b&gt; Strongroom shows an unlocked vault as a drive through FUSE, which is not available: {problem}</source>
        <translation>&lt;b&gt;Todavía no se pueden desbloquear bóvedas en este equipo.&lt;/b&gt; Strongroom muestra una bóveda desbloqueada como una unidad mediante FUSE, que no está disponible: {problem}</translation>
    </message>
    <message>
        <source>FUSE is not available here ({problem}), so this vault is served over WebDAV instead, at a private address on this computer.</source>
        <translation>FUSE no está disponible aquí ({problem}), así que esta bóveda se sirve por WebDAV, en una dirección privada de este ordenador.</translation>
    </message>
</context>
<context>
    <name>DialogLaunchers</name>
    <message>
        <source>Open an existing vault</source>
        <translation>Abrir una bóveda existente</translation>
    </message>
    <message>
        <source>Vault file</source>
        <translation>Archivo de bóveda</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>Todos los archivos</translation>
    </message>
    <message>
        <source>Rename vault</source>
        <translation>Cambiar el nombre de la bóveda</translation>
    </message>
    <message>
        <source>Name shown in Strongroom:</source>
        <translation>Nombre que se muestra en Strongroom:</translation>
    </message>
    <message>
        <source>Vault is unlocked</source>
        <translation>La bóveda está desbloqueada</translation>
    </message>
    <message>
        <source>Lock the vault before removing it.</source>
        <translation>Bloquee la bóveda antes de quitarla.</translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation>Quitar de la lista</translation>
    </message>
    <message>
        <source>Remove “{name}” from the list?

Its files stay where they are ({folder}); you can add it again later.</source>
        <translation>¿Quitar «{name}» de la lista?

Sus archivos se quedan donde están ({folder}); puede volver a añadirla más adelante.</translation>
    </message>
    <message>
        <source>A different vault</source>
        <translation>Una bóveda distinta</translation>
    </message>
    <message>
        <source>This folder now holds a different vault than the “{name}” you added.</source>
        <translation>Esta carpeta contiene ahora una bóveda distinta de «{name}», la que añadió.</translation>
    </message>
    <message>
        <source>{folder}

Vault ID when added: {old_id}
Vault ID now: {new_id}

It may have been replaced by a sync tool, a backup restore, or someone else. Unlock it only if you expected this; a saved password is not used for it.</source>
        <translation>{folder}

ID de la bóveda al añadirla: {old_id}
ID de la bóveda ahora: {new_id}

Puede que la haya sustituido una herramienta de sincronización, una restauración de copia de seguridad u otra persona. Desbloquéela solo si lo esperaba; no se usa ninguna contraseña guardada para ella.</translation>
    </message>
    <message>
        <source>Continue to unlock</source>
        <translation>Continuar con el desbloqueo</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Not a vault</source>
        <translation>No es una bóveda</translation>
    </message>
    <message>
        <source>Unsupported vault</source>
        <translation>Bóveda no compatible</translation>
    </message>
    <message>
        <source>Vault configuration signature invalid</source>
        <translation>Firma de la configuración de la bóveda no válida</translation>
    </message>
    <message>
        <source>Unsafe key-derivation parameters</source>
        <translation>Parámetros de derivación de clave inseguros</translation>
    </message>
    <message>
        <source>Vault file damaged</source>
        <translation>Archivo de la bóveda dañado</translation>
    </message>
    <message>
        <source>Not a usable vault</source>
        <translation>Bóveda no utilizable</translation>
    </message>
    <message>
        <source>Vault is locked</source>
        <translation>La bóveda está bloqueada</translation>
    </message>
    <message>
        <source>Folder cannot hold a new vault</source>
        <translation>La carpeta no puede contener una bóveda nueva</translation>
    </message>
    <message>
        <source>Not possible in this state</source>
        <translation>No es posible en este estado</translation>
    </message>
    <message>
        <source>Mount failed</source>
        <translation>Error al montar</translation>
    </message>
    <message>
        <source>Content failed authentication</source>
        <translation>El contenido no superó la autenticación</translation>
    </message>
    <message>
        <source>Directory damaged</source>
        <translation>Carpeta dañada</translation>
    </message>
    <message>
        <source>Vault error</source>
        <translation>Error de la bóveda</translation>
    </message>
    <message>
        <source>Wrong password</source>
        <translation>Contraseña incorrecta</translation>
    </message>
    <message>
        <source>The password is not correct. Check Caps Lock and try again.</source>
        <translation>La contraseña no es correcta. Compruebe Bloq Mayús e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>Invalid recovery key</source>
        <translation>Clave de recuperación no válida</translation>
    </message>
    <message>
        <source>The recovery key is not valid. Check each word and try again.</source>
        <translation>La clave de recuperación no es válida. Compruebe cada palabra e inténtelo de nuevo.</translation>
    </message>
    <message>
        <source>Cannot mount the vault</source>
        <translation>No se puede montar la bóveda</translation>
    </message>
    <message>
        <source>{problem}

Strongroom needs FUSE to show an unlocked vault as a folder. On Debian or Ubuntu install it with: sudo apt install fuse3</source>
        <translation>{problem}

Strongroom necesita FUSE para mostrar una bóveda desbloqueada como una carpeta. En Debian o Ubuntu, instálelo con: sudo apt install fuse3</translation>
    </message>
    <message>
        <source>Mount point unusable</source>
        <translation>Punto de montaje inutilizable</translation>
    </message>
    <message>
        <source>{problem}

Choose another mount point in the vault options, or empty the folder.</source>
        <translation>{problem}

Elija otro punto de montaje en las opciones de la bóveda o vacíe la carpeta.</translation>
    </message>
    <message>
        <source>Vault is in use</source>
        <translation>La bóveda está en uso</translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation>Llavero</translation>
    </message>
    <message>
        <source>Permission denied</source>
        <translation>Permiso denegado</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>No encontrado</translation>
    </message>
    <message>
        <source>Input/output problem</source>
        <translation>Problema de entrada/salida</translation>
    </message>
    <message>
        <source>Unexpected problem</source>
        <translation>Problema inesperado</translation>
    </message>
</context>
<context>
    <name>HealthDialog</name>
    <message>
        <source>No problems found</source>
        <translation>No se encontraron problemas</translation>
    </message>
    <message>
        <source>Checked {folders}, {files}, {links} and {size} of file contents.</source>
        <translation>Comprobado: {folders}, {files}, {links} y {size} de contenido.</translation>
    </message>
    <message>
        <source>Checked {folders}, {files}, {links}.</source>
        <translation>Comprobado: {folders}, {files}, {links}.</translation>
    </message>
    <message>
        <source>repaired</source>
        <translation>reparado</translation>
    </message>
    <message>
        <source>repairable</source>
        <translation>reparable</translation>
    </message>
    <message>
        <source>error</source>
        <translation>error</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>aviso</translation>
    </message>
    <message>
        <source>No password is saved for this vault any more; type it.</source>
        <translation>Ya no hay ninguna contraseña guardada para esta bóveda; escríbala.</translation>
    </message>
    <message>
        <source>Check health: {name}</source>
        <translation>Comprobar estado: {name}</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Also verify every file&apos;s contents (slower)</source>
        <translation>Verificar también el contenido de cada archivo (más lento)</translation>
    </message>
    <message>
        <source>Health report</source>
        <translation>Informe de comprobación</translation>
    </message>
    <message>
        <source>The check reads the encrypted files and reports damage, for example from an interrupted sync. It changes nothing unless you ask for a repair.</source>
        <translation>La comprobación lee los archivos cifrados e informa de los daños, por ejemplo por una sincronización interrumpida. No cambia nada a menos que pida una reparación.</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Contraseña:</translation>
    </message>
    <message>
        <source>The password saved in the keychain is used.</source>
        <translation>Se usa la contraseña guardada en el llavero.</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Comprobar</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>Reparar</translation>
    </message>
    <message>
        <source>Lock the vault before repairing it.</source>
        <translation>Bloquee la bóveda antes de repararla.</translation>
    </message>
    <message>
        <source>Repairing…</source>
        <translation>Reparando…</translation>
    </message>
    <message>
        <source>Checking the folder structure…</source>
        <translation>Comprobando la estructura de carpetas…</translation>
    </message>
    <message>
        <source>Verifying contents: file {done} of {total}, {size_done} of {size_total}</source>
        <translation>Verificando el contenido: archivo {done} de {total}, {size_done} de {size_total}</translation>
    </message>
    <message>
        <source>Checking the folder structure: {done}…</source>
        <translation>Comprobando la estructura de carpetas: {done}…</translation>
    </message>
    <message>
        <source>{title}: {text}</source>
        <translation>{title}: {text}</translation>
    </message>
    <message numerus="yes">
        <source>%n folder(s)</source>
        <translation>
            <numerusform>%n carpeta</numerusform>
            <numerusform>%n carpetas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n archivo</numerusform>
            <numerusform>%n archivos</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n link(s)</source>
        <translation>
            <numerusform>%n enlace</numerusform>
            <numerusform>%n enlaces</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No damage; %n note(s)</source>
        <translation>
            <numerusform>Sin daños; %n nota</numerusform>
            <numerusform>Sin daños; %n notas</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) need attention</source>
        <translation>
            <numerusform>%n problema requiere atención</numerusform>
            <numerusform>%n problemas requieren atención</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Vaults</source>
        <translation>Bóvedas</translation>
    </message>
    <message>
        <source>Add vault</source>
        <translation>Añadir bóveda</translation>
    </message>
    <message>
        <source>Create new vault…</source>
        <translation>Crear una bóveda nueva…</translation>
    </message>
    <message>
        <source>Open existing vault…</source>
        <translation>Abrir una bóveda existente…</translation>
    </message>
    <message>
        <source>Remove the selected vault from the list</source>
        <translation>Quitar de la lista la bóveda seleccionada</translation>
    </message>
    <message>
        <source>Remove vault</source>
        <translation>Quitar bóveda</translation>
    </message>
    <message>
        <source>No vaults yet</source>
        <translation>Aún no hay bóvedas</translation>
    </message>
    <message>
        <source>A vault keeps files encrypted in a folder you choose. Create a new one, or open a vault made with Strongroom or Cryptomator.</source>
        <translation>Una bóveda guarda archivos cifrados en la carpeta que usted elija. Cree una nueva o abra una bóveda creada con Strongroom o Cryptomator.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Archivo</translation>
    </message>
    <message>
        <source>&amp;Create new vault…</source>
        <translation>&amp;Crear una bóveda nueva…</translation>
    </message>
    <message>
        <source>&amp;Open existing vault…</source>
        <translation>&amp;Abrir una bóveda existente…</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Preferencias…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Salir</translation>
    </message>
    <message>
        <source>&amp;Vault</source>
        <translation>&amp;Bóveda</translation>
    </message>
    <message>
        <source>Lock &amp;all</source>
        <translation>Bloquear &amp;todas</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>A&amp;yuda</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>Abrir la carpeta de &amp;registro</translation>
    </message>
    <message>
        <source>&amp;About Strongroom</source>
        <translation>Acerca &amp;de Strongroom</translation>
    </message>
    <message>
        <source>Cannot unlock</source>
        <translation>No se puede desbloquear</translation>
    </message>
    <message>
        <source>The unlocked vault is served at:</source>
        <translation>La bóveda desbloqueada se sirve en:</translation>
    </message>
    <message>
        <source>Reveal drive</source>
        <translation>Mostrar unidad</translation>
    </message>
    <message>
        <source>No file manager could be started to show the vault.</source>
        <translation>No se pudo iniciar ningún gestor de archivos para mostrar la bóveda.</translation>
    </message>
    <message>
        <source>The unlocked vault is the folder:</source>
        <translation>La bóveda desbloqueada es la carpeta:</translation>
    </message>
    <message>
        <source>Log folder</source>
        <translation>Carpeta de registro</translation>
    </message>
    <message>
        <source>No file manager could be started.</source>
        <translation>No se pudo iniciar ningún gestor de archivos.</translation>
    </message>
    <message>
        <source>The log is in:</source>
        <translation>El registro está en:</translation>
    </message>
    <message>
        <source>About Strongroom</source>
        <translation>Acerca de Strongroom</translation>
    </message>
    <message>
        <source>Encrypted vaults shown as ordinary folders.</source>
        <translation>Bóvedas cifradas que se muestran como carpetas normales.</translation>
    </message>
    <message>
        <source>Vaults use the Cryptomator format 8 and open in Cryptomator too.</source>
        <translation>Las bóvedas usan el formato 8 de Cryptomator y también se abren en Cryptomator.</translation>
    </message>
    <message>
        <source>Strongroom is still running</source>
        <translation>Strongroom sigue en ejecución</translation>
    </message>
    <message>
        <source>Your vaults stay as they are. Open Strongroom or quit it from its tray icon.</source>
        <translation>Sus bóvedas siguen como están. Abra o cierre Strongroom desde su icono en la bandeja del sistema.</translation>
    </message>
    <message>
        <source>Quit Strongroom</source>
        <translation>Salir de Strongroom</translation>
    </message>
    <message>
        <source>Lock and quit</source>
        <translation>Bloquear y salir</translation>
    </message>
    <message>
        <source>Some vaults are still in use.</source>
        <translation>Algunas bóvedas siguen en uso.</translation>
    </message>
    <message>
        <source>“{name}”: {programs}</source>
        <translation>«{name}»: {programs}</translation>
    </message>
    <message>
        <source>Force locking cuts those programs off from the files: unsaved changes in them are lost. Cancel keeps every vault unlocked.</source>
        <translation>Bloquear a la fuerza deja a esos programas sin acceso a los archivos: se pierden los cambios no guardados en ellos. Cancelar mantiene desbloqueadas todas las bóvedas.</translation>
    </message>
    <message>
        <source>Force lock all and quit</source>
        <translation>Bloquear todas a la fuerza y salir</translation>
    </message>
    <message numerus="yes">
        <source>They are locked before Strongroom quits.</source>
        <translation>
            <numerusform>Se bloquea antes de que Strongroom se cierre.</numerusform>
            <numerusform>Se bloquean antes de que Strongroom se cierre.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n vault(s) unlocked: {names}.</source>
        <translation>
            <numerusform>%n bóveda está desbloqueada: {names}.</numerusform>
            <numerusform>%n bóvedas están desbloqueadas: {names}.</numerusform>
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
            <numerusform>… y %n programa más</numerusform>
            <numerusform>… y %n programas más</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{names} and %n more</source>
        <translation>
            <numerusform>{names} y %n más</numerusform>
            <numerusform>{names} y %n más</numerusform>
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
        <translation>Cambiar contraseña</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Contraseña actual</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Contraseña nueva</translation>
    </message>
    <message>
        <source>Repeat the new password</source>
        <translation>Repita la contraseña nueva</translation>
    </message>
    <message>
        <source>Current:</source>
        <translation>Actual:</translation>
    </message>
    <message>
        <source>New:</source>
        <translation>Nueva:</translation>
    </message>
    <message>
        <source>Confirm:</source>
        <translation>Confirmar:</translation>
    </message>
    <message>
        <source>The new passwords do not match.</source>
        <translation>Las contraseñas nuevas no coinciden.</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>Contraseña cambiada</translation>
    </message>
    <message>
        <source>{name} has a new password.</source>
        <translation>{name} tiene una contraseña nueva.</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Clave de recuperación</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Enter the vault&apos;s password to see its recovery key.</source>
        <translation>Introduzca la contraseña de la bóveda para ver su clave de recuperación.</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Contraseña:</translation>
    </message>
    <message>
        <source>Show recovery key</source>
        <translation>Mostrar clave de recuperación</translation>
    </message>
    <message>
        <source>Keep this key somewhere safe, away from the vault.</source>
        <translation>Guarde esta clave en un lugar seguro, lejos de la bóveda.</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>Restablecer contraseña</translation>
    </message>
    <message>
        <source>The 44 words of the recovery key</source>
        <translation>Las 44 palabras de la clave de recuperación</translation>
    </message>
    <message>
        <source>Type the recovery key you wrote down when the vault was made.</source>
        <translation>Escriba la clave de recuperación que anotó al crear la bóveda.</translation>
    </message>
    <message>
        <source>Recovery key:</source>
        <translation>Clave de recuperación:</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>Contraseña nueva:</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>Contraseña restablecida</translation>
    </message>
</context>
<context>
    <name>PasswordStrength</name>
    <message>
        <source>Too weak</source>
        <translation>Demasiado débil</translation>
    </message>
    <message>
        <source>Weak</source>
        <translation>Débil</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>Aceptable</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>Buena</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>Fuerte</translation>
    </message>
    <message numerus="yes">
        <source>Use at least %n characters.</source>
        <translation>
            <numerusform>Use al menos %n carácter.</numerusform>
            <numerusform>Use al menos %n caracteres.</numerusform>
        </translation>
    </message>
    <message>
        <source>This is one of the most common passwords.</source>
        <translation>Es una de las contraseñas más comunes.</translation>
    </message>
    <message>
        <source>Longer is better: add words or characters of other kinds.</source>
        <translation>Cuanto más larga, mejor: añada palabras o caracteres de otros tipos.</translation>
    </message>
    <message>
        <source>A few more characters would make it much harder to guess.</source>
        <translation>Unos pocos caracteres más la harían mucho más difícil de adivinar.</translation>
    </message>
    <message>
        <source>A good password.</source>
        <translation>Una buena contraseña.</translation>
    </message>
    <message>
        <source>A strong password.</source>
        <translation>Una contraseña fuerte.</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>Preferences</source>
        <translation>Preferencias</translation>
    </message>
    <message>
        <source>Start hidden in the system tray</source>
        <translation>Iniciar oculto en la bandeja del sistema</translation>
    </message>
    <message>
        <source>No system tray was found on this desktop, so Strongroom always opens its window.</source>
        <translation>No se encontró ninguna bandeja del sistema en este escritorio, así que Strongroom siempre abre su ventana.</translation>
    </message>
    <message>
        <source>Start Strongroom when I log in</source>
        <translation>Iniciar Strongroom al iniciar sesión</translation>
    </message>
    <message>
        <source> s</source>
        <comment>after a number of seconds</comment>
        <translation> s</translation>
    </message>
    <message>
        <source>Don&apos;t wait</source>
        <translation>No esperar</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <source>Follow the system theme</source>
        <translation>Seguir el tema del sistema</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Idioma del sistema</translation>
    </message>
    <message>
        <source>Remove thumbnails and recent-file entries of a vault&apos;s files when it locks</source>
        <translation>Eliminar las miniaturas y las entradas de archivos recientes de una bóveda al bloquearla</translation>
    </message>
    <message>
        <source>Wait for the keychain:</source>
        <translation>Esperar al llavero:</translation>
    </message>
    <message>
        <source>Vaults that unlock when Strongroom starts wait this long for a locked keychain to be unlocked, then ask for their passwords.</source>
        <translation>Las bóvedas que se desbloquean al iniciar Strongroom esperan este tiempo a que se desbloquee un llavero bloqueado y luego piden sus contraseñas.</translation>
    </message>
    <message>
        <source>Mount vaults under:</source>
        <translation>Montar las bóvedas en:</translation>
    </message>
    <message>
        <source>Each vault gets its own folder here unless it has its own mount point.</source>
        <translation>Cada bóveda tiene aquí su propia carpeta, salvo que tenga su propio punto de montaje.</translation>
    </message>
    <message>
        <source>File managers and viewers keep pictures and names of the files you open; locking then leaves none behind.</source>
        <translation>Los gestores de archivos y visores guardan imágenes y nombres de los archivos que abre; al bloquear no queda ninguno.</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Idioma:</translation>
    </message>
    <message>
        <source>A new language applies when Strongroom restarts.</source>
        <translation>Un idioma nuevo se aplica cuando Strongroom se reinicia.</translation>
    </message>
    <message>
        <source>Mount vaults under</source>
        <translation>Montar las bóvedas en</translation>
    </message>
    <message>
        <source>Choose a folder for the mount points as a full path, such as ~/Vaults.</source>
        <translation>Elija una carpeta para los puntos de montaje como ruta completa, por ejemplo ~/Vaults.</translation>
    </message>
    <message>
        <source>Could not change the login start entry: {problem}</source>
        <translation>No se pudo cambiar el inicio al iniciar sesión: {problem}</translation>
    </message>
</context>
<context>
    <name>RecoveryKey</name>
    <message>
        <source>Strongroom recovery key</source>
        <translation>Clave de recuperación de Strongroom</translation>
    </message>
    <message>
        <source>Vault: &lt;b&gt;{name}&lt;/b&gt;</source>
        <translation>Bóveda: &lt;b&gt;{name}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>With this key anyone can set a new password for the vault. Keep it somewhere safe, away from the vault and the computer.</source>
        <translation>Con esta clave cualquiera puede establecer una contraseña nueva para la bóveda. Guárdela en un lugar seguro, lejos de la bóveda y del equipo.</translation>
    </message>
    <message>
        <source>Strongroom recovery key for the vault {name}</source>
        <translation>Clave de recuperación de Strongroom de la bóveda {name}</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copiar</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Imprimir…</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Guardar como…</translation>
    </message>
    <message>
        <source>Copied. The clipboard is cleared in {time}.</source>
        <translation>Copiada. El portapapeles se vaciará dentro de {time}.</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>Enviada a la impresora.</translation>
    </message>
    <message>
        <source>{name} recovery key.txt</source>
        <translation>{name} clave de recuperación.txt</translation>
    </message>
    <message>
        <source>Save the recovery key</source>
        <translation>Guardar la clave de recuperación</translation>
    </message>
    <message>
        <source>Text files</source>
        <translation>Archivos de texto</translation>
    </message>
    <message>
        <source>Not saved: {problem}</source>
        <translation>No se guardó: {problem}</translation>
    </message>
    <message>
        <source>Saved to {path}. Move it off this computer, e.g. to a USB stick.</source>
        <translation>Guardada en {path}. Llévela fuera de este equipo, p. ej. a una memoria USB.</translation>
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
        <translation>Contraseña no guardada</translation>
    </message>
    <message>
        <source>Vault unlocked</source>
        <translation>Bóveda desbloqueada</translation>
    </message>
    <message>
        <source>“{name}” is unlocked at {folder}.

Open it in the file manager?</source>
        <translation>«{name}» está desbloqueada en {folder}.

¿Abrirla en el gestor de archivos?</translation>
    </message>
    <message>
        <source>{name} unlocked, served over WebDAV at {url}</source>
        <translation>{name} desbloqueada, servida por WebDAV en {url}</translation>
    </message>
    <message>
        <source>{name} unlocked at {folder}</source>
        <translation>{name} desbloqueada en {folder}</translation>
    </message>
    <message>
        <source>Could not unlock {name}.

{problem}</source>
        <translation>No se pudo desbloquear {name}.

{problem}</translation>
    </message>
    <message>
        <source>Could not lock {name}.

{problem}</source>
        <translation>No se pudo bloquear {name}.

{problem}</translation>
    </message>
    <message>
        <source>Vault is in use</source>
        <translation>La bóveda está en uso</translation>
    </message>
    <message>
        <source>“{name}” is still in use, so it was not locked.</source>
        <translation>«{name}» sigue en uso, así que no se bloqueó.</translation>
    </message>
    <message>
        <source>Programs with files open in it:
{programs}</source>
        <translation>Programas con archivos abiertos en ella:
{programs}</translation>
    </message>
    <message>
        <source>Some program still has a file or folder open in it.</source>
        <translation>Algún programa aún tiene un archivo o una carpeta abiertos en ella.</translation>
    </message>
    <message>
        <source>Close those files and try again, or force the lock: unsaved changes in those programs will be lost.</source>
        <translation>Cierre esos archivos e inténtelo de nuevo, o fuerce el bloqueo: se perderán los cambios no guardados en esos programas.</translation>
    </message>
    <message>
        <source>Force lock</source>
        <translation>Forzar bloqueo</translation>
    </message>
    <message>
        <source>Cannot add this vault</source>
        <translation>No se puede añadir esta bóveda</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>Copiar ruta</translation>
    </message>
</context>
<context>
    <name>StartUnlock</name>
    <message>
        <source>Waiting for the keychain to unlock…</source>
        <translation>Esperando a que se desbloquee el llavero…</translation>
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
        <translation>línea superior: {rate}</translation>
    </message>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>hace %n s</numerusform>
            <numerusform>hace %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>now</source>
        <translation>ahora</translation>
    </message>
    <message>
        <source>Statistics: {name}</source>
        <translation>Estadísticas: {name}</translation>
    </message>
    <message>
        <source>Read and write throughput</source>
        <translation>Rendimiento de lectura y escritura</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Leído</translation>
    </message>
    <message>
        <source>Total read:</source>
        <translation>Total leído:</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Escrito</translation>
    </message>
    <message>
        <source>Total written:</source>
        <translation>Total escrito:</translation>
    </message>
    <message>
        <source>Unlocked for:</source>
        <translation>Desbloqueada desde hace:</translation>
    </message>
    <message>
        <source>The vault is locked.</source>
        <translation>La bóveda está bloqueada.</translation>
    </message>
    <message>
        <source>The vault is not mounted, so no file traffic is counted.</source>
        <translation>La bóveda no está montada, así que no se cuenta el tráfico de archivos.</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Strongroom: {names} unlocked</source>
        <translation>Strongroom: desbloqueadas: {names}</translation>
    </message>
    <message>
        <source>Strongroom: all locked</source>
        <translation>Strongroom: todas bloqueadas</translation>
    </message>
</context>
<context>
    <name>TrayMenu</name>
    <message>
        <source>Show Strongroom</source>
        <translation>Mostrar Strongroom</translation>
    </message>
    <message>
        <source>No vaults yet</source>
        <translation>Aún no hay bóvedas</translation>
    </message>
    <message>
        <source>Lock all</source>
        <translation>Bloquear todas</translation>
    </message>
    <message>
        <source>Preferences…</source>
        <translation>Preferencias…</translation>
    </message>
    <message>
        <source>Quit Strongroom</source>
        <translation>Salir de Strongroom</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Unlock {name}</source>
        <translation>Desbloquear {name}</translation>
    </message>
    <message>
        <source>Unlock “{name}”</source>
        <translation>Desbloquear «{name}»</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Contraseña</translation>
    </message>
    <message>
        <source>Remember the password in the system keychain</source>
        <translation>Recordar la contraseña en el llavero del sistema</translation>
    </message>
    <message>
        <source>Forgot the password?</source>
        <translation>¿Olvidó la contraseña?</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Desbloquear</translation>
    </message>
    <message>
        <source>Checking the system keychain…</source>
        <translation>Comprobando el llavero del sistema…</translation>
    </message>
    <message>
        <source>The password cannot be saved: {reason}.</source>
        <translation>La contraseña no se puede guardar: {reason}.</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>Desbloqueando…</translation>
    </message>
    <message>
        <source>Wrong password. Check Caps Lock and try again.</source>
        <translation>Contraseña incorrecta. Compruebe Bloq Mayús e inténtelo de nuevo.</translation>
    </message>
    <message numerus="yes">
        <source>Wait %n s</source>
        <translation>
            <numerusform>Espere %n s</numerusform>
            <numerusform>Espere %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrong password (%n attempts). Check Caps Lock and try again.</source>
        <translation>
            <numerusform>Contraseña incorrecta (%n intento). Compruebe Bloq Mayús e inténtelo de nuevo.</numerusform>
            <numerusform>Contraseña incorrecta (%n intentos). Compruebe Bloq Mayús e inténtelo de nuevo.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Please wait %n second(s) before the next try.</source>
        <translation>
            <numerusform>Espere %n segundo antes del siguiente intento.</numerusform>
            <numerusform>Espere %n segundos antes del siguiente intento.</numerusform>
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
        <translation>&amp;Desbloquear…</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Bloquear</translation>
    </message>
    <message>
        <source>&amp;Reveal drive</source>
        <translation>&amp;Mostrar unidad</translation>
    </message>
    <message>
        <source>Vault &amp;options…</source>
        <translation>&amp;Opciones de la bóveda…</translation>
    </message>
    <message>
        <source>&amp;Statistics…</source>
        <translation>&amp;Estadísticas…</translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation>Cambiar &amp;nombre…</translation>
    </message>
    <message>
        <source>&amp;Change password…</source>
        <translation>&amp;Cambiar contraseña…</translation>
    </message>
    <message>
        <source>Show recovery &amp;key…</source>
        <translation>Mostrar clave de &amp;recuperación…</translation>
    </message>
    <message>
        <source>Reset password with recovery key…</source>
        <translation>Restablecer contraseña con la clave de recuperación…</translation>
    </message>
    <message>
        <source>&amp;Forget saved password</source>
        <translation>&amp;Olvidar la contraseña guardada</translation>
    </message>
    <message>
        <source>Check &amp;health…</source>
        <translation>Comprobar e&amp;stado…</translation>
    </message>
    <message>
        <source>Re&amp;move from list…</source>
        <translation>&amp;Quitar de la lista…</translation>
    </message>
</context>
<context>
    <name>VaultOptions</name>
    <message>
        <source>Show it in the file manager</source>
        <translation>Mostrarla en el gestor de archivos</translation>
    </message>
    <message>
        <source>Ask what to do</source>
        <translation>Preguntar qué hacer</translation>
    </message>
    <message>
        <source>Do nothing</source>
        <translation>No hacer nada</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automático</translation>
    </message>
    <message>
        <source>FUSE (a folder)</source>
        <translation>FUSE (una carpeta)</translation>
    </message>
    <message>
        <source>WebDAV (an address on this computer)</source>
        <translation>WebDAV (una dirección en este ordenador)</translation>
    </message>
    <message>
        <source>Windows&apos; WebDAV client (the WebClient service) refuses files larger than 50 MB unless its limit is raised. To allow files up to 4 GiB, as an administrator set the DWORD value FileSizeLimitInBytes under HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\WebClient\Parameters to 4294967295, then restart the WebClient service (or the computer). Larger files cannot be opened over WebDAV on Windows.</source>
        <translation>El cliente WebDAV de Windows (el servicio WebClient) rechaza archivos de más de 50 MB si no se sube su límite. Para permitir archivos de hasta 4 GiB, como administrador ponga el valor DWORD FileSizeLimitInBytes en HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\WebClient\Parameters a 4294967295 y reinicie el servicio WebClient (o el ordenador). Los archivos más grandes no se pueden abrir por WebDAV en Windows.</translation>
    </message>
    <message>
        <source>allow_other lets every user account on this computer reach the unlocked vault&apos;s folder. Strongroom then shows its files as yours only (files 0600, folders 0700) and the system refuses other users, but anyone with administrator (root) rights can read and change everything while the vault is unlocked. On Linux it also needs the line user_allow_other in /etc/fuse.conf.</source>
        <translation>allow_other permite a todas las cuentas de usuario de este equipo llegar a la carpeta de la bóveda desbloqueada. Strongroom muestra entonces sus archivos como solo suyos (archivos 0600, carpetas 0700) y el sistema rechaza a otros usuarios, pero cualquiera con derechos de administrador (root) puede leer y cambiar todo mientras la bóveda esté desbloqueada. En Linux también necesita la línea user_allow_other en /etc/fuse.conf.</translation>
    </message>
    <message>
        <source>Vault options: {name}</source>
        <translation>Opciones de la bóveda: {name}</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Volumen</translation>
    </message>
    <message>
        <source>Automatic uses WebDAV on this computer: FUSE is not available ({problem}).</source>
        <translation>Automático usa WebDAV en este ordenador: FUSE no está disponible ({problem}).</translation>
    </message>
    <message>
        <source>Automatic uses FUSE on this computer.</source>
        <translation>Automático usa FUSE en este ordenador.</translation>
    </message>
    <message>
        <source>Mount</source>
        <translation>Montaje</translation>
    </message>
    <message>
        <source>Default folder: {folder}</source>
        <translation>Carpeta predeterminada: {folder}</translation>
    </message>
    <message>
        <source>This folder:</source>
        <translation>Esta carpeta:</translation>
    </message>
    <message>
        <source>An empty folder</source>
        <translation>Una carpeta vacía</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Elegir…</translation>
    </message>
    <message>
        <source>Read-only: files can be opened but not changed</source>
        <translation>Solo lectura: los archivos se pueden abrir pero no cambiar</translation>
    </message>
    <message>
        <source>Usually empty</source>
        <translation>Normalmente vacío</translation>
    </message>
    <message>
        <source>Volume:</source>
        <translation>Volumen:</translation>
    </message>
    <message>
        <source>Extra mount options:</source>
        <translation>Opciones de montaje adicionales:</translation>
    </message>
    <message>
        <source>Comma-separated FUSE options; leave empty unless you need one.</source>
        <translation>Opciones de FUSE separadas por comas; déjelo vacío salvo que necesite alguna.</translation>
    </message>
    <message>
        <source>Unlocking and locking</source>
        <translation>Desbloqueo y bloqueo</translation>
    </message>
    <message>
        <source>Unlock when Strongroom starts</source>
        <translation>Desbloquear al iniciar Strongroom</translation>
    </message>
    <message>
        <source>Lock after</source>
        <comment>followed by: 30 minutes without file activity</comment>
        <translation>Bloquear tras</translation>
    </message>
    <message>
        <source> minutes without file activity</source>
        <translation> minutos sin actividad de archivos</translation>
    </message>
    <message>
        <source>Minutes without file activity before the vault locks</source>
        <translation>Minutos sin actividad de archivos antes de que la bóveda se bloquee</translation>
    </message>
    <message>
        <source>Lock when the computer sleeps or the screen locks</source>
        <translation>Bloquear cuando el equipo entre en suspensión o se bloquee la pantalla</translation>
    </message>
    <message>
        <source>After unlocking:</source>
        <translation>Después de desbloquear:</translation>
    </message>
    <message>
        <source>Mount changes take effect the next time the vault is unlocked.</source>
        <translation>Los cambios de montaje se aplican la próxima vez que se desbloquee la bóveda.</translation>
    </message>
    <message>
        <source>Mount point</source>
        <translation>Punto de montaje</translation>
    </message>
    <message>
        <source>WebDAV serves the unlocked vault at a private address on this computer (127.0.0.1), for file managers and apps that speak WebDAV.</source>
        <translation>WebDAV sirve la bóveda desbloqueada en una dirección privada de este ordenador (127.0.0.1), para gestores de archivos y aplicaciones que hablan WebDAV.</translation>
    </message>
    <message>
        <source>Choose a mount point folder (a full path).</source>
        <translation>Elija una carpeta como punto de montaje (una ruta completa).</translation>
    </message>
    <message>
        <source>Let other users reach this vault?</source>
        <translation>¿Permitir que otros usuarios lleguen a esta bóveda?</translation>
    </message>
    <message>
        <source>Save the option allow_other?</source>
        <translation>¿Guardar la opción allow_other?</translation>
    </message>
    <message>
        <source>Not saved: allow_other was not confirmed.</source>
        <translation>No se guardó: allow_other no se confirmó.</translation>
    </message>
</context>
<context>
    <name>VaultState</name>
    <message>
        <source>Unlocked</source>
        <translation>Desbloqueada</translation>
    </message>
    <message>
        <source>Unlocked, served over WebDAV at {url}</source>
        <translation>Desbloqueada, servida por WebDAV en {url}</translation>
    </message>
    <message>
        <source>Unlocked, mounted at {folder}</source>
        <translation>Desbloqueada, montada en {folder}</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>Desbloqueando…</translation>
    </message>
    <message>
        <source>Locking: {activity}</source>
        <translation>Bloqueando: {activity}</translation>
    </message>
    <message>
        <source>Locking…</source>
        <translation>Bloqueando…</translation>
    </message>
    <message>
        <source>Missing: the vault folder was not found</source>
        <translation>No encontrada: no se halló la carpeta de la bóveda</translation>
    </message>
    <message>
        <source>Error: {error}</source>
        <translation>Error: {error}</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Error</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Bloqueada</translation>
    </message>
    <message>
        <source>closing open files and dropping the keys…</source>
        <translation>cerrando los archivos abiertos y descartando las claves…</translation>
    </message>
    <message>
        <source>waiting for the file system to detach…</source>
        <translation>esperando a que se desconecte el sistema de archivos…</translation>
    </message>
</context>
<context>
    <name>Widgets</name>
    <message>
        <source>Show password</source>
        <translation>Mostrar contraseña</translation>
    </message>
    <message>
        <source>Show the password</source>
        <translation>Mostrar la contraseña</translation>
    </message>
    <message>
        <source>Hide the password</source>
        <translation>Ocultar la contraseña</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>d</source>
        <comment>days, abbreviated</comment>
        <translation>d</translation>
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
