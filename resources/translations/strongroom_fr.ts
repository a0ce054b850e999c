<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="fr" sourcelanguage="en">
<context>
    <name>App</name>
    <message>
        <source>Settings</source>
        <translation>Paramètres</translation>
    </message>
    <message>
        <source>Strongroom is already running; its window was brought forward.</source>
        <translation>Strongroom est déjà ouvert&#xa0;; sa fenêtre a été mise au premier plan.</translation>
    </message>
</context>
<context>
    <name>Controller</name>
    <message>
        <source>Vault locked</source>
        <translation>Coffre verrouillé</translation>
    </message>
    <message numerus="yes">
        <source>{name} was idle for %n minute(s).</source>
        <translation>
            <numerusform>{name} est resté inutilisé pendant %n minute.</numerusform>
            <numerusform>{name} est resté inutilisé pendant %n minutes.</numerusform>
        </translation>
    </message>
    <message>
        <source>Settings not saved</source>
        <translation>Paramètres non enregistrés</translation>
    </message>
    <message>
        <source>Could not write {path}: {problem}</source>
        <translation>Impossible d’écrire {path}&#xa0;: {problem}</translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation>Trousseau</translation>
    </message>
    <message>
        <source>The saved password was removed.</source>
        <translation>Le mot de passe enregistré a été supprimé.</translation>
    </message>
    <message>
        <source>{name} was force-locked: programs that had files open in it can no longer read or write them.</source>
        <translation>{name} a été verrouillé de force&#xa0;: les programmes qui y avaient des fichiers ouverts ne peuvent plus les lire ni les modifier.</translation>
    </message>
    <message>
        <source>{name} was unmounted.</source>
        <translation>{name} a été démonté.</translation>
    </message>
</context>
<context>
    <name>CreateVaultWizard</name>
    <message>
        <source>Name and location</source>
        <translation>Nom et emplacement</translation>
    </message>
    <message>
        <source>The vault is a folder of encrypted files. Put it anywhere, for example inside a folder your cloud service syncs.</source>
        <translation>Le coffre est un dossier de fichiers chiffrés. Placez-le où vous voulez, par exemple dans un dossier synchronisé par votre service cloud.</translation>
    </message>
    <message>
        <source>e.g. Personal documents</source>
        <translation>p. ex. Documents personnels</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>Vault name:</source>
        <translation>Nom du coffre&#xa0;:</translation>
    </message>
    <message>
        <source>Location:</source>
        <translation>Emplacement&#xa0;:</translation>
    </message>
    <message>
        <source>The folder in which the vault&apos;s folder is made</source>
        <translation>Le dossier dans lequel le dossier du coffre est créé</translation>
    </message>
    <message>
        <source>Where to create the vault</source>
        <translation>Où créer le coffre</translation>
    </message>
    <message>
        <source>The name cannot contain slashes.</source>
        <translation>Le nom ne peut pas contenir de barre oblique.</translation>
    </message>
    <message>
        <source>The location {folder} does not exist.</source>
        <translation>L’emplacement {folder} n’existe pas.</translation>
    </message>
    <message>
        <source>{path} already exists and is not empty.</source>
        <translation>{path} existe déjà et n’est pas vide.</translation>
    </message>
    <message>
        <source>The vault will be the folder {path}</source>
        <translation>Le coffre sera le dossier {path}</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Choose a password you will remember. Without it (or the recovery key shown next) nobody, not even you, can open the files.</source>
        <translation>Choisissez un mot de passe dont vous vous souviendrez. Sans lui (ou sans la clé de récupération affichée ensuite), personne, pas même vous, ne peut ouvrir les fichiers.</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Nouveau mot de passe</translation>
    </message>
    <message>
        <source>Repeat the password</source>
        <translation>Répétez le mot de passe</translation>
    </message>
    <message>
        <source>Show expert settings</source>
        <translation>Afficher les réglages avancés</translation>
    </message>
    <message>
        <source> characters</source>
        <comment>after a number</comment>
        <translation> caractères</translation>
    </message>
    <message>
        <source>Name shortening threshold:</source>
        <translation>Seuil de raccourcissement des noms&#xa0;:</translation>
    </message>
    <message>
        <source>Encrypted names longer than this are stored in shortened form. Lower it only when the vault lives on a system with short path limits (for example some Windows or network drives).</source>
        <translation>Les noms chiffrés plus longs sont stockés sous forme raccourcie. Ne baissez cette valeur que si le coffre se trouve sur un système aux chemins limités (par exemple certains lecteurs Windows ou réseau).</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Mot de passe&#xa0;:</translation>
    </message>
    <message>
        <source>Confirm:</source>
        <translation>Confirmation&#xa0;:</translation>
    </message>
    <message>
        <source>✓ The passwords match.</source>
        <translation>✓ Les mots de passe sont identiques.</translation>
    </message>
    <message>
        <source>The passwords do not match.</source>
        <translation>Les mots de passe ne sont pas identiques.</translation>
    </message>
    <message>
        <source>Creating the vault…</source>
        <translation>Création du coffre…</translation>
    </message>
    <message>
        <source>{title}: {text}</source>
        <translation>{title}&#xa0;: {text}</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Clé de récupération</translation>
    </message>
    <message>
        <source>If you forget the password, this key is the only way back in. Write it down, print it or save it, and keep it somewhere safe, away from the vault.</source>
        <translation>Si vous oubliez le mot de passe, cette clé est le seul moyen de rouvrir le coffre. Notez-la, imprimez-la ou enregistrez-la, et gardez-la en lieu sûr, loin du coffre.</translation>
    </message>
    <message>
        <source>You can see the key again later with the password: Vault menu, Show recovery key.</source>
        <translation>Vous pourrez revoir la clé plus tard avec le mot de passe&#xa0;: menu Coffre, Afficher la clé de récupération.</translation>
    </message>
    <message>
        <source>I have written down, printed or saved the recovery key</source>
        <translation>J’ai noté, imprimé ou enregistré la clé de récupération</translation>
    </message>
    <message>
        <source>Create a new vault</source>
        <translation>Créer un nouveau coffre</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Terminé</translation>
    </message>
</context>
<context>
    <name>DetailPane</name>
    <message>
        <source>Lock</source>
        <translation>Verrouiller</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>Déverrouillage…</translation>
    </message>
    <message>
        <source>Locking…</source>
        <translation>Verrouillage…</translation>
    </message>
    <message>
        <source>Unlock…</source>
        <translation>Déverrouiller…</translation>
    </message>
    <message>
        <source>Cannot unlock: {problem}</source>
        <translation>Impossible de déverrouiller&#xa0;: {problem}</translation>
    </message>
    <message>
        <source>&lt;b&gt;This vault cannot be unlocked here yet.&lt;/b&gt; Its volume is WebDAV, which is not available: {problem}</source>
        <translation>&lt;b&gt;Ce coffre ne peut pas encore être déverrouillé ici.&lt;/b&gt; Son volume est WebDAV, qui n’est pas disponible&#xa0;: {problem}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Vaults cannot be unlocked on this computer yet.&lt;/b&gt; Strongroom shows an unlocked vault as a drive through FUSE, which is not available: {problem}</source>
        <translation>&lt;b&gt;Les coffres ne peuvent pas encore être déverrouillés sur cet ordinateur.&lt;/b&gt; Strongroom affiche un coffre déverrouillé comme un lecteur grâce à FUSE, qui n’est pas disponible&#xa0;: {problem}</translation>
    </message>
    <message>
        <source>FUSE is not available here ({problem}), so this vault is served over WebDAV instead, at a private address on this computer.</source>
        <translation>FUSE n’est pas disponible ici ({problem}) : ce coffre est donc servi en WebDAV, à une adresse privée sur cet ordinateur.</translation>
    </message>
</context>
<context>
    <name>DialogLaunchers</name>
    <message>
        <source>Open an existing vault</source>
        <translation>Ouvrir un coffre existant</translation>
    </message>
    <message>
        <source>Vault file</source>
        <translation>Fichier de coffre</translation>
    </message>
    <message>
        <source>All files</source>
        <translation>Tous les fichiers</translation>
    </message>
    <message>
        <source>Rename vault</source>
        <translation>Renommer le coffre</translation>
    </message>
    <message>
        <source>Name shown in Strongroom:</source>
        <translation>Nom affiché dans Strongroom&#xa0;:</translation>
    </message>
    <message>
        <source>Vault is unlocked</source>
        <translation>Le coffre est déverrouillé</translation>
    </message>
    <message>
        <source>Lock the vault before removing it.</source>
        <translation>Verrouillez le coffre avant de le retirer.</translation>
    </message>
    <message>
        <source>Remove from list</source>
        <translation>Retirer de la liste</translation>
    </message>
    <message>
        <source>Remove “{name}” from the list?

Its files stay where they are ({folder}); you can add it again later.</source>
        <translation>Retirer «&#xa0;{name}&#xa0;» de la liste&#xa0;?

Ses fichiers restent où ils sont ({folder})&#xa0;; vous pourrez le rajouter plus tard.</translation>
    </message>
    <message>
        <source>A different vault</source>
        <translation>Un autre coffre</translation>
    </message>
    <message>
        <source>This folder now holds a different vault than the “{name}” you added.</source>
        <translation>Ce dossier contient maintenant un autre coffre que «&#xa0;{name}&#xa0;», celui que vous aviez ajouté.</translation>
    </message>
    <message>
        <source>{folder}

Vault ID when added: {old_id}
Vault ID now: {new_id}

It may have been replaced by a sync tool, a backup restore, or someone else. Unlock it only if you expected this; a saved password is not used for it.</source>
        <translation>{folder}

ID du coffre à l’ajout&#xa0;: {old_id}
ID du coffre maintenant&#xa0;: {new_id}

Il a peut-être été remplacé par un outil de synchronisation, une restauration de sauvegarde ou quelqu’un d’autre. Ne le déverrouillez que si vous vous y attendiez&#xa0;; aucun mot de passe enregistré n’est utilisé pour lui.</translation>
    </message>
    <message>
        <source>Continue to unlock</source>
        <translation>Continuer le déverrouillage</translation>
    </message>
</context>
<context>
    <name>Errors</name>
    <message>
        <source>Not a vault</source>
        <translation>Ce n&apos;est pas un coffre</translation>
    </message>
    <message>
        <source>Unsupported vault</source>
        <translation>Coffre non pris en charge</translation>
    </message>
    <message>
        <source>Vault configuration signature invalid</source>
        <translation>Signature de la configuration du coffre invalide</translation>
    </message>
    <message>
        <source>Unsafe key-derivation parameters</source>
        <translation>Paramètres de dérivation de clé dangereux</translation>
    </message>
    <message>
        <source>Vault file damaged</source>
        <translation>Fichier du coffre endommagé</translation>
    </message>
    <message>
        <source>Not a usable vault</source>
        <translation>Coffre inutilisable</translation>
    </message>
    <message>
        <source>Vault is locked</source>
        <translation>Le coffre est verrouillé</translation>
    </message>
    <message>
        <source>Folder cannot hold a new vault</source>
        <translation>Le dossier ne peut pas accueillir un nouveau coffre</translation>
    </message>
    <message>
        <source>Not possible in this state</source>
        <translation>Impossible dans cet état</translation>
    </message>
    <message>
        <source>Mount failed</source>
        <translation>Échec du montage</translation>
    </message>
    <message>
        <source>Content failed authentication</source>
        <translation>Le contenu n&apos;a pas passé l&apos;authentification</translation>
    </message>
    <message>
        <source>Directory damaged</source>
        <translation>Dossier endommagé</translation>
    </message>
    <message>
        <source>Vault error</source>
        <translation>Erreur du coffre</translation>
    </message>
    <message>
        <source>Wrong password</source>
        <translation>Mot de passe incorrect</translation>
    </message>
    <message>
        <source>The password is not correct. Check Caps Lock and try again.</source>
        <translation>Le mot de passe est incorrect. Vérifiez la touche Verr. Maj et réessayez.</translation>
    </message>
    <message>
        <source>Invalid recovery key</source>
        <translation>Clé de récupération non valide</translation>
    </message>
    <message>
        <source>The recovery key is not valid. Check each word and try again.</source>
        <translation>La clé de récupération n’est pas valide. Vérifiez chaque mot et réessayez.</translation>
    </message>
    <message>
        <source>Cannot mount the vault</source>
        <translation>Impossible de monter le coffre</translation>
    </message>
    <message>
        <source>{problem}

Strongroom needs FUSE to show an unlocked vault as a folder. On Debian or Ubuntu install it with: sudo apt install fuse3</source>
        <translation>{problem}

Strongroom a besoin de FUSE pour afficher un coffre déverrouillé comme un dossier. Sous Debian ou Ubuntu, installez-le avec&#xa0;: sudo apt install fuse3</translation>
    </message>
    <message>
        <source>Mount point unusable</source>
        <translation>Point de montage inutilisable</translation>
    </message>
    <message>
        <source>{problem}

Choose another mount point in the vault options, or empty the folder.</source>
        <translation>{problem}

Choisissez un autre point de montage dans les options du coffre, ou videz le dossier.</translation>
    </message>
    <message>
        <source>Vault is in use</source>
        <translation>Coffre en cours d’utilisation</translation>
    </message>
    <message>
        <source>Keychain</source>
        <translation>Trousseau</translation>
    </message>
    <message>
        <source>Permission denied</source>
        <translation>Permission refusée</translation>
    </message>
    <message>
        <source>Not found</source>
        <translation>Introuvable</translation>
    </message>
    <message>
        <source>Input/output problem</source>
        <translation>Problème d’entrée/sortie</translation>
    </message>
    <message>
        <source>Unexpected problem</source>
        <translation>Problème inattendu</translation>
    </message>
</context>
<context>
    <name>HealthDialog</name>
    <message>
        <source>No problems found</source>
        <translation>Aucun problème trouvé</translation>
    </message>
    <message>
        <source>Checked {folders}, {files}, {links} and {size} of file contents.</source>
        <translation>Vérifié&#xa0;: {folders}, {files}, {links} et {size} de contenu.</translation>
    </message>
    <message>
        <source>Checked {folders}, {files}, {links}.</source>
        <translation>Vérifié&#xa0;: {folders}, {files}, {links}.</translation>
    </message>
    <message>
        <source>repaired</source>
        <translation>réparé</translation>
    </message>
    <message>
        <source>repairable</source>
        <translation>réparable</translation>
    </message>
    <message>
        <source>error</source>
        <translation>erreur</translation>
    </message>
    <message>
        <source>warning</source>
        <translation>avertissement</translation>
    </message>
    <message>
        <source>No password is saved for this vault any more; type it.</source>
        <translation>Aucun mot de passe n’est plus enregistré pour ce coffre&#xa0;; saisissez-le.</translation>
    </message>
    <message>
        <source>Check health: {name}</source>
        <translation>Vérifier l’état&#xa0;: {name}</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Also verify every file&apos;s contents (slower)</source>
        <translation>Vérifier aussi le contenu de chaque fichier (plus lent)</translation>
    </message>
    <message>
        <source>Health report</source>
        <translation>Rapport de vérification</translation>
    </message>
    <message>
        <source>The check reads the encrypted files and reports damage, for example from an interrupted sync. It changes nothing unless you ask for a repair.</source>
        <translation>La vérification lit les fichiers chiffrés et signale les dommages, par exemple dus à une synchronisation interrompue. Elle ne modifie rien, sauf si vous demandez une réparation.</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Mot de passe&#xa0;:</translation>
    </message>
    <message>
        <source>The password saved in the keychain is used.</source>
        <translation>Le mot de passe enregistré dans le trousseau est utilisé.</translation>
    </message>
    <message>
        <source>Check</source>
        <translation>Vérifier</translation>
    </message>
    <message>
        <source>Repair</source>
        <translation>Réparer</translation>
    </message>
    <message>
        <source>Lock the vault before repairing it.</source>
        <translation>Verrouillez le coffre avant de le réparer.</translation>
    </message>
    <message>
        <source>Repairing…</source>
        <translation>Réparation…</translation>
    </message>
    <message>
        <source>Checking the folder structure…</source>
        <translation>Vérification de la structure des dossiers…</translation>
    </message>
    <message>
        <source>Verifying contents: file {done} of {total}, {size_done} of {size_total}</source>
        <translation>Vérification du contenu&#xa0;: fichier {done} sur {total}, {size_done} sur {size_total}</translation>
    </message>
    <message>
        <source>Checking the folder structure: {done}…</source>
        <translation>Vérification de la structure des dossiers&#xa0;: {done}…</translation>
    </message>
    <message>
        <source>{title}: {text}</source>
        <translation>{title}&#xa0;: {text}</translation>
    </message>
    <message numerus="yes">
        <source>%n folder(s)</source>
        <translation>
            <numerusform>%n dossier</numerusform>
            <numerusform>%n dossiers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n file(s)</source>
        <translation>
            <numerusform>%n fichier</numerusform>
            <numerusform>%n fichiers</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n link(s)</source>
        <translation>
            <numerusform>%n lien</numerusform>
            <numerusform>%n liens</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>No damage; %n note(s)</source>
        <translation>
            <numerusform>Aucun dommage&#xa0;; %n remarque</numerusform>
            <numerusform>Aucun dommage&#xa0;; %n remarques</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n problem(s) need attention</source>
        <translation>
            <numerusform>%n problème demande votre attention</numerusform>
            <numerusform>%n problèmes demandent votre attention</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Vaults</source>
        <translation>Coffres</translation>
    </message>
    <message>
        <source>Add vault</source>
        <translation>Ajouter un coffre</translation>
    </message>
    <message>
        <source>Create new vault…</source>
        <translation>Créer un nouveau coffre…</translation>
    </message>
    <message>
        <source>Open existing vault…</source>
        <translation>Ouvrir un coffre existant…</translation>
    </message>
    <message>
        <source>Remove the selected vault from the list</source>
        <translation>Retirer le coffre sélectionné de la liste</translation>
    </message>
    <message>
        <source>Remove vault</source>
        <translation>Retirer le coffre</translation>
    </message>
    <message>
        <source>No vaults yet</source>
        <translation>Aucun coffre pour l’instant</translation>
    </message>
    <message>
        <source>A vault keeps files encrypted in a folder you choose. Create a new one, or open a vault made with Strongroom or Cryptomator.</source>
        <translation>Un coffre garde des fichiers chiffrés dans un dossier de votre choix. Créez-en un nouveau, ou ouvrez un coffre créé avec Strongroom ou Cryptomator.</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Fichier</translation>
    </message>
    <message>
        <source>&amp;Create new vault…</source>
        <translation>&amp;Créer un nouveau coffre…</translation>
    </message>
    <message>
        <source>&amp;Open existing vault…</source>
        <translation>&amp;Ouvrir un coffre existant…</translation>
    </message>
    <message>
        <source>&amp;Preferences…</source>
        <translation>&amp;Préférences…</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Quitter</translation>
    </message>
    <message>
        <source>&amp;Vault</source>
        <translation>&amp;Coffre</translation>
    </message>
    <message>
        <source>Lock &amp;all</source>
        <translation>&amp;Tout verrouiller</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Aide</translation>
    </message>
    <message>
        <source>Open &amp;log folder</source>
        <translation>Ouvrir le dossier du &amp;journal</translation>
    </message>
    <message>
        <source>&amp;About Strongroom</source>
        <translation>À &amp;propos de Strongroom</translation>
    </message>
    <message>
        <source>Cannot unlock</source>
        <translation>Impossible de déverrouiller</translation>
    </message>
    <message>
        <source>The unlocked vault is served at:</source>
        <translation>Le coffre déverrouillé est servi à l’adresse&#xa0;:</translation>
    </message>
    <message>
        <source>Reveal drive</source>
        <translation>Afficher le lecteur</translation>
    </message>
    <message>
        <source>No file manager could be started to show the vault.</source>
        <translation>Aucun gestionnaire de fichiers n’a pu être lancé pour afficher le coffre.</translation>
    </message>
    <message>
        <source>The unlocked vault is the folder:</source>
        <translation>Le coffre déverrouillé est le dossier&#xa0;:</translation>
    </message>
    <message>
        <source>Log folder</source>
        <translation>Dossier du journal</translation>
    </message>
    <message>
        <source>No file manager could be started.</source>
        <translation>Aucun gestionnaire de fichiers n’a pu être lancé.</translation>
    </message>
    <message>
        <source>The log is in:</source>
        <translation>Le journal se trouve dans&#xa0;:</translation>
    </message>
    <message>
        <source>About Strongroom</source>
        <translation>À propos de Strongroom</translation>
    </message>
    <message>
        <source>Encrypted vaults shown as ordinary folders.</source>
        <translation>Des coffres chiffrés affichés comme des dossiers ordinaires.</translation>
    </message>
    <message>
        <source>Vaults use the Cryptomator format 8 and open in Cryptomator too.</source>
        <translation>Les coffres utilisent le format 8 de Cryptomator et s’ouvrent aussi dans Cryptomator.</translation>
    </message>
    <message>
        <source>Strongroom is still running</source>
        <translation>Strongroom est toujours ouvert</translation>
    </message>
    <message>
        <source>Your vaults stay as they are. Open Strongroom or quit it from its tray icon.</source>
        <translation>Vos coffres restent tels quels. Ouvrez ou quittez Strongroom depuis son icône dans la zone de notification.</translation>
    </message>
    <message>
        <source>Quit Strongroom</source>
        <translation>Quitter Strongroom</translation>
    </message>
    <message>
        <source>Lock and quit</source>
        <translation>Verrouiller et quitter</translation>
    </message>
    <message>
        <source>Some vaults are still in use.</source>
        <translation>Certains coffres sont encore utilisés.</translation>
    </message>
    <message>
        <source>“{name}”: {programs}</source>
        <translation>«&#xa0;{name}&#xa0;»&#xa0;: {programs}</translation>
    </message>
    <message>
        <source>Force locking cuts those programs off from the files: unsaved changes in them are lost. Cancel keeps every vault unlocked.</source>
        <translation>Le verrouillage forcé coupe ces programmes de leurs fichiers&#xa0;: les modifications non enregistrées sont perdues. Annuler laisse tous les coffres déverrouillés.</translation>
    </message>
    <message>
        <source>Force lock all and quit</source>
        <translation>Tout verrouiller de force et quitter</translation>
    </message>
    <message numerus="yes">
        <source>They are locked before Strongroom quits.</source>
        <translation>
            <numerusform>Il est verrouillé avant que Strongroom ne se ferme.</numerusform>
            <numerusform>Ils sont verrouillés avant que Strongroom ne se ferme.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n vault(s) unlocked: {names}.</source>
        <translation>
            <numerusform>%n coffre est déverrouillé&#xa0;: {names}.</numerusform>
            <numerusform>%n coffres sont déverrouillés&#xa0;: {names}.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>OpenFiles</name>
    <message>
        <source>{program} (pid {pid}): {names}</source>
        <translation>{program} (PID {pid})&#xa0;: {names}</translation>
    </message>
    <message numerus="yes">
        <source>... and %n more program(s)</source>
        <translation>
            <numerusform>… et %n autre programme</numerusform>
            <numerusform>… et %n autres programmes</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{names} and %n more</source>
        <translation>
            <numerusform>{names} et %n autre</numerusform>
            <numerusform>{names} et %n autres</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PasswordDialogs</name>
    <message>
        <source>{title}: {name}</source>
        <translation>{title}&#xa0;: {name}</translation>
    </message>
    <message>
        <source>{title}: {text}</source>
        <translation>{title}&#xa0;: {text}</translation>
    </message>
    <message>
        <source>Change password</source>
        <translation>Changer le mot de passe</translation>
    </message>
    <message>
        <source>Current password</source>
        <translation>Mot de passe actuel</translation>
    </message>
    <message>
        <source>New password</source>
        <translation>Nouveau mot de passe</translation>
    </message>
    <message>
        <source>Repeat the new password</source>
        <translation>Répétez le nouveau mot de passe</translation>
    </message>
    <message>
        <source>Current:</source>
        <translation>Actuel&#xa0;:</translation>
    </message>
    <message>
        <source>New:</source>
        <translation>Nouveau&#xa0;:</translation>
    </message>
    <message>
        <source>Confirm:</source>
        <translation>Confirmation&#xa0;:</translation>
    </message>
    <message>
        <source>The new passwords do not match.</source>
        <translation>Les nouveaux mots de passe ne sont pas identiques.</translation>
    </message>
    <message>
        <source>Password changed</source>
        <translation>Mot de passe changé</translation>
    </message>
    <message>
        <source>{name} has a new password.</source>
        <translation>{name} a un nouveau mot de passe.</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Clé de récupération</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Enter the vault&apos;s password to see its recovery key.</source>
        <translation>Saisissez le mot de passe du coffre pour voir sa clé de récupération.</translation>
    </message>
    <message>
        <source>Password:</source>
        <translation>Mot de passe&#xa0;:</translation>
    </message>
    <message>
        <source>Show recovery key</source>
        <translation>Afficher la clé de récupération</translation>
    </message>
    <message>
        <source>Keep this key somewhere safe, away from the vault.</source>
        <translation>Gardez cette clé en lieu sûr, loin du coffre.</translation>
    </message>
    <message>
        <source>Reset password</source>
        <translation>Réinitialiser le mot de passe</translation>
    </message>
    <message>
        <source>The 44 words of the recovery key</source>
        <translation>Les 44 mots de la clé de récupération</translation>
    </message>
    <message>
        <source>Type the recovery key you wrote down when the vault was made.</source>
        <translation>Saisissez la clé de récupération notée lors de la création du coffre.</translation>
    </message>
    <message>
        <source>Recovery key:</source>
        <translation>Clé de récupération&#xa0;:</translation>
    </message>
    <message>
        <source>New password:</source>
        <translation>Nouveau mot de passe&#xa0;:</translation>
    </message>
    <message>
        <source>Password reset</source>
        <translation>Mot de passe réinitialisé</translation>
    </message>
</context>
<context>
    <name>PasswordStrength</name>
    <message>
        <source>Too weak</source>
        <translation>Trop faible</translation>
    </message>
    <message>
        <source>Weak</source>
        <translation>Faible</translation>
    </message>
    <message>
        <source>Fair</source>
        <translation>Moyen</translation>
    </message>
    <message>
        <source>Good</source>
        <translation>Bon</translation>
    </message>
    <message>
        <source>Strong</source>
        <translation>Fort</translation>
    </message>
    <message numerus="yes">
        <source>Use at least %n characters.</source>
        <translation>
            <numerusform>Utilisez au moins %n caractère.</numerusform>
            <numerusform>Utilisez au moins %n caractères.</numerusform>
        </translation>
    </message>
    <message>
        <source>This is one of the most common passwords.</source>
        <translation>C’est l’un des mots de passe les plus courants.</translation>
    </message>
    <message>
        <source>Longer is better: add words or characters of other kinds.</source>
        <translation>Plus long, c’est mieux&#xa0;: ajoutez des mots ou des caractères d’autres types.</translation>
    </message>
    <message>
        <source>A few more characters would make it much harder to guess.</source>
        <translation>Quelques caractères de plus le rendraient bien plus difficile à deviner.</translation>
    </message>
    <message>
        <source>A good password.</source>
        <translation>Un bon mot de passe.</translation>
    </message>
    <message>
        <source>A strong password.</source>
        <translation>Un mot de passe fort.</translation>
    </message>
</context>
<context>
    <name>Preferences</name>
    <message>
        <source>Preferences</source>
        <translation>Préférences</translation>
    </message>
    <message>
        <source>Start hidden in the system tray</source>
        <translation>Démarrer masqué dans la zone de notification</translation>
    </message>
    <message>
        <source>No system tray was found on this desktop, so Strongroom always opens its window.</source>
        <translation>Aucune zone de notification n’a été trouvée sur ce bureau, Strongroom ouvre donc toujours sa fenêtre.</translation>
    </message>
    <message>
        <source>Start Strongroom when I log in</source>
        <translation>Lancer Strongroom à l’ouverture de session</translation>
    </message>
    <message>
        <source> s</source>
        <comment>after a number of seconds</comment>
        <translation> s</translation>
    </message>
    <message>
        <source>Don&apos;t wait</source>
        <translation>Ne pas attendre</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>Follow the system theme</source>
        <translation>Suivre le thème du système</translation>
    </message>
    <message>
        <source>System default</source>
        <translation>Langue du système</translation>
    </message>
    <message>
        <source>Remove thumbnails and recent-file entries of a vault&apos;s files when it locks</source>
        <translation>Supprimer les miniatures et les entrées de fichiers récents d’un coffre quand il se verrouille</translation>
    </message>
    <message>
        <source>Wait for the keychain:</source>
        <translation>Attendre le trousseau :</translation>
    </message>
    <message>
        <source>Vaults that unlock when Strongroom starts wait this long for a locked keychain to be unlocked, then ask for their passwords.</source>
        <translation>Les coffres qui se déverrouillent au démarrage de Strongroom attendent ce temps qu’un trousseau verrouillé soit déverrouillé, puis demandent leur mot de passe.</translation>
    </message>
    <message>
        <source>Mount vaults under:</source>
        <translation>Monter les coffres dans&#xa0;:</translation>
    </message>
    <message>
        <source>Each vault gets its own folder here unless it has its own mount point.</source>
        <translation>Chaque coffre y reçoit son propre dossier, sauf s’il a son propre point de montage.</translation>
    </message>
    <message>
        <source>File managers and viewers keep pictures and names of the files you open; locking then leaves none behind.</source>
        <translation>Les gestionnaires de fichiers et les visionneuses gardent des images et les noms des fichiers que vous ouvrez ; le verrouillage n’en laisse alors aucun.</translation>
    </message>
    <message>
        <source>Language:</source>
        <translation>Langue&#xa0;:</translation>
    </message>
    <message>
        <source>A new language applies when Strongroom restarts.</source>
        <translation>Une nouvelle langue s’applique au prochain démarrage de Strongroom.</translation>
    </message>
    <message>
        <source>Mount vaults under</source>
        <translation>Monter les coffres dans</translation>
    </message>
    <message>
        <source>Choose a folder for the mount points as a full path, such as ~/Vaults.</source>
        <translation>Choisissez un dossier pour les points de montage sous forme de chemin complet, comme ~/Vaults.</translation>
    </message>
    <message>
        <source>Could not change the login start entry: {problem}</source>
        <translation>Impossible de modifier le lancement à l’ouverture de session&#xa0;: {problem}</translation>
    </message>
</context>
<context>
    <name>RecoveryKey</name>
    <message>
        <source>Strongroom recovery key</source>
        <translation>Clé de récupération Strongroom</translation>
    </message>
    <message>
        <source>Vault: &lt;b&gt;{name}&lt;/b&gt;</source>
        <translation>Coffre&#xa0;: &lt;b&gt;{name}&lt;/b&gt;</translation>
    </message>
    <message>
        <source>With this key anyone can set a new password for the vault. Keep it somewhere safe, away from the vault and the computer.</source>
        <translation>Avec cette clé, n’importe qui peut définir un nouveau mot de passe pour le coffre. Gardez-la en lieu sûr, loin du coffre et de l’ordinateur.</translation>
    </message>
    <message>
        <source>Strongroom recovery key for the vault {name}</source>
        <translation>Clé de récupération Strongroom du coffre {name}</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Copier</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Imprimer…</translation>
    </message>
    <message>
        <source>Save as…</source>
        <translation>Enregistrer sous…</translation>
    </message>
    <message>
        <source>Copied. The clipboard is cleared in {time}.</source>
        <translation>Copié. Le presse-papiers sera vidé dans {time}.</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>Envoyé à l’imprimante.</translation>
    </message>
    <message>
        <source>{name} recovery key.txt</source>
        <translation>{name} clé de récupération.txt</translation>
    </message>
    <message>
        <source>Save the recovery key</source>
        <translation>Enregistrer la clé de récupération</translation>
    </message>
    <message>
        <source>Text files</source>
        <translation>Fichiers texte</translation>
    </message>
    <message>
        <source>Not saved: {problem}</source>
        <translation>Non enregistré&#xa0;: {problem}</translation>
    </message>
    <message>
        <source>Saved to {path}. Move it off this computer, e.g. to a USB stick.</source>
        <translation>Enregistré dans {path}. Déplacez-le hors de cet ordinateur, p. ex. sur une clé USB.</translation>
    </message>
</context>
<context>
    <name>ResultMessages</name>
    <message>
        <source>{title}: {text}</source>
        <translation>{title}&#xa0;: {text}</translation>
    </message>
    <message>
        <source>Password not saved</source>
        <translation>Mot de passe non enregistré</translation>
    </message>
    <message>
        <source>Vault unlocked</source>
        <translation>Coffre déverrouillé</translation>
    </message>
    <message>
        <source>“{name}” is unlocked at {folder}.

Open it in the file manager?</source>
        <translation>«&#xa0;{name}&#xa0;» est déverrouillé dans {folder}.

L’ouvrir dans le gestionnaire de fichiers&#xa0;?</translation>
    </message>
    <message>
        <source>{name} unlocked, served over WebDAV at {url}</source>
        <translation>{name} déverrouillé, servi en WebDAV à {url}</translation>
    </message>
    <message>
        <source>{name} unlocked at {folder}</source>
        <translation>{name} déverrouillé dans {folder}</translation>
    </message>
    <message>
        <source>Could not unlock {name}.

{problem}</source>
        <translation>Impossible de déverrouiller {name}.

{problem}</translation>
    </message>
    <message>
        <source>Could not lock {name}.

{problem}</source>
        <translation>Impossible de verrouiller {name}.

{problem}</translation>
    </message>
    <message>
        <source>Vault is in use</source>
        <translation>Coffre en cours d’utilisation</translation>
    </message>
    <message>
        <source>“{name}” is still in use, so it was not locked.</source>
        <translation>«&#xa0;{name}&#xa0;» est encore utilisé, il n’a donc pas été verrouillé.</translation>
    </message>
    <message>
        <source>Programs with files open in it:
{programs}</source>
        <translation>Programmes qui y ont des fichiers ouverts&#xa0;:
{programs}</translation>
    </message>
    <message>
        <source>Some program still has a file or folder open in it.</source>
        <translation>Un programme y a encore un fichier ou un dossier ouvert.</translation>
    </message>
    <message>
        <source>Close those files and try again, or force the lock: unsaved changes in those programs will be lost.</source>
        <translation>Fermez ces fichiers et réessayez, ou forcez le verrouillage&#xa0;: les modifications non enregistrées dans ces programmes seront perdues.</translation>
    </message>
    <message>
        <source>Force lock</source>
        <translation>Forcer le verrouillage</translation>
    </message>
    <message>
        <source>Cannot add this vault</source>
        <translation>Impossible d’ajouter ce coffre</translation>
    </message>
    <message>
        <source>Copy path</source>
        <translation>Copier le chemin</translation>
    </message>
</context>
<context>
    <name>StartUnlock</name>
    <message>
        <source>Waiting for the keychain to unlock…</source>
        <translation>En attente du déverrouillage du trousseau…</translation>
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
        <translation>ligne du haut&#xa0;: {rate}</translation>
    </message>
    <message numerus="yes">
        <source>%n s ago</source>
        <translation>
            <numerusform>il y a %n s</numerusform>
            <numerusform>il y a %n s</numerusform>
        </translation>
    </message>
    <message>
        <source>now</source>
        <translation>maintenant</translation>
    </message>
    <message>
        <source>Statistics: {name}</source>
        <translation>Statistiques&#xa0;: {name}</translation>
    </message>
    <message>
        <source>Read and write throughput</source>
        <translation>Débit de lecture et d’écriture</translation>
    </message>
    <message>
        <source>Read</source>
        <translation>Lu</translation>
    </message>
    <message>
        <source>Total read:</source>
        <translation>Total lu&#xa0;:</translation>
    </message>
    <message>
        <source>Written</source>
        <translation>Écrit</translation>
    </message>
    <message>
        <source>Total written:</source>
        <translation>Total écrit&#xa0;:</translation>
    </message>
    <message>
        <source>Unlocked for:</source>
        <translation>Déverrouillé depuis&#xa0;:</translation>
    </message>
    <message>
        <source>The vault is locked.</source>
        <translation>Le coffre est verrouillé.</translation>
    </message>
    <message>
        <source>The vault is not mounted, so no file traffic is counted.</source>
        <translation>Le coffre n’est pas monté, aucun trafic de fichiers n’est donc compté.</translation>
    </message>
</context>
<context>
    <name>Tray</name>
    <message>
        <source>Strongroom: {names} unlocked</source>
        <translation>Strongroom&#xa0;: {names} déverrouillé</translation>
    </message>
    <message>
        <source>Strongroom: all locked</source>
        <translation>Strongroom&#xa0;: tout est verrouillé</translation>
    </message>
</context>
<context>
    <name>TrayMenu</name>
    <message>
        <source>Show Strongroom</source>
        <translation>Afficher Strongroom</translation>
    </message>
    <message>
        <source>No vaults yet</source>
        <translation>Aucun coffre pour l’instant</translation>
    </message>
    <message>
        <source>Lock all</source>
        <translation>Tout verrouiller</translation>
    </message>
    <message>
        <source>Preferences…</source>
        <translation>Préférences…</translation>
    </message>
    <message>
        <source>Quit Strongroom</source>
        <translation>Quitter Strongroom</translation>
    </message>
</context>
<context>
    <name>UnlockDialog</name>
    <message>
        <source>Unlock {name}</source>
        <translation>Déverrouiller {name}</translation>
    </message>
    <message>
        <source>Unlock “{name}”</source>
        <translation>Déverrouiller «&#xa0;{name}&#xa0;»</translation>
    </message>
    <message>
        <source>Password</source>
        <translation>Mot de passe</translation>
    </message>
    <message>
        <source>Remember the password in the system keychain</source>
        <translation>Mémoriser le mot de passe dans le trousseau du système</translation>
    </message>
    <message>
        <source>Forgot the password?</source>
        <translation>Mot de passe oublié&#xa0;?</translation>
    </message>
    <message>
        <source>Unlock</source>
        <translation>Déverrouiller</translation>
    </message>
    <message>
        <source>Checking the system keychain…</source>
        <translation>Vérification du trousseau du système…</translation>
    </message>
    <message>
        <source>The password cannot be saved: {reason}.</source>
        <translation>Le mot de passe ne peut pas être enregistré&#xa0;: {reason}.</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>Déverrouillage…</translation>
    </message>
    <message>
        <source>Wrong password. Check Caps Lock and try again.</source>
        <translation>Mot de passe incorrect. Vérifiez la touche Verr. Maj et réessayez.</translation>
    </message>
    <message numerus="yes">
        <source>Wait %n s</source>
        <translation>
            <numerusform>Attendre %n s</numerusform>
            <numerusform>Attendre %n s</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Wrong password (%n attempts). Check Caps Lock and try again.</source>
        <translation>
            <numerusform>Mot de passe incorrect (%n tentative). Vérifiez la touche Verr. Maj et réessayez.</numerusform>
            <numerusform>Mot de passe incorrect (%n tentatives). Vérifiez la touche Verr. Maj et réessayez.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Please wait %n second(s) before the next try.</source>
        <translation>
            <numerusform>Veuillez attendre %n seconde avant le prochain essai.</numerusform>
            <numerusform>Veuillez attendre %n secondes avant le prochain essai.</numerusform>
        </translation>
    </message>
    <message>
        <source>{title}: {text}</source>
        <translation>{title}&#xa0;: {text}</translation>
    </message>
</context>
<context>
    <name>VaultActions</name>
    <message>
        <source>&amp;Unlock…</source>
        <translation>&amp;Déverrouiller…</translation>
    </message>
    <message>
        <source>&amp;Lock</source>
        <translation>&amp;Verrouiller</translation>
    </message>
    <message>
        <source>&amp;Reveal drive</source>
        <translation>&amp;Afficher le lecteur</translation>
    </message>
    <message>
        <source>Vault &amp;options…</source>
        <translation>&amp;Options du coffre…</translation>
    </message>
    <message>
        <source>&amp;Statistics…</source>
        <translation>&amp;Statistiques…</translation>
    </message>
    <message>
        <source>Re&amp;name…</source>
        <translation>&amp;Renommer…</translation>
    </message>
    <message>
        <source>&amp;Change password…</source>
        <translation>&amp;Changer le mot de passe…</translation>
    </message>
    <message>
        <source>Show recovery &amp;key…</source>
        <translation>Afficher la &amp;clé de récupération…</translation>
    </message>
    <message>
        <source>Reset password with recovery key…</source>
        <translation>Réinitialiser le mot de passe avec la clé de récupération…</translation>
    </message>
    <message>
        <source>&amp;Forget saved password</source>
        <translation>Oublier le mot de passe &amp;enregistré</translation>
    </message>
    <message>
        <source>Check &amp;health…</source>
        <translation>Vérifier l’&amp;état…</translation>
    </message>
    <message>
        <source>Re&amp;move from list…</source>
        <translation>Re&amp;tirer de la liste…</translation>
    </message>
</context>
<context>
    <name>VaultOptions</name>
    <message>
        <source>Show it in the file manager</source>
        <translation>L’afficher dans le gestionnaire de fichiers</translation>
    </message>
    <message>
        <source>Ask what to do</source>
        <translation>Demander quoi faire</translation>
    </message>
    <message>
        <source>Do nothing</source>
        <translation>Ne rien faire</translation>
    </message>
    <message>
        <source>Automatic</source>
        <translation>Automatique</translation>
    </message>
    <message>
        <source>FUSE (a folder)</source>
        <translation>FUSE (un dossier)</translation>
    </message>
    <message>
        <source>WebDAV (an address on this computer)</source>
        <translation>WebDAV (une adresse sur cet ordinateur)</translation>
    </message>
    <message>
        <source>Windows&apos; WebDAV client (the WebClient service) refuses files larger than 50 MB unless its limit is raised. To allow files up to 4 GiB, as an administrator set the DWORD value FileSizeLimitInBytes under HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\WebClient\Parameters to 4294967295, then restart the WebClient service (or the computer). Larger files cannot be opened over WebDAV on Windows.</source>
        <translation>Le client WebDAV de Windows (le service WebClient) refuse les fichiers de plus de 50 Mo tant que sa limite n’est pas relevée. Pour autoriser les fichiers jusqu’à 4 Gio, en administrateur, donnez à la valeur DWORD FileSizeLimitInBytes sous HKEY_LOCAL_MACHINE\SYSTEM\CurrentControlSet\Services\WebClient\Parameters la valeur 4294967295, puis redémarrez le service WebClient (ou l’ordinateur). Les fichiers plus grands ne s’ouvrent pas en WebDAV sous Windows.</translation>
    </message>
    <message>
        <source>allow_other lets every user account on this computer reach the unlocked vault&apos;s folder. Strongroom then shows its files as yours only (files 0600, folders 0700) and the system refuses other users, but anyone with administrator (root) rights can read and change everything while the vault is unlocked. On Linux it also needs the line user_allow_other in /etc/fuse.conf.</source>
        <translation>allow_other permet à tous les comptes de cet ordinateur d’atteindre le dossier du coffre déverrouillé. Strongroom présente alors ses fichiers comme étant uniquement à vous (fichiers 0600, dossiers 0700) et le système refuse les autres utilisateurs, mais toute personne ayant les droits d’administrateur (root) peut tout lire et modifier tant que le coffre est déverrouillé. Sous Linux, il faut aussi la ligne user_allow_other dans /etc/fuse.conf.</translation>
    </message>
    <message>
        <source>Vault options: {name}</source>
        <translation>Options du coffre&#xa0;: {name}</translation>
    </message>
    <message>
        <source>Volume</source>
        <translation>Volume</translation>
    </message>
    <message>
        <source>Automatic uses WebDAV on this computer: FUSE is not available ({problem}).</source>
        <translation>Automatique utilise WebDAV sur cet ordinateur&#xa0;: FUSE n’est pas disponible ({problem}).</translation>
    </message>
    <message>
        <source>Automatic uses FUSE on this computer.</source>
        <translation>Automatique utilise FUSE sur cet ordinateur.</translation>
    </message>
    <message>
        <source>Mount</source>
        <translation>Montage</translation>
    </message>
    <message>
        <source>Default folder: {folder}</source>
        <translation>Dossier par défaut&#xa0;: {folder}</translation>
    </message>
    <message>
        <source>This folder:</source>
        <translation>Ce dossier&#xa0;:</translation>
    </message>
    <message>
        <source>An empty folder</source>
        <translation>Un dossier vide</translation>
    </message>
    <message>
        <source>Choose…</source>
        <translation>Choisir…</translation>
    </message>
    <message>
        <source>Read-only: files can be opened but not changed</source>
        <translation>Lecture seule&#xa0;: les fichiers peuvent être ouverts mais pas modifiés</translation>
    </message>
    <message>
        <source>Usually empty</source>
        <translation>Généralement vide</translation>
    </message>
    <message>
        <source>Volume:</source>
        <translation>Volume&#xa0;:</translation>
    </message>
    <message>
        <source>Extra mount options:</source>
        <translation>Options de montage supplémentaires&#xa0;:</translation>
    </message>
    <message>
        <source>Comma-separated FUSE options; leave empty unless you need one.</source>
        <translation>Options FUSE séparées par des virgules&#xa0;; laissez vide sauf besoin.</translation>
    </message>
    <message>
        <source>Unlocking and locking</source>
        <translation>Déverrouillage et verrouillage</translation>
    </message>
    <message>
        <source>Unlock when Strongroom starts</source>
        <translation>Déverrouiller au démarrage de Strongroom</translation>
    </message>
    <message>
        <source>Lock after</source>
        <comment>followed by: 30 minutes without file activity</comment>
        <translation>Verrouiller après</translation>
    </message>
    <message>
        <source> minutes without file activity</source>
        <translation> minutes sans activité sur les fichiers</translation>
    </message>
    <message>
        <source>Minutes without file activity before the vault locks</source>
        <translation>Minutes sans activité sur les fichiers avant le verrouillage du coffre</translation>
    </message>
    <message>
        <source>Lock when the computer sleeps or the screen locks</source>
        <translation>Verrouiller quand l’ordinateur se met en veille ou que l’écran se verrouille</translation>
    </message>
    <message>
        <source>After unlocking:</source>
        <translation>Après le déverrouillage&#xa0;:</translation>
    </message>
    <message>
        <source>Mount changes take effect the next time the vault is unlocked.</source>
        <translation>Les changements de montage prennent effet au prochain déverrouillage du coffre.</translation>
    </message>
    <message>
        <source>Mount point</source>
        <translation>Point de montage</translation>
    </message>
    <message>
        <source>WebDAV serves the unlocked vault at a private address on this computer (127.0.0.1), for file managers and apps that speak WebDAV.</source>
        <translation>WebDAV sert le coffre déverrouillé à une adresse privée sur cet ordinateur (127.0.0.1), pour les gestionnaires de fichiers et applications qui parlent WebDAV.</translation>
    </message>
    <message>
        <source>Choose a mount point folder (a full path).</source>
        <translation>Choisissez un dossier comme point de montage (un chemin complet).</translation>
    </message>
    <message>
        <source>Let other users reach this vault?</source>
        <translation>Permettre aux autres utilisateurs d’accéder à ce coffre&#xa0;?</translation>
    </message>
    <message>
        <source>Save the option allow_other?</source>
        <translation>Enregistrer l’option allow_other&#xa0;?</translation>
    </message>
    <message>
        <source>Not saved: allow_other was not confirmed.</source>
        <translation>Non enregistré&#xa0;: allow_other n’a pas été confirmé.</translation>
    </message>
</context>
<context>
    <name>VaultState</name>
    <message>
        <source>Unlocked</source>
        <translation>Déverrouillé</translation>
    </message>
    <message>
        <source>Unlocked, served over WebDAV at {url}</source>
        <translation>Déverrouillé, servi en WebDAV à {url}</translation>
    </message>
    <message>
        <source>Unlocked, mounted at {folder}</source>
        <translation>Déverrouillé, monté dans {folder}</translation>
    </message>
    <message>
        <source>Unlocking…</source>
        <translation>Déverrouillage…</translation>
    </message>
    <message>
        <source>Locking: {activity}</source>
        <translation>Verrouillage&#xa0;: {activity}</translation>
    </message>
    <message>
        <source>Locking…</source>
        <translation>Verrouillage…</translation>
    </message>
    <message>
        <source>Missing: the vault folder was not found</source>
        <translation>Absent&#xa0;: le dossier du coffre est introuvable</translation>
    </message>
    <message>
        <source>Error: {error}</source>
        <translation>Erreur&#xa0;: {error}</translation>
    </message>
    <message>
        <source>Error</source>
        <translation>Erreur</translation>
    </message>
    <message>
        <source>Locked</source>
        <translation>Verrouillé</translation>
    </message>
    <message>
        <source>closing open files and dropping the keys…</source>
        <translation>fermeture des fichiers ouverts et effacement des clés…</translation>
    </message>
    <message>
        <source>waiting for the file system to detach…</source>
        <translation>attente du détachement du système de fichiers…</translation>
    </message>
</context>
<context>
    <name>Widgets</name>
    <message>
        <source>Show password</source>
        <translation>Afficher le mot de passe</translation>
    </message>
    <message>
        <source>Show the password</source>
        <translation>Afficher le mot de passe</translation>
    </message>
    <message>
        <source>Hide the password</source>
        <translation>Masquer le mot de passe</translation>
    </message>
</context>
<context>
    <name>Wording</name>
    <message>
        <source>d</source>
        <comment>days, abbreviated</comment>
        <translation>j</translation>
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
        <translation>{value}&#xa0;{unit}</translation>
    </message>
</context>
</TS>
