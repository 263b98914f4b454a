#!/usr/bin/env bash
# Build the mediasoup worker binary OFFLINE (no GitHub / wrapdb downloads) and
# cache it by version.
#
#   bash scripts/build-mediasoup-worker.sh [--force]
#
# Prints the path of the worker binary as the LAST line of stdout (all build
# chatter goes to stderr). If the binary is already cached, prints the path
# immediately and exits 0.
#
# How it works (only the npm registry and the Debian apt repos are reachable):
#   * worker sources come from the npm tarball (`npm pack mediasoup@VERSION`);
#   * every worker/subprojects/*.wrap is replaced by a local "shim" subproject
#     wrapping a Debian package (libuv1-dev, libusrsctp-dev, libabsl-dev,
#     libflatbuffers-dev + flatc 2.0.8) or a locally built static library;
#   * OpenSSL: upstream OpenSSL 3.0.x (Debian's orig tarball, fetched with
#     `apt-get source` through a PRIVATE apt config -- /etc/apt is not touched)
#     is built as a static library. Linking Debian's shared libssl3 makes the
#     worker crash in SSL_read on the first DTLS ClientHello of a real browser;
#   * libsrtp: mediasoup uses the libsrtp3 API. Debian ships libsrtp2, so the
#     shim provides an `srtp.h` mapping the v3 calls onto v2. By default
#     libsrtp2 is built from Debian's source against the static OpenSSL
#     (AES-NI, AES-GCM; ~2x faster than Debian's NSS-based libsrtp2). Set
#     CHAPERONE_SRTP=debian to link Debian's libsrtp2 instead (also the
#     automatic fallback if that build fails).
#
# Environment knobs:
#   MEDIASOUP_VERSION     (default 3.19.3)
#   CHAPERONE_CACHE_DIR   (default $HOME/.cache/chaperone)
#   CHAPERONE_SRTP        openssl (default) | debian
#   BUILD_JOBS            (default: nproc)
#
# Runtime requirements of the produced binary (Debian packages): libuv1,
# libusrsctp2, libabsl20220623, libstdc++6 (+ libsrtp2-1/libnss3 when
# CHAPERONE_SRTP=debian).
set -euo pipefail

MS_VERSION="${MEDIASOUP_VERSION:-3.19.3}"
CACHE_ROOT="${CHAPERONE_CACHE_DIR:-$HOME/.cache/chaperone}"
OUT_DIR="$CACHE_ROOT/mediasoup-worker-$MS_VERSION"
WORKER_BIN="$OUT_DIR/mediasoup-worker"

FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1

# Fast path.
if [[ $FORCE -eq 0 && -x "$WORKER_BIN" ]]; then
  echo "$WORKER_BIN"
  exit 0
fi

# From here on everything goes to stderr; fd 3 is the real stdout.
exec 3>&1 1>&2

BUILD_ROOT="$CACHE_ROOT/build"
DEPS_DIR="$BUILD_ROOT/deps"
DL_DIR="$BUILD_ROOT/dl"
APT_DIR="$BUILD_ROOT/apt-src"
SRTP_MODE="${CHAPERONE_SRTP:-openssl}"
JOBS="${BUILD_JOBS:-$(nproc 2>/dev/null || echo 2)}"
SCRIPT_PATH="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/$(basename "${BASH_SOURCE[0]}")"

log() { printf '[build-mediasoup-worker] %s\n' "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

mkdir -p "$BUILD_ROOT" "$DEPS_DIR" "$DL_DIR" "$OUT_DIR"

# Serialize concurrent invocations (several agents/processes may call us).
exec 9>"$BUILD_ROOT/.lock"
if ! flock -n 9; then
  log "another build is running; waiting for the lock..."
  flock 9
fi
if [[ $FORCE -eq 0 && -x "$WORKER_BIN" ]]; then
  echo "$WORKER_BIN" >&3
  exit 0
fi

START_TS=$(date +%s)

# --------------------------------------------------------------------------
# 1. Debian packages
# --------------------------------------------------------------------------
APT_PKGS=(
  build-essential pkg-config meson ninja-build python3 perl make
  libuv1-dev libusrsctp-dev libabsl-dev libflatbuffers-dev flatbuffers-compiler
  libsrtp2-dev libnss3 dpkg-dev openssl ca-certificates xz-utils
)

pkg_installed() {
  [[ "$(dpkg-query -W -f='${Status}' "$1" 2>/dev/null || true)" == "install ok installed" ]]
}

ensure_apt_packages() {
  local missing=() p
  for p in "${APT_PKGS[@]}"; do pkg_installed "$p" || missing+=("$p"); done
  [[ ${#missing[@]} -eq 0 ]] && return 0
  log "installing missing Debian packages: ${missing[*]}"
  local sudo=()
  [[ $(id -u) -ne 0 ]] && sudo=(sudo)
  local aptopts=(-y -o DPkg::Lock::Timeout=1200 --no-install-recommends)
  export DEBIAN_FRONTEND=noninteractive
  if ! "${sudo[@]}" apt-get install "${aptopts[@]}" "${missing[@]}"; then
    log "apt-get install failed; running apt-get update and retrying"
    "${sudo[@]}" apt-get update -o DPkg::Lock::Timeout=1200 || true
    "${sudo[@]}" apt-get install "${aptopts[@]}" "${missing[@]}"
  fi
}

# --------------------------------------------------------------------------
# 2. Debian *source* packages through a private apt configuration
# --------------------------------------------------------------------------
APT_OPTS=(
  -o "Dir::Etc::SourceList=$APT_DIR/etc/sources.list"
  -o "Dir::Etc::SourceParts=$APT_DIR/etc/sources.list.d"
  -o "Dir::State=$APT_DIR/state"
  -o "Dir::State::Lists=$APT_DIR/lists"
  -o "Dir::Cache=$APT_DIR/cache"
  -o "APT::Sandbox::User=root"
  -o "Acquire::Languages=none"
)

setup_private_apt() {
  mkdir -p "$APT_DIR/etc/sources.list.d" "$APT_DIR/lists/partial" \
           "$APT_DIR/cache/archives/partial" "$APT_DIR/state" "$APT_DIR/src"
  : > "$APT_DIR/etc/sources.list"
  rm -f "$APT_DIR/etc/sources.list.d/"*
  local f n=0
  # One-line style: /etc/apt/sources.list and /etc/apt/sources.list.d/*.list
  for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
    [[ -f "$f" ]] || continue
    sed -nE 's/^[[:space:]]*deb[[:space:]]+/deb-src /p' "$f" >> "$APT_DIR/etc/sources.list"
  done
  # deb822 style: /etc/apt/sources.list.d/*.sources
  for f in /etc/apt/sources.list.d/*.sources; do
    [[ -f "$f" ]] || continue
    n=$((n + 1))
    sed -E 's/^Types:.*$/Types: deb-src/I' "$f" > "$APT_DIR/etc/sources.list.d/src$n.sources"
  done
  # Keep only Debian repositories (third-party repos have no sources and may
  # be unreachable).
  sed -i -nE '/debian/p' "$APT_DIR/etc/sources.list"
  for f in "$APT_DIR/etc/sources.list.d/"*.sources; do
    [[ -f "$f" ]] || continue
    grep -qiE '^URIs:.*debian' "$f" || rm -f "$f"
  done
}

apt_src_update() {
  log "apt-get update (private deb-src lists in $APT_DIR)"
  apt-get "${APT_OPTS[@]}" update >&2 || log "warning: private apt-get update reported errors"
}

# fetch_debian_orig SRCPKG -> prints the path of the newest SRCPKG_*.orig.tar.*
fetch_debian_orig() {
  local pkg="$1" orig
  find_orig() {
    ls -1 "$APT_DIR/src/${pkg}"_*.orig.tar.* 2>/dev/null | grep -v '\.asc$' | sort -V | tail -n1
  }
  orig="$(find_orig)"
  if [[ -z "$orig" ]]; then
    [[ -f "$APT_DIR/etc/sources.list" ]] || setup_private_apt
    if ! ls "$APT_DIR/lists/"*_Sources* >/dev/null 2>&1; then
      setup_private_apt
      apt_src_update
    fi
    # A missing .dsc/.debian.tar (e.g. 404 on a security mirror snapshot) is
    # not fatal: we only need the pristine upstream tarball.
    (cd "$APT_DIR/src" && apt-get "${APT_OPTS[@]}" source --download-only "$pkg" >&2) || true
    orig="$(find_orig)"
    if [[ -z "$orig" ]]; then
      setup_private_apt
      apt_src_update
      (cd "$APT_DIR/src" && apt-get "${APT_OPTS[@]}" source --download-only "$pkg" >&2) || true
      orig="$(find_orig)"
    fi
  fi
  [[ -n "$orig" ]] || return 1
  echo "$orig"
}

# Extracts the version from e.g. /x/openssl_3.0.22.orig.tar.gz -> 3.0.22
orig_version() { basename "$1" | sed -E 's/^[^_]+_(.*)\.orig\.tar\..*$/\1/'; }

# --------------------------------------------------------------------------
# 3. Static OpenSSL 3.0.x
# --------------------------------------------------------------------------
build_openssl() {
  local orig ver prefix src
  orig="$(fetch_debian_orig openssl)" || die "could not fetch Debian's openssl source"
  ver="$(orig_version "$orig")"
  prefix="$DEPS_DIR/openssl-$ver"
  if [[ -f "$prefix/.done" ]]; then
    OPENSSL_PREFIX="$prefix"; return 0
  fi
  log "building static OpenSSL $ver (cached in $prefix)"
  src="$DEPS_DIR/src/openssl-$ver"
  rm -rf "$src" "$prefix"; mkdir -p "$src"
  tar xf "$orig" -C "$src" --strip-components=1
  (
    cd "$src"
    ./Configure linux-x86_64 no-shared no-tests no-ssl3 -fPIC \
      --prefix="$prefix" --libdir=lib
    make -j"$JOBS" build_libs
    make install_dev
  ) >&2
  touch "$prefix/.done"
  rm -rf "$src"
  OPENSSL_PREFIX="$prefix"
}

# --------------------------------------------------------------------------
# 4. Static libsrtp2 (Debian source) against the static OpenSSL
# --------------------------------------------------------------------------
build_libsrtp2_openssl() {
  local orig ver prefix src
  orig="$(fetch_debian_orig libsrtp2)" || return 1
  ver="$(orig_version "$orig")"
  prefix="$DEPS_DIR/libsrtp2-$ver-openssl-$(basename "$OPENSSL_PREFIX")"
  if [[ -f "$prefix/.done" ]]; then
    SRTP_PREFIX="$prefix"; return 0
  fi
  log "building static libsrtp2 $ver with OpenSSL crypto (cached in $prefix)"
  src="$DEPS_DIR/src/libsrtp2-$ver"
  rm -rf "$src" "$prefix"; mkdir -p "$src"
  tar xf "$orig" -C "$src" --strip-components=1
  # NB: errexit does not apply inside an `if` condition, hence the && chain.
  if ! (
    cd "$src" &&
    CFLAGS="-O3 -fPIC" LIBS="-ldl -pthread" \
      PKG_CONFIG_PATH="$OPENSSL_PREFIX/lib/pkgconfig" \
      ./configure --prefix="$prefix" --enable-openssl \
        --with-openssl-dir="$OPENSSL_PREFIX" --disable-pcap &&
    { grep -q '^#define OPENSSL 1' crypto/include/config.h || { echo "OpenSSL crypto not enabled" >&2; false; }; } &&
    { grep -q '^#define GCM 1' crypto/include/config.h || { echo "AES-GCM not enabled" >&2; false; }; } &&
    make -j"$JOBS" libsrtp2.a &&
    make install
  ) >&2; then
    rm -rf "$src" "$prefix"
    return 1
  fi
  # Only the static library is wanted.
  rm -f "$prefix"/lib/libsrtp2.so*
  touch "$prefix/.done"
  rm -rf "$src"
  SRTP_PREFIX="$prefix"
}

# --------------------------------------------------------------------------
# 5. mediasoup worker sources + shim subprojects
# --------------------------------------------------------------------------
fetch_mediasoup_tarball() {
  local tgz="$DL_DIR/mediasoup-$MS_VERSION.tgz"
  if [[ ! -s "$tgz" ]]; then
    log "npm pack mediasoup@$MS_VERSION"
    local tmp; tmp="$(mktemp -d "$DL_DIR/pack.XXXXXX")"
    if (cd "$tmp" && npm pack "mediasoup@$MS_VERSION" --silent >&2) && [[ -s "$tmp/mediasoup-$MS_VERSION.tgz" ]]; then
      mv "$tmp/mediasoup-$MS_VERSION.tgz" "$tgz"
    else
      die "npm pack mediasoup@$MS_VERSION failed"
    fi
    rm -rf "$tmp"
  fi
  MS_TGZ="$tgz"
}

# write_shim NAME OPTIONS... ; meson.build body on stdin
write_shim() {
  local name="$1"; shift
  local dir="$WORKER_DIR/subprojects/$name"
  mkdir -p "$dir"
  cat > "$dir/meson.build"
  : > "$dir/meson_options.txt"
  local opt
  for opt in "$@"; do
    echo "option('$opt', type : 'string', value : '', description : 'accepted and ignored (offline shim)')" >> "$dir/meson_options.txt"
  done
  echo "/* empty translation unit for link_whole placeholders */" > "$dir/shim_empty.c"
  echo "int chaperone_shim_$(echo "$name" | tr -c 'a-zA-Z0-9\n' '_')_unused;" >> "$dir/shim_empty.c"
}

write_srtp_compat_header() {
  local dir="$1"
  mkdir -p "$dir"
  cat > "$dir/srtp.h" <<'EOF'
/*
 * libsrtp3 API -> libsrtp2 API compatibility header (offline mediasoup build).
 *
 * mediasoup >= 3.13 is written against libsrtp3 (separate in/out buffers,
 * size_t lengths). libsrtp2 works in place with int lengths. This header maps
 * the handful of calls mediasoup makes.
 */
#ifndef CHAPERONE_SRTP3_COMPAT_H
#define CHAPERONE_SRTP3_COMPAT_H

#include <srtp2/srtp.h>

#include <limits.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* libsrtp3 error codes missing from libsrtp2 (same values as libsrtp3). */
#define srtp_err_status_buffer_small ((srtp_err_status_t)28)
#define srtp_err_status_cryptex_err ((srtp_err_status_t)29)

static inline srtp_err_status_t chaperone_srtp3_protect(
  srtp_t ctx, const uint8_t* in, size_t in_len, uint8_t* out, size_t* out_len, size_t mki_index)
{
	srtp_err_status_t err;
	int len;

	if (in_len > (size_t)(INT_MAX - SRTP_MAX_TRAILER_LEN))
		return srtp_err_status_bad_param;
	if (*out_len < in_len + SRTP_MAX_TRAILER_LEN)
		return srtp_err_status_buffer_small;
	if (out != in)
		memmove(out, in, in_len);
	len = (int)in_len;
	if (mki_index != 0)
		err = srtp_protect_mki(ctx, out, &len, 1, (unsigned int)mki_index);
	else
		err = srtp_protect(ctx, out, &len);
	if (err == srtp_err_status_ok)
		*out_len = (size_t)len;
	return err;
}

static inline srtp_err_status_t chaperone_srtp3_unprotect(
  srtp_t ctx, const uint8_t* in, size_t in_len, uint8_t* out, size_t* out_len)
{
	srtp_err_status_t err;
	int len;

	if (in_len > (size_t)INT_MAX)
		return srtp_err_status_bad_param;
	if (*out_len < in_len)
		return srtp_err_status_buffer_small;
	if (out != in)
		memmove(out, in, in_len);
	len = (int)in_len;
	err = srtp_unprotect(ctx, out, &len);
	if (err == srtp_err_status_ok)
		*out_len = (size_t)len;
	return err;
}

static inline srtp_err_status_t chaperone_srtp3_protect_rtcp(
  srtp_t ctx, const uint8_t* in, size_t in_len, uint8_t* out, size_t* out_len, size_t mki_index)
{
	srtp_err_status_t err;
	int len;

	if (in_len > (size_t)(INT_MAX - SRTP_MAX_TRAILER_LEN - 4))
		return srtp_err_status_bad_param;
	/* srtp_protect_rtcp() appends the 4-byte SRTCP index + MKI + tag. */
	if (*out_len < in_len + SRTP_MAX_TRAILER_LEN)
		return srtp_err_status_buffer_small;
	if (out != in)
		memmove(out, in, in_len);
	len = (int)in_len;
	if (mki_index != 0)
		err = srtp_protect_rtcp_mki(ctx, out, &len, 1, (unsigned int)mki_index);
	else
		err = srtp_protect_rtcp(ctx, out, &len);
	if (err == srtp_err_status_ok)
		*out_len = (size_t)len;
	return err;
}

static inline srtp_err_status_t chaperone_srtp3_unprotect_rtcp(
  srtp_t ctx, const uint8_t* in, size_t in_len, uint8_t* out, size_t* out_len)
{
	srtp_err_status_t err;
	int len;

	if (in_len > (size_t)INT_MAX)
		return srtp_err_status_bad_param;
	if (*out_len < in_len)
		return srtp_err_status_buffer_small;
	if (out != in)
		memmove(out, in, in_len);
	len = (int)in_len;
	err = srtp_unprotect_rtcp(ctx, out, &len);
	if (err == srtp_err_status_ok)
		*out_len = (size_t)len;
	return err;
}

static inline srtp_err_status_t chaperone_srtp3_stream_remove(srtp_t session, uint32_t ssrc)
{
	return srtp_remove_stream(session, ssrc);
}

#define srtp_protect chaperone_srtp3_protect
#define srtp_unprotect chaperone_srtp3_unprotect
#define srtp_protect_rtcp chaperone_srtp3_protect_rtcp
#define srtp_unprotect_rtcp chaperone_srtp3_unprotect_rtcp
#define srtp_stream_remove chaperone_srtp3_stream_remove

#endif /* CHAPERONE_SRTP3_COMPAT_H */
EOF
}

prepare_worker_sources() {
  local stamp_want="$1"
  local stamp="$SRC_ROOT/.prepared"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$stamp_want" && -d "$WORKER_DIR" ]]; then
    log "reusing prepared sources in $SRC_ROOT"
    return 0
  fi
  log "extracting worker sources to $SRC_ROOT"
  rm -rf "$SRC_ROOT"; mkdir -p "$SRC_ROOT"
  tar xzf "$MS_TGZ" -C "$SRC_ROOT" --strip-components=1 package/worker package/package.json

  # Debian bookworm has meson 1.0.1.
  sed -i -E "s/meson_version *: *'>= *1\.[1-9][0-9.]*'/meson_version: '>= 1.0.0'/" "$WORKER_DIR/meson.build"

  # Replace every wrap by a local shim.
  rm -f "$WORKER_DIR"/subprojects/*.wrap
  rm -rf "$WORKER_DIR"/subprojects/packagefiles

  write_shim openssl <<EOF
project('openssl', ['c', 'cpp'], version : '$(basename "$OPENSSL_PREFIX" | sed 's/^openssl-//')')
# Static upstream OpenSSL built by scripts/build-mediasoup-worker.sh.
cc = meson.get_compiler('c')
ssl = cc.find_library('ssl', dirs : ['$OPENSSL_PREFIX/lib'], static : true)
crypto = cc.find_library('crypto', dirs : ['$OPENSSL_PREFIX/lib'], static : true)
openssl_dep = declare_dependency(
  compile_args : ['-I$OPENSSL_PREFIX/include'],
  dependencies : [ssl, crypto, cc.find_library('dl'), dependency('threads')],
)
libssl_dep = openssl_dep
libcrypto_dep = openssl_dep
libssl_lib = static_library('ssl_shim', 'shim_empty.c')
libcrypto_lib = static_library('crypto_shim', 'shim_empty.c')
EOF

  write_shim libuv build_tests build_benchmarks <<'EOF'
project('libuv', ['c', 'cpp'])
libuv_dep = dependency('libuv')
libuv = static_library('uv_shim', 'shim_empty.c')
EOF

  write_shim usrsctp sctp_build_programs sctp_debug sctp_inet sctp_inet6 <<'EOF'
project('usrsctp', ['c', 'cpp'])
usrsctp_dep = dependency('usrsctp')
usrsctp = static_library('usrsctp_shim', 'shim_empty.c')
EOF

  write_shim abseil-cpp <<'EOF'
project('abseil-cpp', ['c', 'cpp'])
absl_container_dep = declare_dependency(dependencies : [
  dependency('absl_flat_hash_map'),
  dependency('absl_flat_hash_set'),
  dependency('absl_btree'),
  dependency('absl_inlined_vector'),
  dependency('absl_memory'),
])
absl_strings_dep = declare_dependency(dependencies : [
  dependency('absl_strings'),
  dependency('absl_str_format'),
])
absl_types_dep = declare_dependency(dependencies : [
  dependency('absl_optional'),
  dependency('absl_variant'),
  dependency('absl_span'),
])
absl_base_dep = declare_dependency(dependencies : [dependency('absl_base')])
absl_container_lib = static_library('absl_container_shim', 'shim_empty.c')
absl_strings_lib = static_library('absl_strings_shim', 'shim_empty.c')
absl_types_lib = static_library('absl_types_shim', 'shim_empty.c')
EOF

  write_shim flatbuffers <<'EOF'
project('flatbuffers', ['c', 'cpp'])
# Debian's libflatbuffers-dev / flatbuffers-compiler 2.0.8: flatc (found by
# worker/fbs/meson.build via find_program) generates matching headers.
flatbuffers_dep = dependency('flatbuffers')
flatbuffers_lib = static_library('flatbuffers_shim', 'shim_empty.c')
EOF

  write_shim catch2 <<'EOF'
project('catch2', ['c', 'cpp'])
# Worker C++ tests are not built offline.
catch2_dep = declare_dependency()
catch2_with_main_dep = declare_dependency()
EOF

  write_shim liburing <<'EOF'
project('liburing', ['c', 'cpp'])
error('liburing is disabled in the offline build (use -Dms_disable_liburing=true)')
EOF

  write_shim libsrtp3 crypto-library crypto-library-kdf tests doc <<EOF
project('libsrtp3', ['c', 'cpp'])
# libsrtp3 API on top of libsrtp2 ($SRTP_DESC); see compat/srtp.h.
$SRTP_MESON_DEP
libsrtp3_dep = declare_dependency(
  include_directories : include_directories('compat'),
  dependencies : [srtp2_dep],
)
libsrtp3 = static_library('srtp3_shim', 'shim_empty.c')
EOF
  write_srtp_compat_header "$WORKER_DIR/subprojects/libsrtp3/compat"

  echo "$stamp_want" > "$stamp"
}

# --------------------------------------------------------------------------
# main
# --------------------------------------------------------------------------
ensure_apt_packages

OPENSSL_PREFIX=""
build_openssl
log "OpenSSL: $OPENSSL_PREFIX"

SRTP_PREFIX=""
if [[ "$SRTP_MODE" == "openssl" ]]; then
  if ! build_libsrtp2_openssl; then
    log "WARNING: building libsrtp2 with OpenSSL failed; falling back to Debian's libsrtp2 (NSS)"
    SRTP_MODE=debian
  fi
fi
if [[ "$SRTP_MODE" == "openssl" ]]; then
  SRTP_DESC="static libsrtp2 built against static OpenSSL: $SRTP_PREFIX"
  SRTP_MESON_DEP="cc = meson.get_compiler('c')
srtp2_lib = cc.find_library('srtp2', dirs : ['$SRTP_PREFIX/lib'], static : true)
crypto_lib = cc.find_library('crypto', dirs : ['$OPENSSL_PREFIX/lib'], static : true)
srtp2_dep = declare_dependency(
  compile_args : ['-I$SRTP_PREFIX/include'],
  dependencies : [srtp2_lib, crypto_lib, cc.find_library('dl'), dependency('threads')],
)"
else
  SRTP_DESC="Debian libsrtp2"
  SRTP_MESON_DEP="srtp2_dep = dependency('libsrtp2')"
fi
log "libsrtp: $SRTP_DESC"

fetch_mediasoup_tarball

SRC_ROOT="$BUILD_ROOT/mediasoup-$MS_VERSION"
WORKER_DIR="$SRC_ROOT/worker"
MESON_BUILD_DIR="$WORKER_DIR/build-offline"
STAMP="$(sha256sum "$SCRIPT_PATH" | cut -c1-16) $MS_VERSION $(basename "$OPENSSL_PREFIX") $SRTP_MODE ${SRTP_PREFIX##*/}"
prepare_worker_sources "$STAMP"

cd "$WORKER_DIR"
if [[ ! -f "$MESON_BUILD_DIR/build.ninja" ]]; then
  rm -rf "$MESON_BUILD_DIR"
  log "meson setup"
  meson setup "$MESON_BUILD_DIR" \
    --wrap-mode=nodownload \
    --buildtype=release \
    -Dms_disable_liburing=true >&2
fi

log "compiling (jobs=$JOBS)"
meson compile -C "$MESON_BUILD_DIR" -j "$JOBS" flatbuffers-generator >&2
meson compile -C "$MESON_BUILD_DIR" -j "$JOBS" mediasoup-worker >&2

BUILT="$MESON_BUILD_DIR/mediasoup-worker"
[[ -x "$BUILT" ]] || die "worker binary was not produced"

# Sanity checks: no unresolved shared libs, OpenSSL linked statically.
if ldd "$BUILT" | grep -q 'not found'; then
  ldd "$BUILT" >&2
  die "worker has unresolved shared library dependencies"
fi
if ldd "$BUILT" | grep -qE 'libssl\.so|libcrypto\.so'; then
  ldd "$BUILT" >&2
  die "worker is linked against a shared libssl/libcrypto (expected static OpenSSL)"
fi

TMP_BIN="$OUT_DIR/.mediasoup-worker.tmp.$$"
cp "$BUILT" "$TMP_BIN"
strip "$TMP_BIN"
chmod 755 "$TMP_BIN"
{
  echo "mediasoup $MS_VERSION worker, built $(date -u +%FT%TZ) by scripts/build-mediasoup-worker.sh"
  echo "openssl: $OPENSSL_PREFIX (static)"
  echo "libsrtp: $SRTP_DESC"
  echo "ldd:"; ldd "$TMP_BIN" | sed 's/^/  /'
} > "$OUT_DIR/BUILD-INFO.txt"
mv -f "$TMP_BIN" "$WORKER_BIN"

log "done in $(( $(date +%s) - START_TS ))s: $WORKER_BIN"
echo "$WORKER_BIN" >&3
