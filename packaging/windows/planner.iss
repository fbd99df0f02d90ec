; Inno Setup script for planner. NOT TRIED (written on Linux); build.ps1 calls it as
;   iscc /DAppVersion=0.1.0 packaging\windows\planner.iss
; after PyInstaller has made dist\planner\ from packaging\planner.spec.
#ifndef AppVersion
  #define AppVersion "0.0.0"
#endif
#define Root "..\.."

[Setup]
; A fixed AppId keeps upgrades in place; never change it.
AppId={{5B0F3B8E-4C1D-4E4B-9C7A-2F6D1E8A9B31}
AppName=planner
AppVersion={#AppVersion}
AppPublisher=The planner developers
AppComments=Plan virtual and hybrid events with sessions in parallel rooms, offline
DefaultDirName={autopf}\planner
DefaultGroupName=planner
DisableProgramGroupPage=yes
; Per-user install by default (no administrator needed on a borrowed laptop), with the
; choice of all users.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=planner-{#AppVersion}-windows-x64-setup
SetupIconFile={#Root}\resources\icons\planner.ico
UninstallDisplayIcon={app}\planner.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add planner-cli to PATH (for the command line)"; Flags: unchecked

[Files]
Source: "{#Root}\dist\planner\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{autoprograms}\planner"; Filename: "{app}\planner.exe"; Comment: "Plan events with sessions in parallel rooms"
Name: "{autodesktop}\planner"; Filename: "{app}\planner.exe"; Tasks: desktopicon

[Registry]
Root: HKCU; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\planner.exe"; Description: "{cm:LaunchProgram,planner}"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Path: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Path) then
  begin
    Result := True;
    exit;
  end;
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;
