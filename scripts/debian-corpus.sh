#!/usr/bin/env bash
# Collects real English text from this Debian machine into DIR, for `vectorizer-bench embed`:
# man pages of sections 5, 7 and 8 and every third page of section 1, rendered with `man`;
# the packages' changelogs (gunzipped) and copyright files from /usr/share/doc; the licences in
# /usr/share/common-licenses. Usage: scripts/debian-corpus.sh DIR   (about 5-10 minutes on 2 cores)
# The text depends on the packages installed; docs/benchmarks.md records what one run produced.
set -euo pipefail
DIR="${1:?usage: scripts/debian-corpus.sh DIR}"
mkdir -p "$DIR/man" "$DIR/changelog" "$DIR/copyright" "$DIR/licenses"

render() { # one man page file -> DIR/man/NAME.txt
  local f="$1" out
  out="$DIR/man/$(basename "$f" .gz).txt"
  MANWIDTH=100 man -l "$f" 2>/dev/null | col -bx > "$out" || rm -f "$out"
}
export -f render
export DIR
{
  for s in 5 7 8; do find /usr/share/man/man$s -type f 2>/dev/null; done
  find /usr/share/man/man1 -type f 2>/dev/null | sort | awk 'NR % 3 == 1'
} | sort | xargs -P "$(nproc)" -I{} bash -c 'render "$@"' _ {}

find /usr/share/doc -name 'changelog*.gz' | sort | while read -r f; do
  pkg=$(basename "$(dirname "$f")")
  zcat "$f" > "$DIR/changelog/$pkg-$(basename "$f" .gz).txt" 2>/dev/null || true
done
find /usr/share/doc -name copyright | sort | while read -r f; do
  cp "$f" "$DIR/copyright/$(basename "$(dirname "$f")").txt"
done
cp /usr/share/common-licenses/* "$DIR/licenses/" 2>/dev/null || true
echo "corpus in $DIR: $(find "$DIR" -type f | wc -l) files, $(du -sh "$DIR" | cut -f1)"
