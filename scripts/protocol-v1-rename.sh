#!/usr/bin/env bash
# Protocol 1.0, the mechanical half: the schema package crossbar.v0 becomes crossbar.v1.
#
#   protocol/src/main/proto/crossbar/v0/   -> crossbar/v1/          (git mv)
#   package crossbar.v0, import "crossbar/v0/..."                   (.proto files)
#   org.crossbarhil.protocol.v0, protocol.v0                        (java_package, every Java import, comments)
#   crossbar_v0_*                                                   (nanopb names in firmware/)
#   crossbar.v0 / crossbar\.v0 / "crossbar", "v0"                   (python/, docs, golden .txt)
#
# Run it from anywhere in the checkout, after every branch that imports the v0 package is merged;
# then build and test everything (./mvnw -B -o verify, bash firmware/ci.sh, python tests). It is
# idempotent: a second run changes nothing and passes its check. It prints every file it changed,
# and fails if a tracked file still names v0 afterwards. Lines that say "formerly" are history
# notes (docs/protocol.md section 12 tells that 1.0 renamed the package) and are left alone, by
# the rewrite and by the check.
set -euo pipefail
cd "$(git rev-parse --show-toplevel)"
SELF=scripts/protocol-v1-rename.sh

OLD_DIR=protocol/src/main/proto/crossbar/v0
NEW_DIR=protocol/src/main/proto/crossbar/v1

# Every spelling of the old package; each has its v1 twin in REWRITE below. The dot in
# crossbar.v0 is literal: crossbar[./_]v0 also covers crossbar/v0 and crossbar_v0_.
PATTERN='crossbar[./_]v0|crossbar\\\.v0|protocol\.v0|"crossbar", "v0"'
REWRITE='/formerly/!{
s#crossbar\([./_]\)v0#crossbar\1v1#g
s#crossbar\\\.v0#crossbar\\.v1#g
s#protocol\.v0#protocol.v1#g
s#"crossbar", "v0"#"crossbar", "v1"#g
}'

if [ -d "$OLD_DIR" ]; then
  if [ -d "$NEW_DIR" ]; then
    echo "protocol-v1-rename: both $OLD_DIR and $NEW_DIR exist: merge them by hand first" >&2
    exit 1
  fi
  git mv "$OLD_DIR" "$NEW_DIR"
  echo "moved    $OLD_DIR -> $NEW_DIR"
fi

changed=0
while IFS= read -r -d '' f; do
  [ "$f" = "$SELF" ] && continue
  [ -f "$f" ] || continue
  before=$(git hash-object "$f")
  sed -i "$REWRITE" "$f"
  if [ "$(git hash-object "$f")" != "$before" ]; then
    echo "rewrote  $f"
    changed=$((changed + 1))
  fi
done < <(git grep -l -z -E "$PATTERN" -- . ":!$SELF" || true)
echo "protocol-v1-rename: $changed file(s) rewritten"

# Generated code of the old package left in build directories would still compile or import:
# remove it so that the next build regenerates everything from crossbar/v1.
for stale in firmware/build/gen firmware/build/gen-mcu firmware/build/pb.a; do
  [ -e "$stale" ] && rm -rf "$stale" && echo "removed  $stale (generated from v0)"
done
while IFS= read -r -d '' d; do
  rm -rf "$d" && echo "removed  $d (generated from v0)"
done < <(find . -path ./.git -prune -o -type d -path '*/target/generated-sources/protobuf' -print0)

# The check: nothing tracked may still name the v0 package, except history notes.
left=$(git grep -n -E "$PATTERN" -- . ":!$SELF" | grep -v formerly || true)
if [ -n "$left" ]; then
  echo "protocol-v1-rename: FAILED: these lines still name the v0 package:" >&2
  echo "$left" >&2
  exit 1
fi
if [ -e "$OLD_DIR" ]; then
  echo "protocol-v1-rename: FAILED: $OLD_DIR still exists" >&2
  exit 1
fi
echo "protocol-v1-rename: done; nothing names crossbar.v0 any more (history notes aside). Now build and test everything."
