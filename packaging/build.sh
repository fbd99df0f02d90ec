#!/usr/bin/env bash
# Builds the standalone planner from this checkout (called by `make package`):
#   dist/planner/                               the PyInstaller one-folder bundle
#   dist/planner_<version>_amd64.deb            installs it under /opt/planner, /usr/bin/planner
#   dist/planner-<version>-linux-x86_64.tar.gz  the same bundle, portable, to unpack anywhere
# The version comes from pyproject.toml. Needs: the venv with the `package` extra
# (pyinstaller), dpkg-deb, dpkg-query, ldd, objdump, strip.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
PY=${PYTHON:-$ROOT/.venv/bin/python}
VERSION=$("$PY" packaging/version.py)
ARCH=amd64
BUILD=$ROOT/build/package
DIST=$ROOT/dist
START=$(date +%s)
say() { printf '[package %3ss] %s\n' "$(( $(date +%s) - START ))" "$*"; }

[ "$(uname -m)" = x86_64 ] || { echo "build.sh makes the x86_64 packages; this is $(uname -m)" >&2; exit 1; }
rm -rf "$BUILD" "$DIST/planner" "$DIST"/planner_*.deb "$DIST"/planner-*-linux-x86_64.tar.gz
mkdir -p "$BUILD" "$DIST"

say "PyInstaller: planner $VERSION"
"$PY" -m PyInstaller --noconfirm --clean --log-level WARN \
    --distpath "$DIST" --workpath "$BUILD/work" packaging/planner.spec
BUNDLE=$DIST/planner
[ -x "$BUNDLE/planner" ] || { echo "PyInstaller made no $BUNDLE/planner" >&2; exit 1; }
ICUDATA=$(find "$BUNDLE" -type f -name 'libicudata.so.*' | head -1)
if [ -n "$ICUDATA" ]; then
    say "ICU data: keep what Qt uses"
    "$PY" packaging/trim_icu.py "$ICUDATA" || say "the ICU data stays whole"
fi
"$BUNDLE/planner" --version

# ---------------------------------------------------------------- Debian package
say "Debian package"
PKG=$BUILD/deb/planner_${VERSION}_${ARCH}
mkdir -p "$PKG/DEBIAN" "$PKG/opt" "$PKG/usr/bin" "$PKG/usr/share/applications" \
    "$PKG/usr/share/metainfo" "$PKG/usr/share/icons/hicolor/scalable/apps" "$PKG/usr/share/doc/planner"
cp -a "$BUNDLE" "$PKG/opt/planner"
ln -s /opt/planner/planner "$PKG/usr/bin/planner"
install -m 644 resources/planner.desktop "$PKG/usr/share/applications/planner.desktop"
install -m 644 resources/io.github.planner.metainfo.xml "$PKG/usr/share/metainfo/"
install -m 644 resources/icons/planner.svg "$PKG/usr/share/icons/hicolor/scalable/apps/planner.svg"
for png in resources/icons/hicolor/*/apps/planner.png; do
    size=$(basename "$(dirname "$(dirname "$png")")")
    install -D -m 644 "$png" "$PKG/usr/share/icons/hicolor/$size/apps/planner.png"
done
cat > "$PKG/usr/share/doc/planner/copyright" <<COPYRIGHT
Format: https://www.debian.org/doc/packaging-manuals/copyright-format/1.0/
Upstream-Name: planner
License: MIT

Files: opt/planner/_internal/*
Comment: bundled third-party libraries keep their own licences: Qt and PySide6 (LGPL-3.0),
 CPython (PSF-2.0), SQLAlchemy and SQLModel (MIT), Pillow (MIT-CMU), qrcode (BSD),
 reportlab (BSD), icalendar (BSD), defusedxml (PSF-2.0), tzdata (Apache-2.0).
COPYRIGHT

# Depends: the system libraries that the bundle's programs, libraries and Qt plugins
# name in their ELF NEEDED entries and that the bundle does not hold itself, found where
# the system's loader finds them (ldconfig) and mapped to their packages by dpkg -S.
# (Their own dependencies come with those packages.)
say "Depends from NEEDED + ldconfig + dpkg -S"
ELVES=$(find "$BUNDLE" -type f \( -name '*.so*' -o -name planner \))
# shellcheck disable=SC2086
objdump -p $ELVES 2>/dev/null | awk '$1 == "NEEDED" { print $2 }' | sort -u > "$BUILD/needed"
find "$BUNDLE" \( -type f -o -type l \) -name '*.so*' -printf '%f\n' | sort -u > "$BUILD/bundled"
comm -23 "$BUILD/needed" "$BUILD/bundled" > "$BUILD/system-sonames"
ldconfig -p > "$BUILD/ldconfig"
: > "$BUILD/depends"; : > "$BUILD/missing-libs"
while read -r soname; do
    lib=$(awk -v so="$soname" '$1 == so && /x86-64/ { print $NF; exit }' "$BUILD/ldconfig")
    if [ -z "$lib" ]; then echo "$soname" >> "$BUILD/missing-libs"; continue; fi
    real=$(readlink -f "$lib")
    pkg=""
    for cand in "$lib" "$real" "${lib/#\/lib\//\/usr\/lib\/}" "${real/#\/usr\/lib\//\/lib\/}"; do
        pkg=$(dpkg -S "$cand" 2>/dev/null | head -1 | cut -d: -f1) && [ -n "$pkg" ] && break
    done
    if [ -n "$pkg" ]; then echo "$pkg" >> "$BUILD/depends"; else echo "no package owns $lib" >&2; fi
done < "$BUILD/system-sonames"
GLIBC=$(find "$BUNDLE" -type f \( -name '*.so*' -o -name planner \) -exec objdump -T {} + 2>/dev/null \
    | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -uV | tail -1)
DEPENDS=$(sort -u "$BUILD/depends" | grep -v '^libc6$' | paste -sd, | sed 's/,/, /g')
DEPENDS="libc6 (>= $GLIBC)${DEPENDS:+, $DEPENDS}"
if [ -s "$BUILD/missing-libs" ]; then
    echo "error: the bundle needs libraries that this system does not have, so the" >&2
    echo "Depends would be incomplete; install them and build again:" >&2
    sed 's/^/  /' "$BUILD/missing-libs" >&2
    exit 1
fi
SIZE_KB=$(du -sk "$PKG" --exclude=DEBIAN | cut -f1)
cat > "$PKG/DEBIAN/control" <<CONTROL
Package: planner
Version: $VERSION
Architecture: $ARCH
Maintainer: The planner developers <planner@users.noreply.github.com>
Installed-Size: $SIZE_KB
Depends: $DEPENDS
Recommends: fonts-dejavu-core
Section: office
Priority: optional
Homepage: https://github.com/planner/planner
Description: plan virtual and hybrid events with sessions in parallel rooms, offline
 planner lays out an event's sessions on a time grid with one column per room,
 imports and exports frab, pretalx and iCalendar schedules, shows conflicts of rooms
 and speakers, and invites people with links and printable QR sheets. It runs on
 your own laptop, with no server and no Python installation.
CONTROL
cat > "$PKG/DEBIAN/postinst" <<'POSTINST'
#!/bin/sh
set -e
if [ "$1" = configure ]; then
    command -v gtk-update-icon-cache >/dev/null && gtk-update-icon-cache -q -t /usr/share/icons/hicolor || true
    command -v update-desktop-database >/dev/null && update-desktop-database -q /usr/share/applications || true
fi
POSTINST
cp "$PKG/DEBIAN/postinst" "$PKG/DEBIAN/postrm"
sed -i 's/"\$1" = configure/"$1" = remove ] || [ "$1" = purge/' "$PKG/DEBIAN/postrm"
chmod 755 "$PKG/DEBIAN/postinst" "$PKG/DEBIAN/postrm"
DEB=$DIST/planner_${VERSION}_${ARCH}.deb
dpkg-deb --root-owner-group -Zxz -z6 --threads-max="$(nproc)" --build "$PKG" "$DEB" >/dev/null
say "Depends: $DEPENDS"

# ---------------------------------------------------------------- portable tarball
say "portable tarball"
TARDIR=$BUILD/tar/planner-$VERSION
mkdir -p "$TARDIR"
cp -a "$BUNDLE/." "$TARDIR/"
mkdir -p "$TARDIR/share"
cp -a "$PKG/usr/share/applications" "$PKG/usr/share/icons" "$PKG/usr/share/metainfo" "$TARDIR/share/"
cat > "$TARDIR/README.txt" <<README
planner $VERSION for Linux x86_64, portable.

Run ./planner from this folder (./planner --help for the headless commands).
It needs the X11/Wayland libraries any desktop has; on a bare system:
  sudo apt-get install $(echo "$DEPENDS" | sed 's/ ([^)]*)//g; s/,//g')
To add it to your desktop's menu for your user only:
  mkdir -p ~/.local/share/applications && sed "s|^Exec=planner|Exec=$PWD/planner|; s|^TryExec=planner|TryExec=$PWD/planner|" \\
      share/applications/planner.desktop > ~/.local/share/applications/planner.desktop
  cp -r share/icons ~/.local/share/
(run that from this folder: \$PWD is where you unpacked it)
README
sed -i "s|\$PWD/planner|\\\$PWD/planner|g" "$TARDIR/README.txt"
TAR=$DIST/planner-$VERSION-linux-x86_64.tar.gz
tar -C "$BUILD/tar" --owner=0 --group=0 --numeric-owner -czf "$TAR" "planner-$VERSION"

say "done"
du -sh "$BUNDLE" "$DEB" "$TAR"
