; Inno Setup 6 script for Strongroom on Windows (x64).
;
; Build (on Windows, after the PyInstaller bundle):
;   python -m PyInstaller --noconfirm --distpath build\windows\dist --workpath build\windows\work installers\pyinstaller\strongroom.spec
;   iscc /DAppVersion=0.1.0 installers\windows\strongroom.iss
; AppVersion must be pyproject.toml's version, the one place it is written.
; The bundle has strongroom.exe (console: the command line, put on PATH on request) and
; strongroom-app.exe (windowed: the Start menu and desktop shortcuts).
; Mounting needs WinFsp (https://winfsp.dev): the setup checks for it and offers its download page.
; Not buildable on the Linux CI machines; tests/integration/test_installers.py checks this file's structure.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=X.Y.Z strongroom.iss
#endif
#define AppName "Strongroom"
#define AppExe "strongroom-app.exe"
#define CliExe "strongroom.exe"
#define BundleDir "..\..\build\windows\dist\strongroom"
#define WinFspDownload "https://winfsp.dev/rel/"

[Setup]
AppId={{CD008D5B-9CC7-449C-B15E-443BC6C2E97D}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Strongroom maintainers
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\..\build\windows
OutputBaseFilename=Strongroom-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\png\strongroom.ico
UninstallDisplayIcon={app}\{#AppExe}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
PrivilegesRequired=admin
ChangesEnvironment=yes
CloseApplications=yes
MinVersion=10.0

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add the strongroom command to PATH"; GroupDescription: "Command line:"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\{#AppName}"; Filename: "{app}\{#AppExe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExe}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExe}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
Type: dirifempty; Name: "{app}"

[Code]
const
  EnvironmentKey = 'SYSTEM\CurrentControlSet\Control\Session Manager\Environment';

{ WinFsp writes its install folder here (a 32-bit registry key, also on 64-bit Windows). }
function WinFspInstalled(): Boolean;
var
  InstallDir: String;
begin
  Result := False;
  if RegQueryStringValue(HKLM, 'SOFTWARE\WOW6432Node\WinFsp', 'InstallDir', InstallDir) then
    Result := DirExists(InstallDir)
  else if RegQueryStringValue(HKLM32, 'SOFTWARE\WinFsp', 'InstallDir', InstallDir) then
    Result := DirExists(InstallDir);
end;

{ Strongroom installs and runs without WinFsp (command line, health check); only mounting needs it. }
function InitializeSetup(): Boolean;
var
  ErrorCode: Integer;
begin
  Result := True;
  if WinFspInstalled() or WizardSilent() then
    Exit;
  if MsgBox('Strongroom shows unlocked vaults as drives with WinFsp, which is not installed.' + #13#10#13#10 +
            'Open the WinFsp download page now? You can install WinFsp before or after Strongroom.',
            mbConfirmation, MB_YESNO) = IDYES then
    ShellExec('open', '{#WinFspDownload}', '', '', SW_SHOWNORMAL, ewNoWait, ErrorCode);
end;

function PathWithout(Path, Dir: String): String;
var
  Padded: String;
  P: Integer;
begin
  Padded := ';' + Path + ';';
  P := Pos(';' + Uppercase(Dir) + ';', Uppercase(Padded));
  if P > 0 then
    Delete(Padded, P, Length(Dir) + 1);
  Result := Copy(Padded, 2, Length(Padded) - 2);
end;

procedure CurStepChanged(CurStep: TSetupStep);
var
  Path: String;
begin
  if (CurStep = ssPostInstall) and WizardIsTaskSelected('addtopath') then
  begin
    if not RegQueryStringValue(HKLM, EnvironmentKey, 'Path', Path) then
      Path := '';
    if Pos(';' + Uppercase(ExpandConstant('{app}')) + ';', ';' + Uppercase(Path) + ';') = 0 then
      RegWriteExpandStringValue(HKLM, EnvironmentKey, 'Path', Path + ';' + ExpandConstant('{app}'));
  end;
end;

procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
var
  Path: String;
begin
  if CurUninstallStep = usPostUninstall then
  begin
    if RegQueryStringValue(HKLM, EnvironmentKey, 'Path', Path) then
      RegWriteExpandStringValue(HKLM, EnvironmentKey, 'Path', PathWithout(Path, ExpandConstant('{app}')));
  end;
end;
