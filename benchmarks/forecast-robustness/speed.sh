#!/usr/bin/env bash
# Speed of Lumen against MSTL+ETS (the fastest R peer of comparable accuracy) in the same run on the same machine:
# for each dataset, three rounds, each running Lumen's backtest and then R's mstl_ets on the same origins, one process at
# a time; the figure is the minimum over the rounds of the mean fit + forecast seconds per origin (the `secs` column of
# the protocol file, data loading excluded). `uptime` is printed before and after each dataset.
#   benchmarks/forecast-robustness/speed.sh [work_dir]        env DATASETS (default: every file in DATA), ORIGINS (all|sub4)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:-/tmp/lumen-speed}
data=${DATA:-$root/../shared/data/load}
origins=${ORIGINS:-all}
peers_dir=$root/../shared/forecast-peers
mkdir -p "$work"
dotnet build "$root/src/Host" -c Release -v q -nologo >/dev/null
per_origin() { Rscript -e 'x <- read.csv(commandArgs(TRUE)[1]); cat(sprintf("%.4f", mean(x$secs[x$step == 1])))' "$1"; }
echo "| dataset | origins | Lumen s/origin (min of 3) | MSTL+ETS s/origin (min of 3) | ratio | uptime load before / after |"
echo "|---|---|---|---|---|---|"
for ds in ${DATASETS:-$(cd "$data" && ls *.csv | sed 's/\.csv$//')}; do
  before=$(uptime | sed 's/.*load average: //')
  lumen=(); peer=()
  for round in 1 2 3; do
    dotnet "$root/src/Host/bin/Release/net10.0/lumen.dll" forecast backtest --data "$data/$ds.csv" --method lumen --origins "$origins" \
      --out-dir "$work/lumen$round" --format json >/dev/null
    lumen+=("$(per_origin "$work/lumen$round/full/${ds}__lumen.csv")")
    OMP_NUM_THREADS=1 Rscript "$peers_dir/run_method.R" "$data/$ds.csv" mstl_ets "$work/r$round/${ds}__mstl_ets.csv" "$origins" >/dev/null
    peer+=("$(per_origin "$work/r$round/${ds}__mstl_ets.csv")")
  done
  after=$(uptime | sed 's/.*load average: //')
  l=$(printf '%s\n' "${lumen[@]}" | sort -g | head -1); p=$(printf '%s\n' "${peer[@]}" | sort -g | head -1)
  echo "| $ds | $origins | $l (${lumen[*]}) | $p (${peer[*]}) | $(awk -v a="$p" -v b="$l" 'BEGIN { printf "%.1f", a / b }')× | $before / $after |"
done
