#!/bin/sh
# Healthy when the board (or gateway) on this container answers a handshake and Info.
set -eu
port="${CROSSBAR_LISTEN##*:}"
if [ -n "${CROSSBAR_TOKEN_FILE:-}" ] && [ -r "$CROSSBAR_TOKEN_FILE" ]; then
  CROSSBAR_TOKEN="$(cat "$CROSSBAR_TOKEN_FILE")"
  export CROSSBAR_TOKEN
fi
exec java -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar /opt/crossbar/crossbar.jar info "tcp://127.0.0.1:$port" --timeout 3 >/dev/null
