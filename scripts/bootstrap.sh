#!/usr/bin/env bash
# Installs everything Postrider needs to build, test and run on Debian 12, idempotently:
#   1. Debian packages (Qt 6.4, toml++, OpenSSL, test clients);
#   2. KCodecs 5.103 + KI18n 5.103 + KMime 22.12.3 built for Qt 6 from Debian's own source
#      packages into a private prefix outside the clone (never /usr: the SONAMEs clash with the
#      Qt 5 packages). A finished prefix is reused.
# Prints the prefix on the last line of stdout as "KDEPS_PREFIX=<path>".
set -euo pipefail

KMIME_VERSION=22.12.3
KF_VERSION=5.103.0
# Bump when the way the libraries are built changes, so existing caches are rebuilt.
KDEPS_BUILD=2
CACHE_ROOT=${POSTRIDER_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/postrider}
PREFIX=${KDEPS_PREFIX:-$CACHE_ROOT/kdeps-qt6-$KMIME_VERSION-$KDEPS_BUILD}
STAMP="$PREFIX/.complete"

log() { printf '[bootstrap] %s\n' "$*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

APT_PACKAGES=(
  # build
  cmake ninja-build g++ pkg-config git xz-utils
  qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-5compat-dev libgl-dev
  libqt6sql6-sqlite libsqlite3-dev libtomlplusplus-dev libssl-dev
  # KMime's own build
  extra-cmake-modules gperf gettext python3
  # tests, tooling and benchmarks
  clang-format-14 ccache swaks libnet-ssleay-perl curl openssl sqlite3 wrk procps
  # a real SMTP server for the relay client's interop test (tst_smtprelayinterop)
  python3-aiosmtpd
  # the offscreen platform plugin for GUI tests
  qt6-qpa-plugins
  # HTTP ingress tests: a real browser (headless) posting a form
  chromium

  # the SVG icon engine and image plugin: the admin app's tray and status icons are SVGs
  libqt6svg6
)

need_packages() {
  local missing=()
  for p in "${APT_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  printf '%s\n' "${missing[@]}"
}

missing=$(need_packages)
if [ -n "$missing" ]; then
  log "installing Debian packages: $(echo $missing | tr '\n' ' ')"
  as_root apt-get update -qq
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "${APT_PACKAGES[@]}" >&2
else
  log "Debian packages already installed"
fi

# --- deb-src entry -----------------------------------------------------------------------------
# A fresh machine has only binary sources. Derive source entries from the machine's own apt
# configuration (same archive, same suites), so the repository never names a host.
ensure_deb_src() {
  if apt-get indextargets 2>/dev/null | grep -q '^Identifier: Sources'; then return 0; fi
  local out=/etc/apt/sources.list.d/postrider-deb-src.sources tmp
  tmp=$(mktemp)
  if [ -f /etc/apt/sources.list.d/debian.sources ]; then
    # deb822: copy each stanza whose Types include "deb", switch it to deb-src.
    awk 'BEGIN{RS=""; ORS="\n\n"} /(^|\n)Types:[^\n]*deb([ \n]|$)/ {
           gsub(/(^|\n)Types:[^\n]*/, "\nTypes: deb-src"); sub(/^\n/, ""); print }' \
      /etc/apt/sources.list.d/debian.sources >"$tmp"
  fi
  if [ ! -s "$tmp" ] && [ -f /etc/apt/sources.list ]; then
    out=/etc/apt/sources.list.d/postrider-deb-src.list
    sed -n 's/^[[:space:]]*deb[[:space:]]/deb-src /p' /etc/apt/sources.list >"$tmp"
  fi
  if [ ! -s "$tmp" ]; then
    log "could not derive a deb-src entry from the apt sources"; rm -f "$tmp"; exit 1
  fi
  log "adding source entries in $out (derived from the existing binary entries)"
  as_root install -m 0644 "$tmp" "$out"; rm -f "$tmp"
  as_root apt-get update -qq
}

# --- KMime for Qt 6 ----------------------------------------------------------------------------
if [ -f "$STAMP" ]; then
  log "KMime for Qt 6 already built in $PREFIX"
else
  ensure_deb_src
  WORK=$(mktemp -d "${TMPDIR:-/tmp}/postrider-kdeps.XXXXXX")
  chmod 755 "$WORK" # apt's download sandbox user must be able to write here
  trap 'rm -rf "$WORK"' EXIT
  cd "$WORK"
  log "fetching Debian source packages into $WORK"
  apt-get source --download-only -qq "kcodecs=$KF_VERSION-1" "ki18n=$KF_VERSION-1" "kmime=$KMIME_VERSION-1" >&2
  for t in "kcodecs_$KF_VERSION" "ki18n_$KF_VERSION" "kmime_$KMIME_VERSION"; do
    tar xf "$t.orig.tar.xz"
  done
  # Translations of the KDE libraries are never shown by a mail daemon: drop them (18 MB, ~40 s).
  rm -rf "kcodecs-$KF_VERSION/poqm" "ki18n-$KF_VERSION/po" "kmime-$KMIME_VERSION/po"
  # One performance fix: KMime checks every text part for legacy uuencoded content and compiles
  # two regular expressions on every call, which was a fifth of the SMTP listener's CPU time per
  # message. Compiling them once changes no behaviour.
  parsers="kmime-$KMIME_VERSION/src/kmime_parsers.cpp"
  sed -i -e 's/^\(    \)const QRegularExpression beginRegex(/\1static const QRegularExpression beginRegex(/' \
         -e 's/^\(    \)const QRegularExpression subjectRegex(/\1static const QRegularExpression subjectRegex(/' "$parsers"
  if [ "$(grep -c '^    static const QRegularExpression \(begin\|subject\)Regex(' "$parsers")" != 2 ]; then
    log "the KMime uuencode regex fix did not apply to $parsers"; exit 1
  fi
  rm -rf "$PREFIX"
  COMMON=(-G Ninja -DCMAKE_BUILD_TYPE=Release -DBUILD_WITH_QT6=ON -DBUILD_TESTING=OFF -DBUILD_QCH=OFF
          -DBUILD_SHARED_LIBS=ON -DCMAKE_POSITION_INDEPENDENT_CODE=ON
          -DCMAKE_INSTALL_PREFIX="$PREFIX" -DCMAKE_PREFIX_PATH="$PREFIX" -Wno-dev)
  build() { # name srcdir extra-args...
    local name=$1 src=$2; shift 2
    log "building $name"
    cmake -S "$src" -B "b-$name" "${COMMON[@]}" "$@" >/dev/null
    cmake --build "b-$name" -j"$(nproc)" >/dev/null
    cmake --install "b-$name" >/dev/null
  }
  build kcodecs "kcodecs-$KF_VERSION"
  build ki18n "ki18n-$KF_VERSION" -DBUILD_WITH_QML=OFF -DPYTHON_EXECUTABLE=/usr/bin/python3
  build kmime "kmime-$KMIME_VERSION"
  touch "$STAMP"
  log "KMime for Qt 6 installed in $PREFIX"
fi

# --- promtool --------------------------------------------------------------------------------
# Prometheus' own parser checks /metrics in the tests. Only the promtool binary is taken from
# Debian's prometheus package: installing the package would also install (and, on a systemd host,
# start) a Prometheus server, so the .deb is unpacked into the cache instead.
TOOLS="$CACHE_ROOT/tools"
if [ ! -x "$TOOLS/promtool" ]; then
  log "extracting promtool from Debian's prometheus package into $TOOLS"
  dl=$(mktemp -d "${TMPDIR:-/tmp}/postrider-promtool.XXXXXX")
  chmod 755 "$dl"
  (cd "$dl" && apt-get download -qq prometheus >&2)
  dpkg-deb -x "$dl"/prometheus_*.deb "$dl/root"
  mkdir -p "$TOOLS"
  install -m 0755 "$dl/root/usr/bin/promtool" "$TOOLS/promtool"
  rm -rf "$dl"
fi

echo "KDEPS_PREFIX=$PREFIX"
