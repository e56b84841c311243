#!/usr/bin/env bash
# Self time by method of one thread in a JFR recording: the share of execution samples whose top
# frame is each method. Usage: scripts/jfr-hot.sh RECORDING.jfr [THREAD=main] [ROWS=25]
# (the ANN harness runs single-threaded queries on "main"; builds run on other threads).
set -euo pipefail
JFR="${JAVA_HOME:+$JAVA_HOME/bin/}jfr"
"$JFR" print --events jdk.ExecutionSample --stack-depth 1 "$1" | awk -v want="${2:-main}" '
  /sampledThread = / { split($0, q, "\""); thread = q[2] }
  /stackTrace = \[/ { getline; if (thread == want) { sub(/^[ \t]+/, ""); sub(/[ \t]+line:.*/, "");
    n[$0]++; total++ } }
  END { for (m in n) printf "%6.1f%%  %s\n", 100 * n[m] / total, m; printf "%6d samples\n", total }
' | sort -rn | head -"${3:-25}"
