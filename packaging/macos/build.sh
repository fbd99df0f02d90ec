#!/usr/bin/env bash
# Builds planner.app and a .dmg on macOS. NOT TRIED: written on Linux, where no macOS
# build can run. Read it before you trust it.
#
# Needs: macOS 11+, Python 3.11 (python3.11 on PATH; the python.org universal2 build or
# Homebrew's), Xcode command line tools (hdiutil, codesign). Run from the repository root:
#     bash packaging/macos/build.sh
# Makes: dist/planner.app, dist/planner-<version>-macos-<arch>.dmg
# The app is ad-hoc signed only: Gatekeeper will ask the user to confirm the first start
# (right-click > Open). Signing with a Developer ID and notarising (xcrun notarytool) is
# the next step for a public release; set CODESIGN_IDENTITY to sign with one.
set -euo pipefail
cd "$(dirname "$0")/../.."
[ "$(uname)" = Darwin ] || { echo "this recipe runs on macOS only" >&2; exit 1; }
test -x .venv/bin/python || python3.11 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[package]'
VERSION=$(.venv/bin/python packaging/version.py)
ARCH=$(uname -m)

rm -rf dist/planner dist/planner.app
.venv/bin/python -m PyInstaller --noconfirm --clean --distpath dist --workpath build/package/work \
    packaging/planner.spec
dist/planner.app/Contents/MacOS/planner --version

codesign --force --deep --sign "${CODESIGN_IDENTITY:--}" dist/planner.app

# The .dmg: the app beside a link to /Applications, so that a drag installs it.
STAGE=build/package/dmg
rm -rf "$STAGE" && mkdir -p "$STAGE"
cp -R dist/planner.app "$STAGE/"
ln -s /Applications "$STAGE/Applications"
DMG=dist/planner-$VERSION-macos-$ARCH.dmg
rm -f "$DMG"
hdiutil create -volname "planner $VERSION" -srcfolder "$STAGE" -fs HFS+ -format UDZO -ov "$DMG"
echo "$DMG"
