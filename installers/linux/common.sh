# shellcheck shell=bash
# Shared by build-deb, test-deb and ci-deb: paths, logging, the Python to build with, timers,
# and the two start-up measurements (`--version`, time to the first window).

# shellcheck disable=SC2034  # the variables are used by the scripts that source this file
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# shellcheck disable=SC2034
PACKAGE=strongroom
# shellcheck disable=SC2034
APP_ID=io.github.strongroom.Strongroom
# shellcheck disable=SC2034
HICOLOR_SIZES=(16 22 24 32 48 64 128 256 512)
# shellcheck disable=SC2034
INSTALL_DIR=/opt/strongroom

say() { printf '[%s] %s\n' "${LOG_TAG:-deb}" "$*"; }
figure() { printf '[%s] figure: %s\n' "${LOG_TAG:-deb}" "$*"; }
die() {
    printf '[%s] ERROR: %s\n' "${LOG_TAG:-deb}" "$*" >&2
    exit 1
}

now_ms() { date +%s%3N; }
# seconds since a now_ms stamp, as "1.234"
since() {
    local ms=$(($(now_ms) - $1))
    printf '%d.%03d' $((ms / 1000)) $((ms % 1000))
}
human_bytes() { numfmt --to=iec-i --suffix=B --format='%.1f' "$1"; }

# The Python that has the project's dependencies: $PYTHON, the project's .venv, an active
# virtualenv, else python3.
pick_python() {
    local candidate
    for candidate in "${PYTHON:-}" "$ROOT/.venv/bin/python" "${VIRTUAL_ENV:+$VIRTUAL_ENV/bin/python}"; do
        if [[ -n "$candidate" && -x "$candidate" ]]; then
            echo "$candidate"
            return
        fi
    done
    command -v python3 || die "no Python found: set PYTHON=/path/to/venv/bin/python"
}

project_version() {
    "$1" -c 'import sys, tomllib; print(tomllib.load(open(sys.argv[1], "rb"))["project"]["version"])' \
        "$ROOT/pyproject.toml"
}

# The Debian package owning a file, trying the /lib <-> /usr/lib spellings of merged-/usr systems.
package_of() {
    local path candidates real owner
    real=$(readlink -f "$1")
    candidates=("$1" "$real" "${1#/usr}" "${real#/usr}" "/usr$1" "/usr$real")
    for path in "${candidates[@]}"; do
        owner=$(dpkg-query -S "$path" 2>/dev/null | head -1 | cut -d: -f1)
        if [[ -n "$owner" ]]; then
            echo "$owner"
            return 0
        fi
    done
    return 1
}

# Best of N runs of `EXE --version`, in seconds (the first run also warms the page cache).
version_startup() {
    local exe=$1 runs=${2:-5} best=999999 i start ms
    for ((i = 0; i < runs; i++)); do
        start=$(now_ms)
        env -u PYTHONPATH -u PYTHONHOME "$exe" --version >/dev/null
        ms=$(($(now_ms) - start))
        ((ms < best)) && best=$ms
    done
    printf '%d.%03d' $((best / 1000)) $((best % 1000))
}

# Time from launching `EXE gui` to its first visible window on a private Xvfb display, with the
# settings, runtime and config folders in a scratch folder. Prints "SECONDS (how)". Without
# Xvfb and xdotool it times `EXE gui --help` instead and says so.
first_window() {
    local exe=$1 scratch xpid gpid start display="" i result
    if ! command -v Xvfb >/dev/null || ! command -v xdotool >/dev/null; then
        start=$(now_ms)
        env -u PYTHONPATH -u PYTHONHOME "$exe" gui --help >/dev/null
        echo "$(since "$start") s (no Xvfb/xdotool here: time to \`gui --help\` exit, not a window)"
        return
    fi
    scratch=$(mktemp -d)
    Xvfb -displayfd 3 -screen 0 1280x800x24 -nolisten tcp 3>"$scratch/display" 2>"$scratch/xvfb.log" &
    xpid=$!
    for ((i = 0; i < 100; i++)); do
        display=$(cat "$scratch/display" 2>/dev/null || true)
        [[ -n "$display" ]] && break
        sleep 0.05
    done
    if [[ -z "$display" ]]; then
        kill "$xpid" 2>/dev/null || true
        wait "$xpid" 2>/dev/null || true
        rm -rf "$scratch"
        echo "n/a (Xvfb did not start)"
        return
    fi
    mkdir -p "$scratch/home" "$scratch/run"
    chmod 700 "$scratch/run"
    start=$(now_ms)
    env -u PYTHONPATH -u PYTHONHOME -u WAYLAND_DISPLAY \
        DISPLAY=":$display" QT_QPA_PLATFORM=xcb HOME="$scratch/home" \
        XDG_CONFIG_HOME="$scratch/home/.config" XDG_DATA_HOME="$scratch/home/.local/share" \
        XDG_CACHE_HOME="$scratch/home/.cache" XDG_RUNTIME_DIR="$scratch/run" \
        DBUS_SESSION_BUS_ADDRESS=disabled: \
        "$exe" gui >"$scratch/gui.log" 2>&1 &
    gpid=$!
    # Poll every 20 ms (xdotool's own --sync polls only every 500 ms).
    result="n/a (no window within 30 s; app log: see below)"
    for ((i = 0; i < 1500; i++)); do
        if DISPLAY=":$display" xdotool search --onlyvisible --pid "$gpid" >/dev/null 2>&1; then
            result="$(since "$start") s (Xvfb, xcb platform, empty settings)"
            break
        fi
        kill -0 "$gpid" 2>/dev/null || break
        sleep 0.02
    done
    if [[ "$result" == n/a* ]]; then
        result="n/a (no window; app log: $(tr '\n' ' ' <"$scratch/gui.log" | cut -c1-300))"
    fi
    kill -TERM "$gpid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do
        kill -0 "$gpid" 2>/dev/null || break
        sleep 0.1
    done
    kill -KILL "$gpid" 2>/dev/null || true
    wait "$gpid" 2>/dev/null || true
    kill "$xpid" 2>/dev/null || true
    wait "$xpid" 2>/dev/null || true
    rm -rf "$scratch"
    echo "$result"
}
