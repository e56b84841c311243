#!/usr/bin/env bash
# Regenerates the measured sections of docs/benchmarks.md on this machine, side by side in one
# run per table. Usage: scripts/benchmarks.sh [quick]
#   Needs a JDK 21+ (JAVA_HOME) and the shared data set for the real-embedding tables
#   (../shared/datasets/debian-minilm-10k, or DATASET=dir); synthetic tables are generated.
# "quick" is the CI smoke run: tiny data, seconds, proves the harness still works.
set -euo pipefail
cd "$(dirname "$0")/.."
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
OUT="${OUT:-target/benchmarks}"
mkdir -p "$OUT"
[ -f vectorizer-bench/target/vectorizer-bench.jar ] \
  || mvn -B -q -pl vectorizer-bench -am package -DskipTests -Dspotless.check.skip=true
BENCH=("$JAVA" --add-modules jdk.incubator.vector -Xmx8g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -jar vectorizer-bench/target/vectorizer-bench.jar)

if [ "${1:-}" = "quick" ]; then
  "${BENCH[@]}" gen --n 2000 --dim 32 --out "$OUT/tiny.fvecs" --queries 50 --query-out "$OUT/tiny-q.fvecs"
  "${BENCH[@]}" ann --base "$OUT/tiny.fvecs" --query "$OUT/tiny-q.fvecs" --k 10 --metric euclidean \
    --beams 10,40 --repeat 1 --out "$OUT/tiny.json" --plot "$OUT/tiny.svg"
  grep -q '"qps_at_recall"' "$OUT/tiny.json"
  echo "benchmark smoke run: ok"
  exit 0
fi

DATASET="${DATASET:-../shared/datasets/debian-minilm-10k}"
{
  echo "### Machine"
  echo
  echo "- $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; $("$JAVA" -version 2>&1 | head -1)"
  echo "- run on $(date -u +%Y-%m-%d) by scripts/benchmarks.sh"
  echo
  if [ -f "$DATASET/base.fvecs" ]; then
    echo "### ANN: real sentence embeddings (10k x 384, all-MiniLM-L6-v2, cosine, 200 queries)"
    echo
    "${BENCH[@]}" ann --base "$DATASET/base.fvecs" --query "$DATASET/query.fvecs" \
      --gt "$DATASET/groundtruth.ivecs" --k 10 --metric cosine \
      --out "$OUT/ann-minilm.json" --plot docs/ann-minilm.svg --markdown "$OUT/ann-minilm.md" \
      > "$OUT/ann-minilm.log" 2>&1
    cat "$OUT/ann-minilm.md"
    echo
    echo "![recall vs QPS](ann-minilm.svg)"
    echo
  fi
  echo "### ANN: synthetic clustered (100k x 128, euclidean, 1000 queries)"
  echo
  "${BENCH[@]}" gen --n 100000 --dim 128 --out "$OUT/syn.fvecs" --queries 1000 --query-out "$OUT/syn-q.fvecs"
  "${BENCH[@]}" ann --base "$OUT/syn.fvecs" --query "$OUT/syn-q.fvecs" --k 10 --metric euclidean \
    --out "$OUT/ann-syn.json" --plot docs/ann-synthetic.svg --markdown "$OUT/ann-syn.md" \
    > "$OUT/ann-syn.log" 2>&1
  cat "$OUT/ann-syn.md"
  echo
  echo "### Ingest (100k x 128 clustered, batches of 1000)"
  echo
  echo '```'
  "${BENCH[@]}" ingest --n 100000 --dim 128 2>&1 | grep -v -e WARNING -e INFO -e '^Nov'
  echo '```'
  echo
  echo "### Kernels (JMH, ops/us, higher is better)"
  echo
  echo '```'
  "${BENCH[@]}" jmh KernelBenchmark -rf json -rff "$OUT/kernels.json" 2>&1 \
    | sed -n '/^Benchmark/,$p'
  echo '```'
} > "$OUT/measured.md"
echo "wrote $OUT/measured.md; paste it under 'Measured' in docs/benchmarks.md"
