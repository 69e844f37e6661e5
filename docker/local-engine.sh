#!/usr/bin/env bash
# Makes Docker usable on a machine with no registry access, for CI and for the container tests.
#
#   docker/local-engine.sh engine   install docker.io if missing (Debian, as root) and start dockerd
#   docker/local-engine.sh images   create, only when missing, the local images the build needs:
#                                     crossbar/jre-base:17  a jlinked Java 17 runtime + busybox, made
#                                                           from this machine's JDK (docker import)
#                                     alpine:3.17           a busybox stand-in: Testcontainers runs its
#                                                           internal checks in that image
#   docker/local-engine.sh all      both (what .ci/run calls)
#
# Nothing is pulled from a registry. Idempotent: a second run changes nothing. docs/containers.md
# explains the why.
set -euo pipefail

BASE_IMAGE="${CROSSBAR_BASE_IMAGE:-crossbar/jre-base:17}"
# Bumped whenever make_base changes what goes into the image: an image of an older recipe is remade.
BASE_RECIPE=3
RECIPE_LABEL="org.crossbarhil.base-recipe"
ALPINE_IMAGE="alpine:3.17"
JAVA_MODULES="java.base,java.logging,java.management,java.naming,java.sql,java.xml,java.desktop,jdk.crypto.ec,jdk.unsupported,jdk.zipfs,jdk.jfr,java.net.http,java.scripting,jdk.management"

log() { echo "local-engine: $*" >&2; }

engine_up() { docker info >/dev/null 2>&1; }

start_engine() {
  if engine_up; then
    log "Docker engine already reachable"
    return 0
  fi
  if ! command -v dockerd >/dev/null 2>&1; then
    if [ "$(id -u)" != 0 ]; then
      log "no Docker engine and not root: cannot install docker.io"
      return 1
    fi
    log "installing docker.io"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq docker.io >/dev/null
  fi
  if [ "$(id -u)" != 0 ]; then
    log "dockerd is installed but not running, and starting it needs root"
    return 1
  fi
  log "starting dockerd (log: /tmp/crossbar-dockerd.log)"
  nohup dockerd >/tmp/crossbar-dockerd.log 2>&1 &
  for _ in $(seq 1 60); do
    engine_up && { log "Docker engine up"; return 0; }
    sleep 1
  done
  log "dockerd did not come up within 60 s; see /tmp/crossbar-dockerd.log"
  tail -20 /tmp/crossbar-dockerd.log >&2 || true
  return 1
}

have_image() { docker image inspect "$1" >/dev/null 2>&1; }

busybox_binary() {
  local bb
  for bb in /bin/busybox /usr/bin/busybox; do
    if [ -x "$bb" ] && ! ldd "$bb" >/dev/null 2>&1; then
      echo "$bb"
      return 0
    fi
  done
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq busybox-static >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq busybox-static >/dev/null; }
    echo /bin/busybox
    return 0
  fi
  log "need a statically linked busybox (Debian: busybox-static)"
  return 1
}

# A root filesystem with busybox as /bin/sh and its applets, a passwd entry for the unprivileged
# user 10001 that the product image runs as, and /tmp.
busybox_rootfs() {
  local root="$1" bb
  bb="$(busybox_binary)"
  mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/home/crossbar"
  chmod 1777 "$root/tmp"
  cp "$bb" "$root/bin/busybox"
  for applet in $("$root/bin/busybox" --list); do
    [ -e "$root/bin/$applet" ] || ln -s busybox "$root/bin/$applet"
  done
  printf 'root:x:0:0:root:/root:/bin/sh\ncrossbar:x:10001:10001:crossbar:/home/crossbar:/bin/sh\n' >"$root/etc/passwd"
  printf 'root:x:0:\ncrossbar:x:10001:\n' >"$root/etc/group"
  chown 10001:10001 "$root/home/crossbar" 2>/dev/null || true
}

make_alpine() {
  have_image "$ALPINE_IMAGE" && { log "$ALPINE_IMAGE present"; return 0; }
  local work
  work="$(mktemp -d)"
  busybox_rootfs "$work/root"
  tar -C "$work/root" -c . | docker import --change 'CMD ["/bin/sh"]' - "$ALPINE_IMAGE" >/dev/null
  rm -rf "$work"
  log "created $ALPINE_IMAGE (busybox stand-in)"
}

# The jlinked runtime needs the C library and friends of this machine: copy every shared library
# that ldd names for the runtime's binaries, plus the dynamic loader.
copy_libs() {
  local root="$1" file lib
  find "$root/opt/java" -type f \( -name '*.so' -o -path '*/bin/*' \) | while read -r file; do
    ldd "$file" 2>/dev/null | awk '/=> \// {print $3} /^\s*\/lib/ {print $1}'
  done | sort -u | while read -r lib; do
    [ -e "$lib" ] || continue
    mkdir -p "$root$(dirname "$lib")"
    cp -L "$lib" "$root$lib"
  done
  for lib in /lib64/ld-linux-x86-64.so.2 /lib/ld-linux-aarch64.so.1; do
    [ -e "$lib" ] && { mkdir -p "$root$(dirname "$lib")"; cp -L "$lib" "$root$lib"; }
  done
  # Native libraries unpacked from the jar at run time (sqlite-jdbc for the run database,
  # jSerialComm) link against these, which the runtime itself may not need: since glibc 2.34
  # libpthread, libdl and librt are stubs nothing in the JDK names, but older .so files still do.
  local libc_dir
  libc_dir="$(ldd "$root/opt/java/bin/java" 2>/dev/null | awk '/libc\.so\.6 => \// {print $3}' | xargs -r dirname)"
  if [ -n "$libc_dir" ]; then
    for lib in libpthread.so.0 libdl.so.2 librt.so.1 libm.so.6 libgcc_s.so.1 libz.so.1; do
      [ -e "$libc_dir/$lib" ] && { mkdir -p "$root$libc_dir"; cp -L "$libc_dir/$lib" "$root$libc_dir/$lib"; }
    done
  fi
  return 0
}

# An image this script made: labelled with an older recipe number, or (recipe 1, before the label)
# a single imported layer whose command is `java -version`. Anything else belongs to someone else.
made_here() {
  local image="$1" recipe="$2"
  case "$recipe" in
    [0-9]*) return 0 ;;
    ''|'<no value>') ;;
    *) return 1 ;;
  esac
  [ "$(docker image inspect --format '{{json .Config.Cmd}}' "$image")" = '["java","-version"]' ] &&
    [ "$(docker image inspect --format '{{len .RootFS.Layers}}' "$image")" = 1 ]
}

base_recipe() { docker image inspect --format "{{ index .Config.Labels \"$RECIPE_LABEL\" }}" "$1" 2>/dev/null; }

make_base() {
  local old_id=""
  if have_image "$BASE_IMAGE"; then
    local recipe
    recipe="$(base_recipe "$BASE_IMAGE")"
    if [ "$recipe" = "$BASE_RECIPE" ]; then
      log "$BASE_IMAGE present"
      return 0
    fi
    if ! made_here "$BASE_IMAGE" "$recipe"; then
      log "$BASE_IMAGE present (not made by this script: left alone)"
      return 0
    fi
    log "$BASE_IMAGE was made by an older recipe (${recipe:-1}); remaking it with recipe $BASE_RECIPE"
    old_id="$(docker image inspect --format '{{.Id}}' "$BASE_IMAGE")"
  fi
  local work jdk
  jdk="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}"
  work="$(mktemp -d)"
  busybox_rootfs "$work/root"
  mkdir -p "$work/root/opt"
  "$jdk/bin/jlink" --add-modules "$JAVA_MODULES" --strip-debug --no-header-files --no-man-pages \
    --output "$work/root/opt/java"
  copy_libs "$work/root"
  # glibc's C.UTF-8 locale, so that LANG=C.UTF-8 gives Java a UTF-8 default charset (units like µs)
  if [ -d /usr/lib/locale/C.utf8 ]; then
    mkdir -p "$work/root/usr/lib/locale"
    cp -r /usr/lib/locale/C.utf8 "$work/root/usr/lib/locale/"
  fi
  tar -C "$work/root" -c . | docker import \
    --change 'ENV PATH=/opt/java/bin:/bin' \
    --change 'ENV JAVA_HOME=/opt/java' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["java", "-version"]' \
    --change "LABEL $RECIPE_LABEL=$BASE_RECIPE" \
    - "$BASE_IMAGE" >/dev/null
  rm -rf "$work"
  docker run --rm "$BASE_IMAGE" java -version >/dev/null 2>&1 || { log "$BASE_IMAGE does not run java"; return 1; }
  # The old one, now untagged; still in use by an image built on it, it stays (and rm says so quietly).
  [ -n "$old_id" ] && docker image rm "$old_id" >/dev/null 2>&1 || true
  log "created $BASE_IMAGE from $jdk"
}

case "${1:-all}" in
  engine) start_engine ;;
  images) engine_up || { log "no Docker engine reachable"; exit 1; }; make_alpine; make_base ;;
  all) start_engine; make_alpine; make_base ;;
  *) echo "usage: $0 engine|images|all" >&2; exit 2 ;;
esac
