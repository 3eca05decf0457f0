// Investment plan across every lever (replacement, switches, ties, voltage, reinforcement): a background job on the
// stored data (POST /api/plan/invest), then the project list, where the projects are (by feeder and on the network's
// coordinates) and the per-year effect with and without the plan.
import { registerView, href } from '../core/router.js';
import { el, fill, num, kpi, panel, placeholder } from '../core/dom.js';
import { t, fmt, term } from '../core/i18n.js';
import { chart, grid, title, axisTooltip, axisNumber, esc, empty, COLOURS } from '../core/charts.js';
import { dataTable } from '../core/table.js';

const LEVERS = ['replacement', 'switches', 'ties', 'voltage', 'reinforcement'];
const CONSTRAINTS = ['overloads', 'n1', 'zone_targets'];
// The planner's files, as lumen plan invest --projects, --costs, --zones, --rules and --growth take them.
const FILES = [['projects', '.csv'], ['costs', '.json'], ['zones', '.csv'], ['rules', '.json'], ['growth', '.csv']];
const GROWTH_SOURCES = ['forecast', 'transformers', 'planner_file', 'growth_percent'];
const diagramOf = feeder => href('diagram', { feeder });

function summary(doc, src) {
  return el('div', { class: 'kpis' },
    kpi('spent', t('invest.spent'), num(doc.spent, 0, src, 'spent'), t('invest.spentNote', { projects: fmt(doc.projects.length, 0), candidates: fmt(doc.candidates, 0), currency: doc.currency })),
    kpi('complaints', t('invest.complaints'), [num(doc.baseline.complaints, 1, src, 'baseline.complaints'), ' → ', num(doc.final.complaints, 1, src, 'final.complaints')], t(grows(doc) ? 'invest.perYearGrown' : 'invest.perYear')),
    kpi('saidi', t('invest.saidi'), [num(doc.baseline.saidi, 3, src, 'baseline.saidi'), ' → ', num(doc.final.saidi, 3, src, 'final.saidi')], t(grows(doc) ? 'invest.hoursGrown' : 'invest.hoursPerCustomer')),
    kpi('bcr', t('invest.bcr'), num(doc.benefit_cost_ratio, 2, src, 'benefit_cost_ratio'), t('invest.bcrNote', { npv: fmt(doc.net_present_value, 0), currency: doc.currency })),
    kpi('gap', t('invest.gap'), [num(doc.optimality_gap, 1, src, 'optimality_gap', 100), ' %'], t('invest.gapNote', { bound: fmt(doc.upper_bound_annual_benefit, 0), currency: doc.currency })));
}

// Whether later years are valued on another network than today's (grown loads or aged assets).
const grows = doc => doc.ageing || doc.growth.some(g => g.growth_percent_per_year !== 0 || g.added_peak_mw !== 0);

// The load growth of the plan per source (how many feeders, their range of % a year) and whether the assets age.
function growthNote(doc) {
  const parts = GROWTH_SOURCES.map(source => doc.growth.filter(g => g.source === source)).filter(rows => rows.length > 0).map(rows => {
    const rates = rows.map(g => g.growth_percent_per_year);
    const low = Math.min(...rates);
    const high = Math.max(...rates);
    const range = low === high ? fmt(low, 1) : `${fmt(low, 1)} – ${fmt(high, 1)}`;
    return t('invest.growthPart', { n: fmt(rows.length, 0), range, source: t('invest.growthSource.' + rows[0].source) });
  });
  return el('p', { class: 'note', id: 'invest-growth' }, t('invest.growthNote', { parts: parts.join(t('invest.growthJoin')), ageing: t(doc.ageing ? 'invest.ageingOn' : 'invest.ageingOff') }));
}

function projectsTable(doc, src, params) {
  const rows = doc.projects.map((p, i) => ({ ...p, _i: i }));
  const table = dataTable([
    { key: 'plan_year', label: t('invest.year'), digits: 0, value: r => r.plan_year, path: r => `projects.${r._i}.plan_year` },
    { key: 'id', label: t('invest.project'), value: r => r.id },
    { key: 'kind', label: t('invest.kind'), value: r => term('invest.kind.', r.kind) },
    { key: 'feeder', label: t('common.feeder'), value: r => r.feeder ?? '—' },
    { key: 'cost', label: t('invest.cost', { currency: doc.currency }), digits: 0, value: r => r.cost, path: r => `projects.${r._i}.cost` },
    { key: 'benefit_cost_ratio', label: t('invest.bcr'), digits: 2, value: r => r.benefit_cost_ratio, path: r => `projects.${r._i}.benefit_cost_ratio` },
    { key: 'delta_complaints', label: t('invest.deltaComplaints'), digits: 2, value: r => r.effect.delta_complaints, path: r => `projects.${r._i}.effect.delta_complaints` },
    { key: 'delta_saidi', label: t('invest.deltaSaidi'), digits: 4, value: r => r.effect.delta_saidi, path: r => `projects.${r._i}.effect.delta_saidi` },
    { key: 'reason', label: t('invest.reason'), value: r => (r.constraint ? `${term('invest.reason.', r.reason)}: ${r.constraint}` : term('invest.reason.', r.reason)) },
    { key: 'fixes', label: t('invest.fixes'), value: r => r.fixes, wrap: true },
    { key: 'why_chosen', label: t('invest.why'), value: r => r.why_chosen, wrap: true },
  ], {
    rows, src, params, prefix: 'i_', search: r => `${r.id} ${r.kind} ${r.feeder ?? ''} ${r.fixes}`,
    onRow: r => { if (r.feeder) { location.hash = diagramOf(r.feeder); } },
  });
  return panel(t('invest.projects', { n: fmt(rows.length, 0) }), el('div', { class: 'toolbar' }, table.search), table.table, table.footer);
}

// Where the projects are: per feeder, the projects and their cost (a list), and a scatter on the network's coordinates.
function placesPanel(doc) {
  const byFeeder = new Map();
  for (const p of doc.projects) {
    const key = p.feeder ?? '—';
    const entry = byFeeder.get(key) ?? { feeder: key, cost: 0, kinds: [] };
    entry.cost += p.cost;
    entry.kinds.push(term('invest.kind.', p.kind));
    byFeeder.set(key, entry);
  }
  const list = el('ul', { class: 'feeder-projects' }, ...[...byFeeder.values()].sort((a, b) => b.cost - a.cost).slice(0, 30)
    .map(f => el('li', null, f.feeder === '—' ? el('strong', null, f.feeder) : el('a', { href: diagramOf(f.feeder), title: t('invest.openDiagram') }, f.feeder),
      ` — ${fmt(f.cost, 0)} ${doc.currency}: ${f.kinds.join(', ')}`)));
  const node = el('div', { class: 'chart', dataset: { chart: 'invest-map' } });
  const draw = () => {
    const placed = doc.projects.filter(p => p.x !== null && p.y !== null);
    if (placed.length === 0) {
      empty(node, t('invest.noCoordinates'));
      return;
    }
    const kinds = [...new Set(placed.map(p => p.lever))];
    const palette = [COLOURS.accent, COLOURS.good, COLOURS.warn, COLOURS.purple, COLOURS.bad];
    const map = chart(node);
    map.on('click', p => { if (p.data && p.data.feeder) { location.hash = diagramOf(p.data.feeder); } });
    map.setOption({
      title: title(t('invest.mapTitle')),
      grid: grid({ top: 56 }),
      legend: { top: 22, data: kinds.map(k => term('invest.lever.', k)) },
      tooltip: { trigger: 'item', formatter: p => `${esc(p.data.id)} (${esc(p.seriesName)})<br>${esc(p.data.feeder ?? '')} ${esc(fmt(p.data.cost, 0))} ${esc(doc.currency)}` },
      xAxis: { type: 'value', name: 'x (km)', scale: true, axisLabel: { formatter: axisNumber } },
      yAxis: { type: 'value', name: 'y (km)', scale: true, axisLabel: { formatter: axisNumber } },
      series: kinds.map((k, i) => ({
        name: term('invest.lever.', k), type: 'scatter', symbolSize: 8, itemStyle: { color: palette[i % palette.length] },
        data: placed.filter(p => p.lever === k).map(p => ({ value: [p.x, p.y], id: p.id, feeder: p.feeder, cost: p.cost })),
      })),
    });
  };
  return [panel(t('invest.where'), el('p', { class: 'note' }, t('invest.whereNote')), el('div', { class: 'compare' }, node, list)), draw];
}

// Per-year curves without the plan and with the projects working by each year: complaints, SAIDI, low-voltage
// customers and feeders failing N-1.
const CURVES = [
  ['invest-complaints', 'invest.complaintsChart', s => s.complaints, 1, ''],
  ['invest-saidi', 'invest.saidiChart', s => s.saidi, 3, 'h'],
  ['invest-low-voltage', 'invest.lowVoltageChart', s => s.low_voltage_customers, 0, ''],
  ['invest-n1', 'invest.n1Chart', s => s.n1_failing_feeders, 0, ''],
];

function yearsPanel(doc) {
  const nodes = CURVES.map(([id]) => el('div', { class: 'chart', dataset: { chart: id } }));
  const years = doc.year_rows.map(y => t('invest.yearN', { n: y.plan_year }));
  const curve = (node, heading, pick, digits, unit) => chart(node).setOption({
    title: title(heading),
    grid: grid({ top: 56 }),
    legend: { top: 22 },
    tooltip: { ...axisTooltip(digits, unit), axisPointer: { type: 'line' } },
    xAxis: { type: 'category', data: years },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: axisNumber } },
    series: [
      { name: t('invest.without'), type: 'line', data: doc.year_rows.map(y => pick(y.without_plan)), itemStyle: { color: COLOURS.bad }, lineStyle: { type: 'dashed' } },
      { name: t('invest.with'), type: 'line', data: doc.year_rows.map(y => pick(y.with_plan)), itemStyle: { color: COLOURS.good } },
    ],
  });
  const draw = () => CURVES.forEach(([, heading, pick, digits, unit], i) => curve(nodes[i], t(heading), pick, digits, unit));
  return [panel(t('invest.perYearHeading'), el('div', { class: 'compare' }, nodes[0], nodes[1]), el('div', { class: 'compare' }, nodes[2], nodes[3])), draw];
}

function show(target, doc, src, params) {
  const [places, drawPlaces] = placesPanel(doc);
  const [years, drawYears] = yearsPanel(doc);
  fill(target, panel(t('invest.result', { network: doc.network, years: fmt(doc.years, 0), budget: fmt(doc.budget_per_year, 0), currency: doc.currency }), summary(doc, src), growthNote(doc)),
    years, places, projectsTable(doc, src, params));
  drawYears();
  drawPlaces();
}

// The plan's inputs as the API's form (the fields of lumen plan invest), the files only when chosen.
function formData(form) {
  const data = new FormData();
  data.append('budget_per_year', String(Number(form.querySelector('#invest-budget').value) * 1e4));
  data.append('years', form.querySelector('#invest-years').value);
  data.append('levers', LEVERS.filter(l => form.querySelector(`#invest-lever-${l}`).checked).join(','));
  const constraints = CONSTRAINTS.filter(c => form.querySelector(`#invest-constraint-${c}`).checked);
  data.append('constraints', constraints.length ? constraints.join(',') : 'none');
  const growth = form.querySelector('#invest-growth-percent').value.trim();
  if (growth !== '') {
    data.append('growth_percent_per_year', growth);
  }
  data.append('ageing', String(form.querySelector('#invest-ageing').checked));
  for (const [name] of FILES) {
    const file = form.querySelector(`#invest-file-${name}`).files[0];
    if (file) {
      data.append(name, file, file.name);
    }
  }
  return data;
}

// A refused plan: the problem's detail and each field's errors (file:line:field for the uploaded files), as text.
function refused(status, problem, code) {
  const errors = Object.entries(problem.errors ?? {}).flatMap(([key, messages]) => messages.map(m => el('li', null, `${key}: ${m}`)));
  fill(status, problem.detail || `HTTP ${code}`, errors.length ? el('ul', { class: 'invest-errors' }, ...errors) : null);
}

async function run(form, status, target, params) {
  const response = await fetch('/api/plan/invest', { method: 'POST', body: formData(form) });
  let job = await response.json();
  if (response.status !== 202) {
    refused(status, job, response.status);
    return;
  }
  while (job.state === 'queued' || job.state === 'running') {
    status.textContent = t('invest.running', { percent: fmt(100 * job.progress, 0), step: job.step ?? '' });
    await new Promise(resolve => setTimeout(resolve, 500));
    job = await fetch(job.status_url).then(r => r.json());
  }
  if (job.state !== 'succeeded') {
    status.textContent = t('invest.failed', { error: job.error ?? job.state });
    return;
  }
  status.textContent = '';
  show(target, job.result, `/api/plan/invest/${job.id}`, params);
}

async function render(container, params, context) {
  if (!context.status.analyses.predictive_reliability) {
    container.append(panel(t('view.investment'), placeholder(t('app.notAvailable', { what: t('view.investment') }))));
    return;
  }
  const status = el('div', { class: 'muted', id: 'invest-status' });
  const target = el('div', { id: 'invest-result' }, placeholder(t('invest.intro')));
  const form = el('form', { id: 'invest-form' },
    el('div', { class: 'toolbar' },
      el('label', null, t('invest.budgetPerYear') + ' ', el('input', { id: 'invest-budget', type: 'number', min: '0', max: '100000000', step: '10', value: '500' })),
      el('label', null, t('invest.years') + ' ', el('input', { id: 'invest-years', type: 'number', min: '1', max: '30', value: '5' })),
      ...LEVERS.map(l => el('label', null, el('input', { id: `invest-lever-${l}`, type: 'checkbox', checked: true }), ' ' + t('invest.lever.' + l)))),
    el('div', { class: 'toolbar' }, t('invest.constraints'),
      ...CONSTRAINTS.map(c => el('label', null, el('input', { id: `invest-constraint-${c}`, type: 'checkbox', checked: c !== 'zone_targets' }), ' ' + t('invest.constraint.' + c)))),
    el('div', { class: 'toolbar' },
      el('label', { title: t('invest.growthPercentHint') }, t('invest.growthPercent') + ' ',
        el('input', { id: 'invest-growth-percent', type: 'number', min: '-50', max: '100', step: '0.1', placeholder: t('invest.growthPercentPlaceholder') })),
      el('label', null, el('input', { id: 'invest-ageing', type: 'checkbox', checked: true }), ' ' + t('invest.ageing'))),
    el('div', { class: 'toolbar' },
      ...FILES.map(([name, ext]) => el('label', null, t('invest.file.' + name) + ' ', el('input', { id: `invest-file-${name}`, type: 'file', accept: ext }))),
      el('button', { type: 'submit' }, t('invest.plan')), status));
  form.addEventListener('submit', event => {
    event.preventDefault();
    run(form, status, target, params).catch(error => { status.textContent = error.message; });
  });
  container.append(panel(t('invest.heading'), el('p', { class: 'note' }, t('invest.note')), form), target);
}

registerView({ id: 'investment', title: 'view.investment', render }, {
  en: {
    'view.investment': 'Investment plan',
    'invest.heading': 'One budgeted plan across every lever',
    'invest.note': 'Replacement, switches and automation, ties, voltage fixes and reinforcement, ranked by complaints, customer-hours, energy not supplied and low-voltage exposure avoided per yuan; effects computed by the engines on the stored network (docs/investment.md).',
    'invest.intro': 'Set the budget and press Plan: the plan runs in the background (a few minutes on a county network).',
    'invest.budgetPerYear': 'budget per year (10,000 CNY)', 'invest.years': 'years', 'invest.constraints': 'Hard constraints:', 'invest.plan': 'Plan',
    'invest.constraint.overloads': 'every overload fixed', 'invest.constraint.n1': 'N-1 where the zone requires it', 'invest.constraint.zone_targets': 'zone reliability (RS-1) targets',
    'invest.file.projects': 'projects.csv', 'invest.file.costs': 'unit costs (JSON)', 'invest.file.zones': 'supply zones (CSV)', 'invest.file.rules': 'zone rules (JSON)',
    'invest.file.growth': 'load growth (CSV)',
    'invest.growthPercent': 'load growth (% a year)', 'invest.growthPercentPlaceholder': 'from the forecasts',
    'invest.growthPercentHint': 'Every feeder without a rate in the growth file; left empty, each feeder grows as the peak forecast of its load series, else 0.',
    'invest.ageing': 'assets age year by year',
    'invest.growthNote': 'Load growth: {parts}. Asset ageing: {ageing}.', 'invest.growthPart': '{source}: {range} % a year on {n} feeder(s)', 'invest.growthJoin': '; ',
    'invest.growthSource.forecast': 'peak forecast', 'invest.growthSource.transformers': 'peak forecast of its transformers (summed)', 'invest.growthSource.planner_file': 'growth file', 'invest.growthSource.growth_percent': 'growth % given or 0',
    'invest.ageingOn': 'on', 'invest.ageingOff': 'off',
    'invest.perYearGrown': 'a year, today → after the horizon with the whole plan (grown loads, aged assets)',
    'invest.hoursGrown': 'hours per customer a year, today → after the horizon with the plan',
    'invest.running': 'planning… {percent} % ({step})', 'invest.failed': 'planning failed: {error}',
    'invest.result': '{network}: {years} years at {budget} {currency} a year',
    'invest.spent': 'Spent', 'invest.spentNote': '{projects} projects of {candidates} candidates ({currency})',
    'invest.complaints': 'Expected complaints', 'invest.perYear': 'a year, without → with the whole plan',
    'invest.saidi': 'SAIDI', 'invest.hoursPerCustomer': 'hours per customer a year, without → with',
    'invest.bcr': 'Benefit / cost', 'invest.bcrNote': 'net present value {npv} {currency}',
    'invest.gap': 'At most from the best', 'invest.gapNote': 'annual benefit bound {bound} {currency}',
    'invest.perYearHeading': 'Effect per year, with and without the plan',
    'invest.complaintsChart': 'Expected complaints a year', 'invest.saidiChart': 'SAIDI (h per customer)',
    'invest.lowVoltageChart': 'Low-voltage customers at peak', 'invest.n1Chart': 'Feeders failing N-1',
    'invest.without': 'without the plan', 'invest.with': 'with the projects working by then', 'invest.yearN': 'year {n}',
    'invest.where': 'Where the projects are', 'invest.mapTitle': 'Projects on the network’s coordinates', 'invest.noCoordinates': 'The network has no coordinates.',
    'invest.whereNote': 'A point or a feeder opens the feeder diagram.', 'invest.openDiagram': 'open the feeder diagram',
    'invest.projects': 'Projects ({n}) in order of choice',
    'invest.year': 'Year', 'invest.project': 'Project', 'invest.kind': 'Kind', 'invest.cost': 'Cost ({currency})',
    'invest.deltaComplaints': 'Δ complaints', 'invest.deltaSaidi': 'SAIDI change (h)', 'invest.reason': 'Reason', 'invest.fixes': 'What it fixes', 'invest.why': 'Why this one',
    'invest.reason.benefit': 'benefit', 'invest.reason.constraint': 'constraint', 'invest.reason.must_do': 'must do',
    'invest.lever.replacement': 'replacement', 'invest.lever.switches': 'switches', 'invest.lever.ties': 'ties', 'invest.lever.voltage': 'voltage', 'invest.lever.reinforcement': 'reinforcement',
    'invest.kind.replacement': 'replacement', 'invest.kind.sectionaliser': 'sectionaliser', 'invest.kind.recloser': 'recloser', 'invest.kind.fuse': 'fuse',
    'invest.kind.automation': 'automation', 'invest.kind.tie': 'tie', 'invest.kind.tap': 'tap change', 'invest.kind.capacitor': 'capacitor',
    'invest.kind.reconductor': 'reconductoring', 'invest.kind.split_area': 'area split', 'invest.kind.reinforcement': 'reinforcement',
  },
  'zh-CN': {
    'view.investment': '投资规划',
    'invest.heading': '统筹各类措施的预算内项目规划',
    'invest.note': '设备更换、开关与配电自动化、线路联络、电压治理、网架加强统一排序，按每元投资减少的投诉、停电时户数、缺供电量与低电压影响排列；效果由计算引擎在库中电网上求得（docs/investment.md）。',
    'invest.intro': '设定年度预算后点击“规划”：规划在后台运行（县级电网约需数分钟）。',
    'invest.budgetPerYear': '年度预算（万元）', 'invest.years': '规划年限', 'invest.constraints': '硬约束：', 'invest.plan': '规划',
    'invest.constraint.overloads': '消除全部过载', 'invest.constraint.n1': '按供电区域要求满足 N-1', 'invest.constraint.zone_targets': '达到供电区域可靠性（RS-1）目标',
    'invest.file.projects': '项目清单 projects.csv', 'invest.file.costs': '单位造价（JSON）', 'invest.file.zones': '供电区域（CSV）', 'invest.file.rules': '区域规则（JSON）',
    'invest.file.growth': '负荷增长（CSV）',
    'invest.growthPercent': '负荷年增长率（%）', 'invest.growthPercentPlaceholder': '按负荷预测',
    'invest.growthPercentHint': '适用于增长文件中未给出增长率的线路；留空时各线路按其负荷曲线的最大负荷预测增长，无曲线则为 0。',
    'invest.ageing': '设备逐年老化',
    'invest.growthNote': '负荷增长：{parts}。设备老化：{ageing}。', 'invest.growthPart': '{source}：{range} %/年，{n} 条线路', 'invest.growthJoin': '；',
    'invest.growthSource.forecast': '最大负荷预测', 'invest.growthSource.transformers': '配变负荷合计的最大负荷预测', 'invest.growthSource.planner_file': '增长文件', 'invest.growthSource.growth_percent': '给定增长率或 0',
    'invest.ageingOn': '计入', 'invest.ageingOff': '不计入',
    'invest.perYearGrown': '每年，当前 → 规划期末全部建成后（负荷增长、设备老化）',
    'invest.hoursGrown': '小时/户·年，当前 → 规划期末建成后',
    'invest.running': '规划中… {percent} %（{step}）', 'invest.failed': '规划失败：{error}',
    'invest.result': '{network}：{years} 年，每年 {budget} {currency}',
    'invest.spent': '投资额', 'invest.spentNote': '从 {candidates} 个备选中选出 {projects} 个项目（{currency}）',
    'invest.complaints': '预期投诉', 'invest.perYear': '每年，规划前 → 全部建成后',
    'invest.saidi': '用户平均停电时间 SAIDI', 'invest.hoursPerCustomer': '小时/户·年，规划前 → 建成后',
    'invest.bcr': '效益费用比', 'invest.bcrNote': '净现值 {npv} {currency}',
    'invest.gap': '距最优至多', 'invest.gapNote': '年效益上界 {bound} {currency}',
    'invest.perYearHeading': '逐年效果：有无规划对比',
    'invest.complaintsChart': '每年预期投诉', 'invest.saidiChart': 'SAIDI（小时/户）',
    'invest.lowVoltageChart': '高峰时低电压用户数', 'invest.n1Chart': '不满足 N-1 的线路条数',
    'invest.without': '不实施规划', 'invest.with': '实施规划（当年已投运项目）', 'invest.yearN': '第 {n} 年',
    'invest.where': '项目分布', 'invest.mapTitle': '项目在电网坐标上的位置', 'invest.noCoordinates': '该电网没有坐标。',
    'invest.whereNote': '点击项目点或线路名称可打开该线路的单线图。', 'invest.openDiagram': '打开线路单线图',
    'invest.projects': '项目清单（{n} 项），按选取顺序',
    'invest.year': '年份', 'invest.project': '项目', 'invest.kind': '类型', 'invest.cost': '投资（{currency}）',
    'invest.deltaComplaints': '投诉变化', 'invest.deltaSaidi': '用户平均停电时间变化（小时）', 'invest.reason': '入选原因', 'invest.fixes': '解决的问题', 'invest.why': '选择理由',
    'invest.reason.benefit': '效益', 'invest.reason.constraint': '约束', 'invest.reason.must_do': '必选',
    'invest.lever.replacement': '设备更换', 'invest.lever.switches': '开关与自动化', 'invest.lever.ties': '线路联络', 'invest.lever.voltage': '电压治理', 'invest.lever.reinforcement': '网架加强',
    'invest.kind.replacement': '设备更换', 'invest.kind.sectionaliser': '分段开关', 'invest.kind.recloser': '重合器', 'invest.kind.fuse': '熔断器',
    'invest.kind.automation': '开关自动化改造', 'invest.kind.tie': '新增联络', 'invest.kind.tap': '调整分接头', 'invest.kind.capacitor': '无功补偿电容器',
    'invest.kind.reconductor': '导线改造', 'invest.kind.split_area': '台区分流（新增配变）', 'invest.kind.reinforcement': '主干线加强',
  },
});
