#!/usr/bin/env bash
# The robustness comparison of issue #14 in one command: builds the sets from the shared datasets, runs Lumen and the
# R peers on them (same origins, same information), scores every forecast with the peers' evaluate.R and prints the
# tables of src/Forecast/README.md.
#   benchmarks/forecast-robustness/run.sh [work_dir]      (default /tmp/lumen-robustness)
# env PEERS (default "snaive ets mstl_ets vanilla_lm"), SETS (default "full notemp h12w notemp-h12w"),
#     DATA (default ../shared/data/load).
# R peer outputs are cached in <work_dir>/peers/<set>/ (delete a file to re-run it); they are never committed.
# snaive, ets and mstl_ets read only the last 56 days of load: their input is the same in all four sets, so they run on
# the full set and are copied to the others unless ALL_RUNS=1 (then they run on every set; the files are identical).
# vanilla_lm on the full-history sets (1095 days of hourly lm, 1.5 s/origin on an idle machine, 40 s under load) comes
# from Lumen's C# implementation of the same peer unless VANILLA_R=1; its forecasts equal R's (README: largest
# difference 1e-4 MW in the mean, 0.3 MW in an interval bound). On the 12-week sets R's vanilla_lm always runs.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:-/tmp/lumen-robustness}
data=${DATA:-$root/../shared/data/load}
peers_dir=$root/../shared/forecast-peers
sets=(${SETS:-full notemp h12w notemp-h12w})
peers=(${PEERS:-snaive ets mstl_ets vanilla_lm})
mkdir -p "$work"
command -v Rscript >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq r-base-core r-cran-forecast >/dev/null; }

dotnet build "$root/src/Host" -c Release -v q -nologo >/dev/null
lumen() { dotnet "$root/src/Host/bin/Release/net10.0/lumen.dll" "$@"; }
uptime | tee "$work/uptime-lumen.txt"
lumen forecast backtest --data "$data" --method lumen,vanilla_lm --ablate "$(IFS=,; echo "${sets[*]}")" \
  --sets-out "$work/sets" --out-dir "$work/lumen" --format json > "$work/lumen.json"

for set in "${sets[@]}"; do
  rm -rf "$work/forecasts/$set"
  mkdir -p "$work/peers/$set" "$work/forecasts/$set"
  cp "$work/lumen/$set/"*__lumen.csv "$work/forecasts/$set/"
  for m in "${peers[@]}"; do
    for f in "$data"/*.csv; do
      ds=$(basename "$f" .csv)
      out="$work/peers/$set/${ds}__${m}.csv"
      if [[ $m == vanilla_lm && ! -d "$work/sets/$set/$ds" && ${VANILLA_R:-0} != 1 ]]; then
        out="$work/lumen/$set/${ds}__vanilla_lm.csv"
      elif [[ ! -s $out ]]; then
        if [[ $set != full && ${ALL_RUNS:-0} != 1 && $m =~ ^(snaive|ets|mstl_ets)$ && -s "$work/peers/full/${ds}__${m}.csv" ]]; then
          cp "$work/peers/full/${ds}__${m}.csv" "$out"
        elif [[ -d "$work/sets/$set/$ds" ]]; then
          nice -n 10 Rscript "$here/peers_windowed.R" "$peers_dir" "$work/sets/$set/$ds" "$m" "$out.tmp" && mv "$out.tmp" "$out"
        else
          nice -n 10 Rscript "$peers_dir/run_method.R" "$work/sets/$set/$ds.csv" "$m" "$out.tmp" all | tail -n 1 && mv "$out.tmp" "$out"
        fi
      fi
      cp "$out" "$work/forecasts/$set/"
    done
  done
  Rscript "$peers_dir/evaluate.R" "$work/forecasts/$set" "$work/scores-$set.csv" > "$work/tables-$set.md"
done
Rscript "$here/table.R" "$work" "${sets[@]}" | tee "$work/robustness.md"
