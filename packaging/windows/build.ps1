# Builds the Windows installer of planner. NOT TRIED: written on Linux, where neither
# PyInstaller's Windows build nor Inno Setup can run. Read it before you trust it.
#
# Needs: Python 3.11 (x64) on PATH as `py -3.11`, Inno Setup 6 (iscc.exe on PATH or in
# its default folder). Run from the repository root in PowerShell:
#     powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1
# Makes: dist\planner\ (planner.exe windowed, planner-cli.exe for the command line)
#        dist\planner-<version>-windows-x64-setup.exe
$ErrorActionPreference = "Stop"
Set-Location (Split-Path -Parent (Split-Path -Parent $PSScriptRoot))

if (-not (Test-Path .venv\Scripts\python.exe)) { py -3.11 -m venv .venv }
.venv\Scripts\python -m pip install --upgrade pip
.venv\Scripts\python -m pip install -e ".[package]"
$version = .venv\Scripts\python packaging\version.py

.venv\Scripts\python -m PyInstaller --noconfirm --clean --distpath dist --workpath build\package\work packaging\planner.spec
& dist\planner\planner-cli.exe --version
if ($LASTEXITCODE -ne 0) { throw "the frozen planner-cli.exe does not start" }

$iscc = (Get-Command iscc.exe -ErrorAction SilentlyContinue).Source
if (-not $iscc) { $iscc = "${env:ProgramFiles(x86)}\Inno Setup 6\ISCC.exe" }
& $iscc "/DAppVersion=$version" packaging\windows\planner.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed" }
Get-Item dist\planner-$version-windows-x64-setup.exe
