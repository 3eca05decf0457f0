// Lumen dashboard, aging assets: the replacement ranking (server-side filters, client-side header sort, CSV export)
// and the budget plan's effect. Uses getJson, chart and fmt from app.js.
'use strict';

const assetClasses = ['distribution_transformer', 'pole', 'overhead_line', 'cable', 'ring_main_unit', 'switchgear', 'breaker', 'recloser',
  'fuse', 'load_break_switch', 'disconnector', 'link_box'];
const assetsView = { rows: [], key: 'rank', dir: 1, total: 0, currency: '', request: 0 };

const esc = text => String(text ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));

function assetsQuery() {
  const params = new URLSearchParams();
  params.set('sort', document.getElementById('assets-sort').value);
  for (const [name, id] of [['class', 'assets-class'], ['feeder', 'assets-feeder'], ['q', 'assets-q']]) {
    const value = document.getElementById(id).value.trim();
    if (value) {
      params.set(name, value);
    }
  }
  return params;
}

async function loadRanking() {
  const params = assetsQuery();
  document.getElementById('assets-export-server').href = `/api/assets/ranking.csv?${params}`;
  params.set('top', document.getElementById('assets-top').value);
  const request = ++assetsView.request;
  const page = await getJson(`/api/assets/ranking?${params}`);
  if (request !== assetsView.request) {
    return; // a newer filter has been typed meanwhile
  }
  assetsView.rows = page.items.map(r => ({ ...r, reasons_count: r.reasons.length }));
  assetsView.total = page.total;
  assetsView.currency = page.currency;
  document.getElementById('assets-basis').textContent = `(register revision ${page.register_revision} on network version ${page.network_version}, as of ${page.year}; ` +
    `money in ${page.currency}; ${page.complaint_model} complaint model)`;
  renderAssets();
  document.getElementById('assets-panel').dataset.loaded = String(request);
}

function assetsSorted() {
  const { key, dir } = assetsView;
  return assetsView.rows.slice().sort((a, b) => {
    const x = a[key] ?? -Infinity;
    const y = b[key] ?? -Infinity;
    return (x < y ? -1 : x > y ? 1 : 0) * dir || a.rank - b.rank;
  });
}

function renderAssets() {
  const rows = assetsSorted();
  document.querySelector('#assets-ranking tbody').innerHTML = rows.map(r => {
    const reasons = r.reasons.map(x => `${x.kind}: ${x.text}`);
    return `<tr title="${esc(reasons.join('\n'))}"><td>${r.rank}</td><td>${esc(r.asset_id)}</td><td>${esc(r.class)}</td><td>${esc(r.feeder ?? '')}</td>` +
      `<td>${fmt(r.age_years, 0)}</td><td>${fmt(r.pof, 4)}</td><td>${fmt(r.consequence_per_failure, 0)}</td><td>${fmt(r.risk_per_year, 0)}</td>` +
      `<td>${fmt(r.replacement_cost, 0)}</td><td>${fmt(r.risk_removed_per_cost, 3)}</td>` +
      `<td class="reasons"><details><summary>${r.reasons_count} reasons</summary><ul>${reasons.map(t => `<li>${esc(t)}</li>`).join('')}</ul></details></td></tr>`;
  }).join('');
  document.querySelectorAll('#assets-ranking th').forEach(th => {
    th.classList.toggle('sorted-asc', th.dataset.key === assetsView.key && assetsView.dir === 1);
    th.classList.toggle('sorted-desc', th.dataset.key === assetsView.key && assetsView.dir === -1);
  });
  document.getElementById('assets-count').textContent = `${rows.length} of ${assetsView.total} matching assets shown`;
  return rows;
}

function csvCell(value) {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function exportAssets() {
  const columns = ['rank', 'asset_id', 'class', 'component_id', 'feeder', 'install_year', 'age_years', 'method', 'health', 'pof', 'consequence_per_failure',
    'risk_per_year', 'replacement_cost', 'risk_removed_per_cost', 'customers_per_failure', 'customer_hours_per_failure', 'complaints_per_failure', 'failures'];
  const lines = assetsSorted().map(r => [...columns.map(c => csvCell(r[c])), csvCell(r.reasons.map(x => `${x.kind}: ${x.text}`).join(' | '))].join(','));
  const blob = new Blob([[...columns, 'reasons'].join(',') + '\n' + lines.join('\n') + '\n'], { type: 'text/csv' });
  const link = document.createElement('a');
  link.href = URL.createObjectURL(blob);
  link.download = 'asset-ranking.csv';
  document.body.appendChild(link);
  link.click();
  link.remove();
}

function renderPlan(plan, label) {
  const years = plan.years.map(y => String(y.calendar_year));
  const round = (v, d) => Number(v.toFixed(d));
  document.getElementById('assets-plan-basis').textContent = `(${label}: ${fmt(plan.years[0].budget, 0)} ${plan.currency} a year for ${plan.years.length} years, ` +
    `risk as of ${plan.analysis_year}; SAIDI and complaints here are those expected from failures of the registered assets)`;
  const removed = plan.years.reduce((s, y) => s + y.replacements, 0);
  const items = [
    ['Replacements', fmt(removed, 0), `${fmt(plan.years.reduce((s, y) => s + y.spent, 0), 0)} ${plan.currency} spent`],
    ['Risk removed', fmt(plan.risk_removed, 0), `${plan.currency} over the horizon`],
    ['Optimality gap', `≤ ${fmt(100 * plan.optimality_gap, 1)} %`, `bound ${fmt(plan.upper_bound, 0)} ${plan.currency}`],
    [`ΔSAIDI ${years[years.length - 1]}`, fmt(60 * plan.years[plan.years.length - 1].delta_saidi_hours, 2) + ' min', 'per customer'],
    [`Δcomplaints ${years[years.length - 1]}`, fmt(plan.years[plan.years.length - 1].delta_complaints, 1), 'expected'],
  ];
  document.getElementById('assets-plan-kpis').innerHTML = items.map(([name, value, unit]) =>
    `<div class="kpi" data-kpi="assets ${name}"><div class="label">${name}</div><div class="value">${value}</div><div class="muted">${unit}</div></div>`).join('');
  chart('chart-assets-plan').setOption({
    title: { text: 'SAIDI (min) and complaints per year, with and without the plan', textStyle: { fontSize: 13 } },
    legend: { bottom: 0 },
    grid: { left: 55, right: 55, top: 40, bottom: 60 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: years },
    yAxis: [{ type: 'value', name: 'SAIDI (min)' }, { type: 'value', name: 'complaints' }],
    series: [
      { name: 'SAIDI without plan', type: 'line', data: plan.years.map(y => round(60 * y.asset_saidi_hours_do_nothing, 3)), itemStyle: { color: '#c62828' }, lineStyle: { type: 'dashed' } },
      { name: 'SAIDI with plan', type: 'line', data: plan.years.map(y => round(60 * y.asset_saidi_hours_with_plan, 3)), itemStyle: { color: '#2e7d32' } },
      { name: 'complaints without plan', type: 'line', yAxisIndex: 1, data: plan.years.map(y => round(y.complaints_do_nothing, 2)), itemStyle: { color: '#ef6c00' }, lineStyle: { type: 'dashed' } },
      { name: 'complaints with plan', type: 'line', yAxisIndex: 1, data: plan.years.map(y => round(y.complaints_with_plan, 2)), itemStyle: { color: '#1565c0' } },
    ],
  }, true);
  chart('chart-assets-spend').setOption({
    title: { text: `Spend and risk per year (${plan.currency})`, textStyle: { fontSize: 13 } },
    legend: { bottom: 0 },
    grid: { left: 80, right: 20, top: 40, bottom: 60 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: years },
    yAxis: { type: 'value' },
    series: [
      { name: 'spent', type: 'bar', data: plan.years.map(y => round(y.spent, 0)), itemStyle: { color: '#90a4ae' } },
      { name: 'risk without plan', type: 'line', data: plan.years.map(y => round(y.risk_do_nothing, 0)), itemStyle: { color: '#c62828' }, lineStyle: { type: 'dashed' } },
      { name: 'risk remaining', type: 'line', data: plan.years.map(y => round(y.risk_remaining, 0)), itemStyle: { color: '#2e7d32' } },
    ],
  }, true);
  document.getElementById('assets-plan-panel').dataset.rendered = label;
}

async function runPlan(event) {
  event.preventDefault();
  const status = document.getElementById('assets-plan-status');
  const body = { budget_per_year: Number(document.getElementById('assets-budget').value), years: Number(document.getElementById('assets-years').value) };
  const response = await fetch('/api/assets/plan', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  const job = await response.json();
  if (response.status !== 202) {
    status.textContent = job.detail || `error ${response.status}`;
    return;
  }
  let state = job;
  while (state.state === 'queued' || state.state === 'running') {
    status.textContent = `${state.state} ${fmt(100 * state.progress, 0)} %${state.step ? ' (' + state.step + ')' : ''}`;
    await new Promise(resolve => setTimeout(resolve, 300));
    state = await getJson(state.status_url);
  }
  if (state.state !== 'succeeded') {
    status.textContent = `plan ${state.state}: ${state.error ?? ''}`;
    return;
  }
  status.textContent = 'done';
  renderPlan(state.result, 'your plan');
}

// The costs behind every consequence and plan, so a planner can check them against the utility's own figures.
function renderUnitCosts(costs) {
  document.getElementById('assets-costs-scalars').textContent = `${costs.currency}: energy not supplied ${fmt(costs.ens_cost_per_kwh, 0)} per kWh, ` +
    `${fmt(costs.cost_per_complaint, 0)} per complaint, ${fmt(costs.cost_per_customer_hour, 0)} per customer-hour; ` +
    'lines and cables per km; no outage time: the branch\'s own repair time applies (Lumen:Assets, docs/assets.md §3)';
  document.querySelector('#assets-costs tbody').innerHTML = costs.classes.map(c =>
    `<tr><td>${esc(c.class.replace(/_/g, ' '))}</td><td>${fmt(c.replacement_cost, 0)}</td><td>${fmt(c.repair_cost_per_failure, 0)}</td>` +
    `<td>${c.outage_hours === null ? '—' : fmt(c.outage_hours, 1)}</td></tr>`).join('');
}

// The assets' results land after the network's; poll their status (always 200) rather than meeting 503s.
async function assetsReady() {
  for (let i = 0; i < 120; i++) {
    const status = await getJson('/api/assets/status');
    if (status.ready || !status.has_register || status.error) {
      return status;
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
  return { ready: false };
}

// app.js renders its placeholders once /api/status answers; wait for it so the assets placeholder can be replaced.
function appReady() {
  return new Promise(resolve => {
    if (document.body.dataset.ready) {
      resolve();
      return;
    }
    new MutationObserver((_, observer) => {
      if (document.body.dataset.ready) {
        observer.disconnect();
        resolve();
      }
    }).observe(document.body, { attributes: true, attributeFilter: ['data-ready'] });
  });
}

async function assetsMain() {
  await appReady();
  const status = await assetsReady();
  if (!status.ready) {
    if (status.error) {
      const placeholder = document.querySelector('[data-pending="assets"] .placeholder');
      if (placeholder) {
        placeholder.textContent = `The asset analysis failed: ${status.error}`;
      }
    }
    return;
  }
  document.querySelector('[data-pending="assets"]')?.remove();
  document.getElementById('assets-panel').hidden = false;
  document.getElementById('assets-plan-panel').hidden = false;
  renderUnitCosts(status.unit_costs);
  document.getElementById('assets-class').innerHTML += assetClasses.map(c => `<option value="${c}">${c.replace(/_/g, ' ')}</option>`).join('');
  const feeders = await getJson('/api/reliability/feeders?top=1000');
  document.getElementById('assets-feeder').innerHTML += feeders.items.map(f => f.id).sort().map(f => `<option value="${esc(f)}">${esc(f)}</option>`).join('');
  document.querySelectorAll('#assets-ranking th').forEach(th => th.addEventListener('click', () => {
    assetsView.dir = assetsView.key === th.dataset.key ? -assetsView.dir : (th.dataset.type === 'num' && th.dataset.key !== 'rank' ? -1 : 1);
    assetsView.key = th.dataset.key;
    renderAssets();
  }));
  let typing = 0;
  document.getElementById('assets-q').addEventListener('input', () => {
    clearTimeout(typing);
    typing = setTimeout(() => loadRanking().catch(assetsFailed), 250);
  });
  for (const id of ['assets-sort', 'assets-class', 'assets-feeder', 'assets-top']) {
    document.getElementById(id).addEventListener('change', () => loadRanking().catch(assetsFailed));
  }
  document.getElementById('assets-export').addEventListener('click', exportAssets);
  document.getElementById('assets-plan-form').addEventListener('submit', event => runPlan(event).catch(assetsFailed));
  const plan = await getJson('/api/assets/plan');
  document.getElementById('assets-budget').value = plan.years[0].budget;
  document.getElementById('assets-years').value = plan.years.length;
  renderPlan(plan, 'default plan');
  await loadRanking();
  document.getElementById('assets-panel').dataset.ready = 'true';
}

function assetsFailed(error) {
  const banner = document.getElementById('status-banner');
  banner.hidden = false;
  banner.textContent = `Could not load the asset data: ${error.message}`;
  document.getElementById('assets-panel').dataset.ready = 'error';
}

assetsMain().catch(assetsFailed);
