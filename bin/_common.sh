# Shared by bin/demo and bin/test: find or install uv, the only tool needed besides Python 3.11.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

if command -v uv >/dev/null 2>&1; then
  UV=(uv)
elif python3 -m uv --version >/dev/null 2>&1; then
  UV=(python3 -m uv)
else
  echo "Installing uv (Python package manager) with pip…"
  python3 -m pip install --quiet --user uv 2>/dev/null || python3 -m pip install --quiet uv
  UV=(python3 -m uv)
fi

uv_sync() {
  "${UV[@]}" sync --frozen --quiet "$@"
}

run() {
  "${UV[@]}" run --frozen --no-sync "$@"
}
