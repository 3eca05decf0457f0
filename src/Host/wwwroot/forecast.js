// Lumen dashboard: demand forecast vs actual with interval bands, the peak outlook, and voltage compliance from readings.
// Uses getJson, chart and fmt from app.js. Sets body.dataset.forecastReady when its charts have real data.
'use strict';

const BAND95 = 'rgba(21, 101, 192, 0.12)';
const BAND80 = 'rgba(21, 101, 192, 0.28)';

function bandSeries(name, lower, upper, colour, stack) {
  // A band is a stack of an invisible lower bound and the (upper − lower) width filled with colour.
  return [
    { name: `${name} lower`, type: 'line', stack, data: lower, lineStyle: { opacity: 0 }, symbol: 'none', tooltip: { show: false } },
    { name, type: 'line', stack, data: upper.map((u, i) => (u === null ? null : u - lower[i])), lineStyle: { opacity: 0 }, symbol: 'none', areaStyle: { color: colour }, itemStyle: { color: colour } },
  ];
}

async function forecastChart(series) {
  const doc = await getJson(`/api/forecasts/${encodeURIComponent(series)}`);
  const times = doc.actuals.map(a => a.timestamp).concat(doc.forecast.map(f => f.timestamp));
  const pad = doc.actuals.map(() => null);
  const r = v => Number(v.toFixed(4));
  const lo95 = pad.concat(doc.forecast.map(f => r(f.lower95_mw)));
  const hi95 = pad.concat(doc.forecast.map(f => r(f.upper95_mw)));
  const lo80 = pad.concat(doc.forecast.map(f => r(f.lower80_mw)));
  const hi80 = pad.concat(doc.forecast.map(f => r(f.upper80_mw)));
  document.getElementById('forecast-note').textContent =
    `(${doc.method}${doc.variant ? ' ' + doc.variant : ''}: ${doc.horizon_hours} h from ${doc.origin.slice(0, 16)} after ${doc.actuals.length / 24} days of actuals; shaded 80 % and 95 % intervals)`;
  chart('chart-forecast').setOption({
    grid: { left: 60, right: 20, top: 40, bottom: 60 },
    legend: { data: ['actual', 'forecast', '95 % interval', '80 % interval'], top: 5 },
    tooltip: { trigger: 'axis' },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 10 }],
    xAxis: { type: 'category', data: times.map(t => t.slice(5, 16).replace('T', ' ')), boundaryGap: false },
    yAxis: { type: 'value', name: 'MW', scale: true },
    series: [
      ...bandSeries('95 % interval', lo95, hi95, BAND95, 'band95'),
      ...bandSeries('80 % interval', lo80, hi80, BAND80, 'band80'),
      { name: 'actual', type: 'line', symbol: 'none', data: doc.actuals.map(a => (a.load_mw === null ? null : r(a.load_mw))), itemStyle: { color: '#263238' } },
      { name: 'forecast', type: 'line', symbol: 'none', data: pad.concat(doc.forecast.map(f => r(f.mean_mw))), itemStyle: { color: '#1565c0' } },
    ],
  }, true);
}

function peakCharts(peaks, selected) {
  const one = peaks.series.find(s => s.series === selected) || peaks.series[0];
  const years = one.years.map(y => String(y.year));
  chart('chart-peaks').setOption({
    title: { text: `${one.series}: annual peak (MW)${one.flagged ? ' — P90 exceeds rating from ' + one.first_overload_year : ''}`, textStyle: { fontSize: 13, color: one.flagged ? '#c62828' : '#1f2933' } },
    grid: { left: 50, right: 20, top: 50, bottom: 30 },
    legend: { data: ['P50', 'P90'], right: 10, top: 25 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: years },
    yAxis: { type: 'value', scale: true },
    series: [
      { name: 'P50', type: 'bar', data: one.years.map(y => Number(y.p50_mw.toFixed(3))), itemStyle: { color: '#90a4ae' } },
      { name: 'P90', type: 'bar', data: one.years.map(y => Number(y.p90_mw.toFixed(3))), itemStyle: { color: one.flagged ? '#c62828' : '#1565c0' },
        markLine: one.rating_mw ? { symbol: 'none', lineStyle: { color: '#c62828', type: 'dashed' }, label: { formatter: 'rating' }, data: [{ yAxis: Number(one.rating_mw.toFixed(3)) }] } : undefined },
    ],
  }, true);
  const rated = peaks.series.filter(s => s.rating_kva);
  const flagged = rated.filter(s => s.flagged).length;
  chart('chart-peak-loading').setOption({
    title: { text: `P90 peak as % of rating (${rated.length} rated series, ${flagged} flagged)`, textStyle: { fontSize: 13 } },
    grid: { left: 50, right: 20, top: 40, bottom: 30 },
    tooltip: { trigger: 'item', formatter: p => `${p.seriesName} ${p.name}: ${fmt(p.value, 1)} %` },
    xAxis: { type: 'category', data: years },
    yAxis: { type: 'value', name: '%' },
    series: rated.map((s, i) => ({
      name: s.series, type: 'line', symbol: s.flagged ? 'circle' : 'none', z: s.flagged ? 3 : 2,
      data: s.years.map(y => (y.p90_loading_percent === null ? null : Number(y.p90_loading_percent.toFixed(2)))),
      lineStyle: { width: s.flagged || s.series === selected ? 3 : 1 },
      itemStyle: { color: s.flagged ? '#c62828' : s.series === selected ? '#1565c0' : '#b0bec5' },
      markLine: i === 0 ? { symbol: 'none', lineStyle: { color: '#c62828', type: 'dashed' }, data: [{ yAxis: 100 }] } : undefined,
    })),
  }, true);
}

async function compliance() {
  let stats;
  try {
    stats = await getJson('/api/voltage/stats?by=feeder&top=0');
  } catch (error) {
    return; // no readings stored: the panel stays hidden
  }
  document.getElementById('compliance-panel').hidden = false;
  const t = stats.total;
  document.getElementById('compliance-note').textContent = `(${stats.profile}; ${fmt(t.points, 0)} metered points; worst 30 feeders)`;
  const items = [
    ['Compliance', fmt(t.compliance_percent, 2) + ' %', `${fmt(t.monitored_hours, 0)} monitored hours`],
    ['Time above limit', fmt(t.hours_above, 0) + ' h', `below: ${fmt(t.hours_below, 0)} h`],
    ['Low-voltage customers', fmt(t.low_voltage_customers, 0), `${fmt(t.episodes, 0)} episodes`],
    ['Missing time', fmt(t.missing_hours, 0) + ' h', 'meter gaps'],
  ];
  document.getElementById('compliance-kpis').innerHTML = items.map(([label, value, unit]) =>
    `<div class="kpi" data-kpi="compliance ${label}"><div class="label">${label}</div><div class="value">${value}</div><div class="muted">${unit}</div></div>`).join('');
  const rows = stats.groups.slice().sort((a, b) => a.compliance_percent - b.compliance_percent).slice(0, 30).reverse();
  chart('chart-compliance').setOption({
    grid: { left: 110, right: 30, top: 10, bottom: 40 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: 'compliance (%)', nameLocation: 'middle', nameGap: 24, max: 100 },
    yAxis: { type: 'category', data: rows.map(g => g.key) },
    series: [{ type: 'bar', data: rows.map(g => Number(g.compliance_percent.toFixed(2))), itemStyle: { color: '#2e7d32' } }],
  }, true);
}

async function forecasts() {
  let list;
  try {
    list = await getJson('/api/forecasts');
  } catch (error) {
    return; // results not computed yet or no series: the placeholder stays
  }
  if (list.items.length === 0) {
    return;
  }
  document.querySelector('[data-pending="forecast"]')?.remove();
  document.getElementById('forecast-panel').hidden = false;
  document.getElementById('peaks-panel').hidden = false;
  const select = document.getElementById('forecast-series');
  select.innerHTML = list.items.map(i => `<option value="${i.series}">${i.series}${i.first_overload_year ? ' ⚠' : ''}</option>`).join('');
  const peaks = await getJson('/api/forecasts/peaks');
  select.addEventListener('change', async () => {
    await forecastChart(select.value);
    peakCharts(peaks, select.value);
  });
  await forecastChart(select.value);
  peakCharts(peaks, select.value);
}

// app.js lays out the "not available yet" placeholders first; start once it has finished.
function appSettled() {
  return new Promise(resolve => {
    const check = () => (document.body.dataset.ready ? resolve() : setTimeout(check, 100));
    check();
  });
}

appSettled().then(() => Promise.all([forecasts(), compliance()]))
  .then(() => { document.body.dataset.forecastReady = 'true'; })
  .catch(error => {
    const banner = document.getElementById('status-banner');
    banner.hidden = false;
    banner.textContent = `Could not load the forecast data: ${error.message}`;
    document.body.dataset.forecastReady = 'error';
  });
