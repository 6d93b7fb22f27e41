# Shared by start.sh, test.sh and .ci/run: install what this machine lacks, or say in one line
# what to install. Debian packages through apt-get when we are root; pnpm through npm.
PNPM_VERSION=10.34.9
APT_UPDATED=0

apt_install() {
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "Missing: $*. Install it (e.g. sudo apt-get install -y $*) and run this again." >&2
    exit 1
  fi
  if [ "$APT_UPDATED" = 0 ]; then
    apt-get update -qq >/dev/null
    APT_UPDATED=1
  fi
  echo "Installing $* (apt-get)..."
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

ensure_redis() {
  command -v redis-server >/dev/null 2>&1 || apt_install redis-server
}

ensure_chromium() {
  command -v chromium >/dev/null 2>&1 || apt_install chromium
}

# The outbound tests make a throw-away TLS certificate with the openssl command.
ensure_openssl() {
  command -v openssl >/dev/null 2>&1 || apt_install openssl
}

ensure_postgres() {
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || apt_install postgresql
}

ensure_pnpm() {
  if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version 2>/dev/null)" != "$PNPM_VERSION" ]; then
    echo "Installing pnpm $PNPM_VERSION (npm)..."
    npm install -g "pnpm@$PNPM_VERSION" >/dev/null 2>&1 || {
      echo "Could not install pnpm with npm: run 'npm install -g pnpm@$PNPM_VERSION' and try again." >&2
      exit 1
    }
  fi
}

ensure_node() {
  local major
  major=$(node -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0)
  if [ "$major" -lt 20 ]; then
    echo "Node.js 20 or newer is required (found: $(node --version 2>/dev/null || echo none))." >&2
    exit 1
  fi
}
