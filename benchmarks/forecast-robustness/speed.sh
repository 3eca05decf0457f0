#!/usr/bin/env bash
# Speed of Lumen against MSTL+ETS (the fastest R peer of comparable accuracy) in the same run on the same machine:
# for each dataset, three rounds, each running Lumen's backtest and then R's mstl_ets on the same origins, one process at
# a time. Wall: the minimum over the rounds of the mean fit + forecast seconds per origin (the `secs` column of the
# protocol file, data loading excluded; Lumen's after its untimed JIT warm-up). CPU: Lumen's process CPU time over the
# timed forecasts (`cpu_seconds_per_origin` of its JSON); R's is the whole Rscript process (`/usr/bin/time`: start-up,
# package loading and data reading included, so an upper bound) divided by the origins. `uptime` before and after each
# dataset. SET times one information set of issue #14 the same way (default full; notemp, h12w or notemp-h12w): Lumen
# runs with `--ablate SET --sets-out`, which also writes the set's files, and R's mstl_ets reads those files (the 12-week sets with
# peers_windowed.R, one file per origin, all 28 origins; ORIGINS=sub4 only for full and notemp).
#   benchmarks/forecast-robustness/speed.sh [work_dir]        env DATASETS (default: every file in DATA), ORIGINS (all|sub4), SET,
#   ROUNDS (default 3)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:-/tmp/lumen-speed}
data=${DATA:-$root/../shared/data/load}
origins=${ORIGINS:-all}
set=${SET:-full}
[[ $set == full || $set == notemp || $origins == all ]] || { echo "ORIGINS=$origins needs SET=full or notemp" >&2; exit 2; }
peers_dir=$root/../shared/forecast-peers
sets_out=(); [[ $set == full ]] || sets_out=(--sets-out "$work/sets")
mkdir -p "$work"
dotnet build "$root/src/Host" -c Release -v q -nologo >/dev/null
per_origin() { Rscript -e 'x <- read.csv(commandArgs(TRUE)[1]); cat(sprintf("%.4f", mean(x$secs[x$step == 1])))' "$1"; }
lumen_cpu() { python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print("%.4f" % [r for s in d["sets"] for r in s["all"] if r["method"] == "lumen"][0]["cpu_seconds_per_origin"])' "$1"; }
r_cpu() { awk -v n="$2" '{ printf "%.4f", ($1 + $2) / n }' "$1"; }
min() { printf '%s\n' "$@" | sort -g | head -1; }
echo "set $set"
echo "| dataset | origins | Lumen wall s/origin (min of rounds) | Lumen CPU s/origin | MSTL+ETS wall s/origin (min of rounds) | R process CPU s/origin (incl. start-up) | wall ratio | CPU ratio | uptime load before / after |"
echo "|---|---|---|---|---|---|---|---|---|"
for ds in ${DATASETS:-$(cd "$data" && ls *.csv | sed 's/\.csv$//')}; do
  before=$(uptime | sed 's/.*load average: //')
  lumen=(); lcpu=(); peer=(); pcpu=()
  for round in $(seq "${ROUNDS:-3}"); do
    dotnet "$root/src/Host/bin/Release/net10.0/lumen.dll" forecast backtest --data "$data/$ds.csv" --method lumen --origins "$origins" \
      --ablate "$set" "${sets_out[@]}" --out-dir "$work/lumen$round" --format json > "$work/lumen$round.json"
    lumen+=("$(per_origin "$work/lumen$round/$set/${ds}__lumen.csv")")
    lcpu+=("$(lumen_cpu "$work/lumen$round.json")")
    mkdir -p "$work/r$round"
    if [[ -d "$work/sets/$set/$ds" ]]; then
      r_run=("$here/peers_windowed.R" "$peers_dir" "$work/sets/$set/$ds" mstl_ets "$work/r$round/${ds}__mstl_ets.csv")
    else
      input=$data/$ds.csv
      [[ $set == full ]] || input=$work/sets/$set/$ds.csv
      r_run=("$peers_dir/run_method.R" "$input" mstl_ets "$work/r$round/${ds}__mstl_ets.csv" "$origins")
    fi
    OMP_NUM_THREADS=1 /usr/bin/time -f "%U %S" -o "$work/r$round/$ds.time" Rscript "${r_run[@]}" >/dev/null
    peer+=("$(per_origin "$work/r$round/${ds}__mstl_ets.csv")")
    n=$(Rscript -e 'x <- read.csv(commandArgs(TRUE)[1]); cat(sum(x$step == 1))' "$work/r$round/${ds}__mstl_ets.csv")
    pcpu+=("$(r_cpu "$work/r$round/$ds.time" "$n")")
  done
  after=$(uptime | sed 's/.*load average: //')
  l=$(min "${lumen[@]}"); p=$(min "${peer[@]}"); lc=$(min "${lcpu[@]}"); pc=$(min "${pcpu[@]}")
  echo "| $ds | $origins | $l (${lumen[*]}) | $lc | $p (${peer[*]}) | $pc | $(awk -v a="$p" -v b="$l" 'BEGIN { printf "%.1f", a / b }')× | $(awk -v a="$pc" -v b="$lc" 'BEGIN { printf "%.1f", a / b }')× | $before / $after |"
done
