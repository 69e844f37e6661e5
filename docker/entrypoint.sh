#!/bin/sh
# Container entry point. First argument picks the mode; the rest are passed on.
#   sim      a simulated board served over TCP on $CROSSBAR_LISTEN
#   gateway  crossbar serve: shares the board at $CROSSBAR_BOARD on $CROSSBAR_LISTEN
#   crossbar any other crossbar subcommand, e.g. `crossbar train --board tcp://gateway:7700`
set -eu
jar=/opt/crossbar/crossbar.jar
mode="${1:-sim}"
[ $# -gt 0 ] && shift

# shellcheck disable=SC2086 # JAVA_OPTS is a list of words
case "$mode" in
  sim)
    set -- --listen "$CROSSBAR_LISTEN" --profile "$CROSSBAR_PROFILE" --seed "$CROSSBAR_SEED" "$@"
    for kv in $CROSSBAR_SIM_SET; do set -- "$@" --set "$kv"; done
    exec java $JAVA_OPTS -jar "$jar" sim "$@"
    ;;
  gateway)
    [ -n "$CROSSBAR_BOARD" ] || { echo "entrypoint: gateway needs CROSSBAR_BOARD (e.g. tcp://board:7700)" >&2; exit 2; }
    set -- --board "$CROSSBAR_BOARD" --listen "$CROSSBAR_LISTEN" --max-clients "$CROSSBAR_MAX_CLIENTS" "$@"
    [ -n "$CROSSBAR_TOKEN_FILE" ] && set -- "$@" --token-file "$CROSSBAR_TOKEN_FILE"
    [ -n "$CROSSBAR_AUDIT_LOG" ] && set -- "$@" --audit-log "$CROSSBAR_AUDIT_LOG"
    exec java $JAVA_OPTS -jar "$jar" serve "$@"
    ;;
  crossbar)
    exec java $JAVA_OPTS -jar "$jar" "$@"
    ;;
  *)
    echo "entrypoint: unknown mode '$mode' (expected: sim, gateway, crossbar)" >&2
    exit 2
    ;;
esac
