#!/usr/bin/env bash
# Install the real Python build backends the Python packager parity tests build with
# (test/engine/packagers-python.test.ts): Debian 12's python3-build (python3 -m build),
# setuptools, setuptools-scm, hatchling, poetry-core and flit, all for /usr/bin/python3; and buildah,
# the oracle of the container packager (test/engine/packagers-docker-oracle.test.ts: FROM scratch
# builds, --isolation chroot, vfs storage; nothing is pulled).
# Idempotent and quiet: skips what is installed; apt output goes to a log shown on failure.
# Works offline except for Debian's apt repositories.
#   usage: scripts/install-python-backends.sh     (LEAKGUARD_SKIP_APT=1 to skip apt)
set -euo pipefail

LOG_DIR=${LEAKGUARD_PY_LOG_DIR:-${TMPDIR:-/tmp}/leakguard-python-backends}
mkdir -p "$LOG_DIR"
say() { echo "install-python-backends: $*"; }
quiet() {
  local name=$1; shift
  if ! "$@" >"$LOG_DIR/$name.log" 2>&1; then
    say "FAILED: $* (last lines of $LOG_DIR/$name.log):"; tail -n 40 "$LOG_DIR/$name.log" >&2; return 1
  fi
}

PKGS=(python3 python3-build python3-setuptools python3-setuptools-scm python3-hatchling python3-poetry-core flit git buildah)
if [ -z "${LEAKGUARD_SKIP_APT:-}" ] && command -v apt-get >/dev/null; then
  missing=()
  for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q '^install ok installed$' || missing+=("$p")
  done
  if [ ${#missing[@]} -gt 0 ]; then
    SUDO=; [ "$(id -u)" = 0 ] || SUDO=sudo
    say "apt: installing ${missing[*]}"
    quiet apt-update $SUDO apt-get update -q
    quiet apt-install $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
  else
    say "apt: all of ${PKGS[*]} already installed"
  fi
fi
# The tests use Debian's interpreter (a pyenv/venv python3 on PATH would not see these modules).
/usr/bin/python3 -c 'import build, setuptools, setuptools_scm, hatchling, poetry.core, flit_core' \
  || { say "python3 -m build or a backend is still missing"; exit 1; }
command -v buildah >/dev/null || say "warning: buildah missing; the container oracle tests will skip"
say "ok: $(/usr/bin/python3 -c 'import build, setuptools, setuptools_scm, hatchling, poetry.core, flit_core as f; print("build", build.__version__, "setuptools", setuptools.__version__, "hatchling", __import__("hatchling.__about__").__about__.__version__, "poetry-core", poetry.core.__version__, "flit_core", f.__version__)')"
