#!/usr/bin/env python3
"""How many (set, dataset) cells would an exactly calibrated forecaster put within ±3 points of 80 and 95 % coverage?

Reads Lumen's protocol forecasts of a run.sh work folder (<work>/forecasts/<set>/<dataset>__lumen.csv), takes each
cell's per-day coverage at 80 and 95 % (a day's hours share its weather, so the day is the sampling unit), shifts it so
that the cell's mean is exactly nominal (same day-to-day spread, same correlation between the two levels) and
resamples the days with replacement. Per cell: P(within ±3 at both levels) as (a) the product of two independent normal
approximations, (b) a bivariate normal with the days' correlation, (c) the bootstrap. For the count over all cells the
days are resampled jointly across cells that share their origin dates (every set of a dataset, and the ISO-NE zones).
  benchmarks/forecast-robustness/coverage_by_chance.py /tmp/lumen-robustness [replicates]
"""
import csv, glob, math, os, random, statistics as st, sys

work = sys.argv[1] if len(sys.argv) > 1 else '/tmp/lumen-robustness'
R = int(sys.argv[2]) if len(sys.argv) > 2 else 4000
random.seed(1)
phi = lambda x: 0.5 * (1 + math.erf(x / math.sqrt(2)))
cells = []
for f in sorted(glob.glob(os.path.join(work, 'forecasts', '*', '*__lumen.csv'))):
    days = {}
    for r in csv.DictReader(open(f)):
        a = float(r['actual']); d = days.setdefault(r['origin'], [0, 0, 0])
        d[0] += 1; d[1] += float(r['lo80']) <= a <= float(r['hi80']); d[2] += float(r['lo95']) <= a <= float(r['hi95'])
    keys = sorted(days)
    c80 = [100 * days[k][1] / days[k][0] for k in keys]; c95 = [100 * days[k][2] / days[k][0] for k in keys]
    ds = os.path.basename(f).split('__')[0]
    cells.append((os.path.basename(os.path.dirname(f)), ds, 'isone' if ds.startswith('isone') else ds, c80, c95))

prod = joint = boot = 0.0
for s, ds, _, c80, c95 in cells:
    n = len(c80); s80 = st.stdev(c80) / math.sqrt(n); s95 = st.stdev(c95) / math.sqrt(n)
    p = (2 * phi(3 / s80) - 1) * (2 * phi(3 / s95) - 1) if s80 > 0 and s95 > 0 else 1
    rho = st.correlation(c80, c95) if st.stdev(c80) > 0 and st.stdev(c95) > 0 else 0
    g = sum(abs(z1 * s80) <= 3 and abs((rho * z1 + math.sqrt(1 - rho * rho) * random.gauss(0, 1)) * s95) <= 3
            for z1 in (random.gauss(0, 1) for _ in range(R))) / R
    x80 = [c - st.mean(c80) + 80 for c in c80]; x95 = [c - st.mean(c95) + 95 for c in c95]
    b = 0
    for _ in range(R):
        idx = [random.randrange(n) for _ in range(n)]
        b += abs(sum(x80[i] for i in idx) / n - 80) <= 3 and abs(sum(x95[i] for i in idx) / n - 95) <= 3
    prod += p; joint += g; boot += b / R
    print(f'{s:12s} {ds:12s} se80 {s80:.2f} se95 {s95:.2f} corr {rho:.2f}  P product {p:.2f} joint normal {g:.2f} bootstrap {b / R:.2f}')
print(f'expected cells within ±3 at both levels, of {len(cells)}: product {prod:.1f}, joint normal {joint:.1f}, bootstrap {boot:.1f}')

groups = {}
for s, ds, g, c80, c95 in cells:
    groups.setdefault(g, []).append(([c - st.mean(c80) + 80 for c in c80], [c - st.mean(c95) + 95 for c in c95]))
counts = []
for _ in range(R):
    k = 0
    for members in groups.values():
        n = len(members[0][0]); idx = [random.randrange(n) for _ in range(n)]
        k += sum(abs(sum(x80[i] for i in idx) / n - 80) <= 3 and abs(sum(x95[i] for i in idx) / n - 95) <= 3 for x80, x95 in members)
    counts.append(k)
counts.sort()
print(f'count with the days shared: mean {st.mean(counts):.1f}, sd {st.stdev(counts):.1f}, 5-95 % range {counts[R // 20]}-{counts[19 * R // 20]}; '
      + ', '.join(f'P(≥ {t}) {sum(c >= t for c in counts) / R:.2f}' for t in (27, 30, 35, 40)))
