// Lumen dashboard: every number comes from the service's API; analyses not computed yet say so.
'use strict';

const fmt = (v, digits) => (v === null || v === undefined || Number.isNaN(v)) ? '—' : Number(v).toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const charts = {};
const ranking = { rows: [], key: 'rank', dir: 1, filter: '' };

async function getJson(url) {
  const response = await fetch(url);
  if (!response.ok) {
    throw new Error(`${url}: ${response.status}`);
  }
  return response.json();
}

function chart(id) {
  if (!charts[id]) {
    charts[id] = echarts.init(document.getElementById(id));
    window.addEventListener('resize', () => charts[id].resize());
  }
  return charts[id];
}

function kpis(doc) {
  const s = doc.system;
  const items = [
    ['SAIFI (AITC-1)', fmt(s.saifi, 3), 'interruptions / customer / yr'],
    ['SAIDI (AIHC-1)', fmt(s.saidi, 2), 'hours / customer / yr'],
    ['CAIDI', fmt(s.caidi, 2), 'hours / interruption'],
    ['RS-1', fmt(s.rs_1, 4) + ' %', 'supply reliability'],
    ['ENS', fmt(s.ens_mwh, 0), 'MWh / yr'],
    ['Customers', fmt(s.customers, 0), `${doc.feeders} feeders, ${doc.load_points} transformer areas`],
  ];
  document.getElementById('kpis').innerHTML = items.map(([label, value, unit]) =>
    `<div class="kpi" data-kpi="${label}"><div class="label">${label}</div><div class="value">${value}</div><div class="muted">${unit}</div></div>`).join('');
}

function feederChart(page) {
  const items = page.items.slice(0, 15).reverse();
  chart('chart-feeders').setOption({
    grid: { left: 90, right: 30, top: 10, bottom: 40 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: 'SAIDI (h/yr)', nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'category', data: items.map(f => f.id) },
    series: [{ type: 'bar', data: items.map(f => Number(f.indices.saidi.toFixed(3))), itemStyle: { color: '#c62828' } }],
  });
}

function areaChart(page) {
  const items = page.items.slice(0, 15).reverse();
  chart('chart-areas').setOption({
    grid: { left: 110, right: 30, top: 10, bottom: 40 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: 'U (h/yr)', nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'category', data: items.map(l => `${l.id} (${l.feeder})`) },
    series: [{ type: 'bar', data: items.map(l => Number(l.u_hours.toFixed(3))), itemStyle: { color: '#ef6c00' } }],
  });
}

function colourOfU(u, max) {
  if (u === null || u === undefined) {
    return '#90a4ae';
  }
  const t = Math.min(1, u / Math.max(max, 1e-9));
  const r = Math.round(46 + t * (198 - 46));
  const g = Math.round(125 + t * (40 - 125));
  const b = Math.round(50 + t * (40 - 50));
  return `rgb(${r},${g},${b})`;
}

async function diagram(feeder) {
  const doc = await getJson(`/api/feeders/${encodeURIComponent(feeder)}/diagram`);
  const maxU = doc.nodes.reduce((m, n) => (n.u_hours > m ? n.u_hours : m), 0);
  const byId = new Map();
  let root = null;
  for (const n of doc.nodes) {
    const protective = n.devices.some(d => d === 'breaker' || d === 'recloser' || d === 'fuse');
    const item = {
      name: n.id,
      value: n.u_hours,
      children: [],
      symbol: protective ? 'rect' : (n.devices.length > 0 ? 'diamond' : 'circle'),
      symbolSize: n.load_point ? 9 : (n.devices.length > 0 ? 8 : 4),
      itemStyle: { color: n.load_point ? colourOfU(n.u_hours, maxU) : (n.devices.length > 0 ? '#1565c0' : '#b0bec5') },
      tooltip: { formatter: () => n.load_point
        ? `${n.load_point} on ${n.id}<br>customers ${fmt(n.customers, 0)}<br>U ${fmt(n.u_hours, 2)} h/yr, λ ${fmt(n.lambda, 3)}/yr`
        : `${n.id}${n.branch ? ' via ' + n.branch + ' (' + n.branch_kind + ')' : ''}${n.devices.length ? '<br>' + n.devices.join(', ') : ''}` },
    };
    byId.set(n.id, item);
    if (n.parent === null) {
      root = item;
    }
  }
  for (const n of doc.nodes) {
    if (n.parent !== null && byId.has(n.parent)) {
      byId.get(n.parent).children.push(byId.get(n.id));
    }
  }
  chart('chart-diagram').setOption({
    tooltip: { trigger: 'item' },
    title: { text: `${doc.feeder}: SAIDI ${fmt(doc.indices.saidi, 2)} h, SAIFI ${fmt(doc.indices.saifi, 3)}`, textStyle: { fontSize: 13 } },
    series: [{
      type: 'tree', data: [root], top: 40, left: 40, bottom: 20, right: 60, orient: 'LR', layout: 'orthogonal',
      initialTreeDepth: -1, expandAndCollapse: false, animation: false, label: { show: false }, lineStyle: { width: 1 },
    }],
  }, true);
}

function renderRanking() {
  const body = document.querySelector('#ranking tbody');
  const f = ranking.filter.toLowerCase();
  const rows = ranking.rows.filter(r => r.id.toLowerCase().includes(f));
  rows.sort((a, b) => (a[ranking.key] < b[ranking.key] ? -1 : a[ranking.key] > b[ranking.key] ? 1 : 0) * ranking.dir);
  body.innerHTML = rows.map(r => `<tr><td>${r.rank}</td><td>${r.id}</td><td>${fmt(r.customers, 0)}</td><td>${fmt(r.saifi, 3)}</td>` +
    `<td>${fmt(r.saidi, 3)}</td><td>${fmt(r.caidi, 2)}</td><td>${fmt(r.rs_1, 4)}</td><td>${fmt(r.ens_mwh, 1)}</td></tr>`).join('');
  document.querySelectorAll('#ranking th').forEach(th => {
    th.classList.toggle('sorted-asc', th.dataset.key === ranking.key && ranking.dir === 1);
    th.classList.toggle('sorted-desc', th.dataset.key === ranking.key && ranking.dir === -1);
  });
  return rows;
}

function exportRanking() {
  const rows = renderRanking();
  const header = 'rank,feeder,customers,saifi,saidi_hours,caidi_hours,rs1_percent,ens_mwh';
  const lines = rows.map(r => [r.rank, `"${r.id.replace(/"/g, '""')}"`, r.customers, r.saifi, r.saidi, r.caidi, r.rs_1, r.ens_mwh].join(','));
  const blob = new Blob([header + '\n' + lines.join('\n') + '\n'], { type: 'text/csv' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = 'feeder-ranking.csv';
  document.body.appendChild(link);
  link.click();
  link.remove();
}

function pending(analyses) {
  const panels = [
    ['outage_history', 'Outage history', 'SAIFI/SAIDI trends, MED days, causes'],
    ['voltage', 'Voltage', 'low-voltage areas and power flow'],
    ['forecast', 'Demand forecast', 'forecast vs actual with intervals, peak outlook'],
    ['assets', 'Assets', 'replacement ranking and the budget plan’s effect on SAIDI and complaints'],
  ];
  document.getElementById('pending').innerHTML = panels.filter(([key]) => !analyses[key]).map(([key, title, what]) =>
    `<section class="panel" data-pending="${key}"><h2>${title}</h2><p class="placeholder">Not available yet: ${what} appear here once the service has computed them (import the data first if the store has none).</p></section>`).join('');
}

async function history() {
  const [doc, months, causes] = await Promise.all([getJson('/api/history'), getJson('/api/history/month'), getJson('/api/history/cause?top=10')]);
  document.getElementById('history-panel').hidden = false;
  document.getElementById('history-period').textContent = `(${doc.from.slice(0, 10)} to ${doc.to.slice(0, 10)}, network version ${doc.version}; major event days by IEEE 1366 2.5β, threshold ${fmt(doc.major_event_threshold_hours, 3)} h)`;
  const a = doc.all_days;
  const x = doc.excluding_major_event_days;
  const years = a.period_hours / 8766;
  const items = [
    ['SAIFI per year', fmt(a.saifi / years, 3), `${fmt(x.saifi / years, 3)} without MED; ${fmt(a.saifi, 2)} over the period`],
    ['SAIDI per year', fmt(a.saidi / years, 2) + ' h', `${fmt(x.saidi / years, 2)} h without MED; ${fmt(a.saidi, 1)} h over the period`],
    ['RS-1', fmt(a.rs_1, 4) + ' %', 'over the period'],
    ['MAIFI per year', fmt(a.maifi / years, 2), 'momentary interruptions'],
    ['Major event days', fmt(doc.major_event_days.length, 0), `${fmt(a.sustained_events, 0)} sustained events`],
  ];
  document.getElementById('history-kpis').innerHTML = items.map(([label, value, unit]) =>
    `<div class="kpi" data-kpi="history ${label}"><div class="label">${label}</div><div class="value">${value}</div><div class="muted">${unit}</div></div>`).join('');
  chart('chart-history').setOption({
    title: { text: 'SAIDI by month (h)', textStyle: { fontSize: 13 } },
    grid: { left: 50, right: 20, top: 40, bottom: 40 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: months.map(m => m.key) },
    yAxis: { type: 'value' },
    series: [{ type: 'line', data: months.map(m => Number(m.indices.saidi.toFixed(4))), areaStyle: { opacity: 0.15 }, itemStyle: { color: '#00838f' } }],
  });
  const c = causes.slice().reverse();
  chart('chart-causes').setOption({
    title: { text: 'SAIDI by cause (h)', textStyle: { fontSize: 13 } },
    grid: { left: 120, right: 20, top: 40, bottom: 30 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value' },
    yAxis: { type: 'category', data: c.map(r => r.key) },
    series: [{ type: 'bar', data: c.map(r => Number(r.indices.saidi.toFixed(4))), itemStyle: { color: '#5d4037' } }],
  });
}

async function voltage() {
  const summary = await getJson('/api/voltage');
  document.getElementById('voltage-panel').hidden = false;
  if (!summary.converged) {
    document.getElementById('voltage-kpis').innerHTML = '';
    const target = document.getElementById('chart-voltage');
    target.style.height = 'auto';
    target.innerHTML = `<p class="placeholder">The peak-load power flow did not converge (${summary.iterations} iterations, coincidence factor ${summary.peak_coincidence_factor}); no low-voltage prediction is shown.</p>`;
    return;
  }
  const areas = await getJson('/api/voltage/low-areas?top=20');
  const items = [
    ['Power flow', `converged`, `${summary.iterations} iterations, ${fmt(summary.load_kw / 1000, 1)} MW (×${summary.peak_coincidence_factor} of peaks)`],
    ['Minimum voltage', fmt(summary.min_voltage_pu, 4) + ' pu', summary.min_voltage_bus || ''],
    ['Low-voltage customers', fmt(summary.low_voltage_customers, 0), `${summary.low_voltage_areas} transformer areas`],
    ['Losses', fmt(summary.losses_kw, 0) + ' kW', 'at peak'],
    ['Overloaded branches', fmt(summary.overloaded_branches, 0), '> 100 % of rating'],
  ];
  document.getElementById('voltage-kpis').innerHTML = items.map(([label, value, unit]) =>
    `<div class="kpi" data-kpi="${label}"><div class="label">${label}</div><div class="value">${value}</div><div class="muted">${unit}</div></div>`).join('');
  const target = document.getElementById('chart-voltage');
  if (areas.items.length === 0) {
    target.style.height = 'auto';
    target.innerHTML = '<p class="muted">No transformer area is below its voltage limit at peak load.</p>';
    return;
  }
  const rows = areas.items.slice().reverse();
  chart('chart-voltage').setOption({
    grid: { left: 140, right: 30, top: 10, bottom: 40 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: 'voltage (pu)', nameLocation: 'middle', nameGap: 24, min: v => Math.floor(v.min * 100 - 1) / 100 },
    yAxis: { type: 'category', data: rows.map(a => `${a.load_point} (${a.feeder})`) },
    series: [{ type: 'bar', data: rows.map(a => Number(a.voltage_pu.toFixed(4))), itemStyle: { color: '#6a1b9a' },
      markLine: { symbol: 'none', data: [{ xAxis: rows[0].limit_pu, name: 'limit' }] } }],
  });
}

async function main() {
  const status = await getJson('/api/status');
  pending(status.analyses);
  if (!status.analyses.predictive_reliability) {
    const banner = document.getElementById('status-banner');
    banner.hidden = false;
    banner.textContent = status.startup_error ? `Start-up failed: ${status.startup_error}` : 'The service is still importing or computing the first network; this page refreshes in 5 s.';
    setTimeout(() => location.reload(), 5000);
    return;
  }
  const [system, feeders, areas] = await Promise.all([
    getJson('/api/reliability'),
    getJson('/api/reliability/feeders?top=1000'),
    getJson('/api/reliability/load-points?top=15'),
  ]);
  document.getElementById('network').textContent = `${system.network_name} · version ${system.version} · computed ${new Date(system.computed_at).toLocaleString()}`;
  kpis(system);
  feederChart(feeders);
  areaChart(areas);
  ranking.rows = feeders.items.map(f => ({ rank: f.rank, id: f.id, customers: f.indices.customers, saifi: f.indices.saifi, saidi: f.indices.saidi, caidi: f.indices.caidi, rs_1: f.indices.rs_1, ens_mwh: f.indices.ens_mwh }));
  renderRanking();
  document.querySelectorAll('#ranking th').forEach(th => th.addEventListener('click', () => {
    ranking.dir = ranking.key === th.dataset.key ? -ranking.dir : (th.dataset.type === 'num' && th.dataset.key !== 'rank' ? -1 : 1);
    ranking.key = th.dataset.key;
    renderRanking();
  }));
  document.getElementById('ranking-filter').addEventListener('input', e => { ranking.filter = e.target.value; renderRanking(); });
  document.getElementById('ranking-export').addEventListener('click', exportRanking);
  const select = document.getElementById('feeder-select');
  select.innerHTML = feeders.items.slice(0, 50).map(f => `<option>${f.id}</option>`).join('');
  select.addEventListener('change', () => diagram(select.value));
  await diagram(select.value);
  if (status.analyses.outage_history) {
    await history();
  }
  if (status.analyses.voltage) {
    await voltage();
  }
  document.body.dataset.ready = 'true';
}

main().catch(error => {
  const banner = document.getElementById('status-banner');
  banner.hidden = false;
  banner.textContent = `Could not load the dashboard data: ${error.message}`;
  document.body.dataset.ready = 'error';
});
