#!/usr/bin/env bash
# Lumen's interval coverage on other days than table A's (issue #14): each shared dataset with its last N days removed
# has origins nd − N − 13k, none of them a table-A origin when N is not a multiple of 13. Runs `lumen forecast backtest
# --ablate all` on the truncated copies and prints the mean 80 / 95 % coverage per set and per regime (with temperature:
# full, h12w; without: notemp, notemp-h12w), the cells within ±3 points and the mean absolute miss from nominal.
#   benchmarks/forecast-robustness/held_out.sh [work_dir]      env SHIFTS (default "3 6"), DATA (default ../shared/data/load)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
work=${1:-/tmp/lumen-held-out}
data=${DATA:-$root/../shared/data/load}
dotnet build "$root/src/Host" -c Release -v q -nologo >/dev/null
for n in ${SHIFTS:-3 6}; do
  mkdir -p "$work/shift$n"
  python3 - "$data" "$work/shift$n" "$n" <<'PY'
import glob, os, sys
# drop the rows of the last n calendar days (a timestamp's first 10 characters are its date)
for f in sorted(glob.glob(os.path.join(sys.argv[1], '*.csv'))):
    lines = open(f).read().splitlines()
    drop = set(sorted({l[:10] for l in lines[1:]})[-int(sys.argv[3]):])
    open(os.path.join(sys.argv[2], os.path.basename(f)), 'w').write('\n'.join([lines[0]] + [l for l in lines[1:] if l[:10] not in drop]) + '\n')
PY
  dotnet "$root/src/Host/bin/Release/net10.0/lumen.dll" forecast backtest --data "$work/shift$n" --method lumen --ablate all \
    --format json > "$work/shift$n.json"
  python3 - "$work/shift$n.json" "$n" <<'PY'
import json, sys
d = json.load(open(sys.argv[1])); agg = {}; cells = ok = 0; miss = []
for s in d['sets']:
    for r in s['all']:
        if r['method'] != 'lumen':
            continue
        a, b = r['coverage80_percent'], r['coverage95_percent']
        for k in (s['set'], 'with temperature' if s['set'] in ('full', 'h12w') else 'without temperature'):
            agg.setdefault(k, []).append((a, b))
        cells += 1; ok += abs(a - 80) <= 3 and abs(b - 95) <= 3; miss += [abs(a - 80), abs(b - 95)]
print(f"last {sys.argv[2]} days removed: " + '; '.join(f"{k} {sum(x[0] for x in v) / len(v):.1f} / {sum(x[1] for x in v) / len(v):.1f}" for k, v in agg.items()))
print(f"  within ±3 at both levels: {ok} of {cells} cells; mean absolute miss {sum(miss) / len(miss):.2f} points (80 %: {sum(miss[0::2]) / cells:.2f}, 95 %: {sum(miss[1::2]) / cells:.2f})")
PY
done
