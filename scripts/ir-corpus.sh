#!/usr/bin/env bash
# Renders the IR benchmark corpus from what ships with a Debian machine: the manual pages listed in
# vectorizer-bench/src/main/resources/ir/pages.txt (rendered by man, no hyphenation, no
# justification, 100 columns) and Debian's common licence texts (/usr/share/common-licenses).
#
#   scripts/ir-corpus.sh OUT_DIR      -> OUT_DIR/man/<name>.txt, OUT_DIR/licenses/<name>.txt
set -euo pipefail
out="${1:?usage: scripts/ir-corpus.sh OUT_DIR}"
here="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$out/man" "$out/licenses"
missing=0
for entry in $(grep -v '^#' "$here/vectorizer-bench/src/main/resources/ir/pages.txt"); do
  section=""
  name="$entry"
  if [[ "$entry" == *:* ]]; then
    section="${entry%%:*}"
    name="${entry#*:}"
  fi
  target="$out/man/$name${section:+.$section}.txt"
  if ! MANWIDTH=100 man --nh --nj -P cat ${section:+"$section"} "$name" 2>/dev/null | col -bx >"$target" \
      || [ ! -s "$target" ]; then
    echo "ir-corpus: no manual page for $entry, skipped" >&2
    rm -f "$target"
    missing=$((missing + 1))
  fi
done
for f in /usr/share/common-licenses/*; do
  [ -L "$f" ] && continue # GPL -> GPL-3 and the like: one copy of each text
  cp "$f" "$out/licenses/$(basename "$f").txt"
done
echo "ir-corpus: $(ls "$out/man" | wc -l) manual pages ($missing missing), $(ls "$out/licenses" | wc -l) licences in $out"
