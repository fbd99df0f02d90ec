#!/usr/bin/env bash
# Screenshot of the INSTALLED planner, started from its desktop entry the way a menu
# starts it (gio launch reads Exec= from /usr/share/applications/planner.desktop), on a
# virtual X screen (Xvfb) with a window manager (openbox) so that the title bar and the
# window icon show. Needs the .deb installed, and: xvfb xauth openbox xdotool imagemagick
# libglib2.0-bin (gio). Writes docs/installed-desktop-entry.png.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${1:-docs/installed-desktop-entry.png}
ENTRY=/usr/share/applications/planner.desktop
[ -f "$ENTRY" ] || { echo "planner is not installed ($ENTRY missing)" >&2; exit 1; }
WORK=$(mktemp -d)
export HOME=$WORK/home XDG_DATA_HOME=$WORK/data XDG_STATE_HOME=$WORK/state \
    XDG_CONFIG_HOME=$WORK/config XDG_CACHE_HOME=$WORK/cache PLANNER_DB=$WORK/shot.sqlite
mkdir -p "$HOME"
unset QT_QPA_PLATFORM
mkdir -p "$(dirname "$OUT")"
# shellcheck disable=SC2016
xvfb-run -a -s "-screen 0 1600x1000x24" sh -c '
    openbox >/dev/null 2>&1 &
    sleep 1
    gio launch "$0"
    wid=$(timeout 60 xdotool search --sync --onlyvisible --class planner | head -1)
    xdotool windowsize "$wid" 1500 920 windowmove "$wid" 50 40
    sleep 3
    import -window root "$1"
    # Quit the way a user does (Ctrl+Q), and wait for it, before the X server goes.
    xdotool windowactivate --sync "$wid" key ctrl+q
    for _ in 1 2 3 4 5 6 7 8 9 10; do
        xdotool search --class planner >/dev/null 2>&1 || break
        sleep 0.5
    done' "$ENTRY" "$OUT"
echo "$OUT"
