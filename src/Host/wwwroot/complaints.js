// Complaints view: monthly complaints by what they were linked to, and the fitted complaint-rate curve.
'use strict';

async function complaints() {
  const status = await getJson('/api/status');
  if (!status.analyses.outage_history) {
    return;
  }
  const response = await fetch('/api/complaints/summary');
  if (response.status === 404) {
    return;
  }
  if (!response.ok) {
    throw new Error(`/api/complaints/summary: ${response.status}`);
  }
  const s = await response.json();
  document.getElementById('complaints-panel').hidden = false;
  document.getElementById('complaints-counts').textContent =
    `(${fmt(s.complaints, 0)} complaints: ${fmt(s.linked_to_outages, 0)} linked to outages, ${fmt(s.linked_to_low_voltage, 0)} to low-voltage areas, ${fmt(s.unlinked, 0)} unlinked)`;
  chart('chart-complaints').setOption({
    title: { text: 'Complaints per month by linked cause', textStyle: { fontSize: 13 } },
    grid: { left: 50, right: 20, top: 60, bottom: 40 },
    tooltip: { trigger: 'axis' },
    legend: { top: 24 },
    xAxis: { type: 'category', data: s.by_month.map(m => m.month) },
    yAxis: { type: 'value' },
    series: [
      { name: 'outage', type: 'bar', stack: 'c', data: s.by_month.map(m => m.outage), itemStyle: { color: '#c62828' } },
      { name: 'low voltage', type: 'bar', stack: 'c', data: s.by_month.map(m => m.low_voltage), itemStyle: { color: '#6a1b9a' } },
      { name: 'unlinked', type: 'bar', stack: 'c', data: s.by_month.map(m => m.unlinked), itemStyle: { color: '#9e9e9e' } },
    ],
  });
  const rates = await fetch('/api/complaints/rates');
  const fitted = rates.ok ? await rates.json() : null;
  const model = fitted ? fitted.model : null;
  const target = document.getElementById('chart-complaint-rates');
  if (!model) {
    target.style.height = 'auto';
    target.innerHTML = '<p class="placeholder">No complaint-rate model could be fitted (no outages stored, or no complaint linked to one).</p>';
    return;
  }
  const curve = fitted.curve;
  chart('chart-complaint-rates').setOption({
    title: { text: `Expected complaints per 1,000 customers interrupted (${model.kind} model)`, textStyle: { fontSize: 13 } },
    grid: { left: 50, right: 20, top: 40, bottom: 40 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: 'outage duration (h)', nameLocation: 'middle', nameGap: 24 },
    yAxis: { type: 'value' },
    series: [{ type: 'line', data: curve.map(p => [p.duration_hours, Number(p.complaints_per_thousand.toFixed(4))]), itemStyle: { color: '#ef6c00' } }],
  });
}

complaints().then(() => { document.body.dataset.complaints = 'ready'; }).catch(error => {
  document.body.dataset.complaints = 'error';
  const panel = document.getElementById('complaints-panel');
  panel.hidden = false;
  document.getElementById('complaints-counts').textContent = `(could not load: ${error.message})`;
});
