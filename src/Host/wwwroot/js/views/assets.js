// Assets and plan: the replacement ranking (risk = probability of failure × consequence, filtered on the server,
// sorted and paged here), the unit costs behind its money columns, and the budget plan's effect as changes per year.
import { registerView, setParams } from '../core/router.js';
import { el, fill, num, kpi, panel, downloads, placeholder } from '../core/dom.js';
import { t, fmt, term, lang } from '../core/i18n.js';
import { getJson, getOptional } from '../core/api.js';
import { chart, grid, title, axisTooltip, axisNumber, COLOURS } from '../core/charts.js';
import { dataTable } from '../core/table.js';

const CLASSES = ['distribution_transformer', 'pole', 'overhead_line', 'cable', 'ring_main_unit', 'switchgear', 'breaker', 'recloser',
  'fuse', 'load_break_switch', 'disconnector', 'link_box'];
const TOP = 1000;

function filters(params) {
  const result = new URLSearchParams();
  for (const name of ['sort', 'class', 'feeder', 'q']) {
    if (params.get(name)) {
      result.set(name, params.get(name));
    }
  }
  return result;
}

async function rankingTable(target, params) {
  const query = filters(params);
  const src = `/api/assets/ranking?${query}${query.toString() ? '&' : ''}top=${TOP}`;
  const page = await getJson(src);
  const rows = page.items.map((r, i) => ({ ...r, _i: i }));
  const path = key => r => `items.${r._i}.${key}`;
  const table = dataTable([
    { key: 'rank', label: t('assets.rank'), digits: 0, value: r => r.rank, path: path('rank') },
    { key: 'asset', label: t('assets.asset'), value: r => r.asset_id },
    { key: 'class', label: t('assets.class'), value: r => t('class.' + r.class) },
    { key: 'feeder', label: t('common.feeder'), value: r => r.feeder ?? '—' },
    { key: 'age', label: t('assets.age'), digits: 0, value: r => r.age_years, path: path('age_years') },
    { key: 'pof', label: t('assets.pof'), digits: 4, value: r => r.pof, path: path('pof') },
    { key: 'consequence', label: t('assets.consequence', { currency: page.currency }), digits: 0, value: r => r.consequence_per_failure, path: path('consequence_per_failure') },
    { key: 'risk', label: t('assets.risk', { currency: page.currency }), digits: 0, value: r => r.risk_per_year, path: path('risk_per_year') },
    { key: 'cost', label: t('assets.cost', { currency: page.currency }), digits: 0, value: r => r.replacement_cost, path: path('replacement_cost') },
    { key: 'value', label: t('assets.value'), digits: 3, value: r => r.risk_removed_per_cost, path: path('risk_removed_per_cost'),
      text: r => (r.removes_nothing ? el('span', { class: 'muted', title: t('assets.removesNothingNote') }, t('assets.removesNothing'))
        : num(r.risk_removed_per_cost, 3, src, `items.${r._i}.risk_removed_per_cost`)) },
    { key: 'reasons', label: t('assets.reasons'), value: r => r.reasons.length, wrap: true, text: r => el('details', { class: 'reasons' },
      el('summary', null, t('assets.reasonCount', { n: r.reasons.length })), el('ul', null, ...r.reasons.map(x => el('li', null, `${term('reason.', x.kind)}: ${x.text}`)))) },
  ], { rows, src, params, prefix: 'r_', search: r => `${r.asset_id} ${r.feeder ?? ''} ${r.class}` });
  fill(target, table.table, table.footer,
    el('p', { class: 'muted', id: 'assets-count' }, t('assets.count', { loaded: fmt(rows.length, 0), total: fmt(page.total, 0) })));
  return page;
}

async function rankingPanel(params, feeders) {
  const target = el('div', { id: 'assets-ranking' });
  const select = (name, options, label) => el('label', null, label + ' ', el('select', { id: 'assets-' + name, onchange: e => update(name, e.target.value) },
    ...options.map(([value, text]) => el('option', { value, selected: (params.get(name) || '') === value }, text))));
  const links = el('span');
  let typing = 0;
  const q = el('input', { type: 'search', id: 'assets-q', placeholder: t('assets.search'), 'aria-label': t('assets.search'), value: params.get('q') || '',
    oninput: e => { clearTimeout(typing); typing = setTimeout(() => update('q', e.target.value.trim()), 300); } });
  async function update(name, value) {
    const next = new URLSearchParams(location.hash.split('?')[1] || '');
    if (value) {
      next.set(name, value);
    } else {
      next.delete(name);
    }
    ['r_page', 'r_q'].forEach(k => next.delete(k));
    setParams(next);
    await load(next);
  }
  async function load(current) {
    target.dataset.loading = 'true';
    const page = await rankingTable(target, current);
    fill(links, downloads('asset_ranking', filters(current)));
    delete target.dataset.loading;
    target.dataset.loaded = String((Number(target.dataset.loaded) || 0) + 1);
    return page;
  }
  const page = await load(params);
  return panel(t('assets.rankingHeading', { year: page.year }),
    el('p', { class: 'note' }, t('assets.rankingNote', { revision: page.register_revision, version: page.network_version, currency: page.currency })),
    el('div', { class: 'toolbar' },
      select('sort', [['', t('assets.sortValue')], ['risk', t('assets.sortRisk')]], t('assets.sortBy')),
      select('class', [['', t('common.all')], ...CLASSES.map(c => [c, t('class.' + c)])], t('assets.class')),
      select('feeder', [['', t('common.all')], ...feeders.map(f => [f, f])], t('common.feeder')),
      q, links),
    target);
}

function unitCosts(costs) {
  return el('details', { id: 'assets-costs' }, el('summary', { class: 'muted' }, t('assets.costsHeading')),
    el('p', { class: 'muted', id: 'assets-costs-scalars' }, t('assets.costsScalars', {
      currency: costs.currency, ens: fmt(costs.ens_cost_per_kwh, 0), complaint: fmt(costs.cost_per_complaint, 0), hour: fmt(costs.cost_per_customer_hour, 0),
    })),
    el('table', { class: 'data' },
      el('thead', null, el('tr', null, el('th', null, t('assets.class')), el('th', { class: 'number' }, t('assets.unitReplacement', { currency: costs.currency })),
        el('th', { class: 'number' }, t('assets.unitRepair', { currency: costs.currency })), el('th', { class: 'number' }, t('assets.unitOutage')))),
      el('tbody', null, ...costs.classes.map((c, i) => el('tr', null, el('td', null, t('class.' + c.class)),
        el('td', { class: 'number' }, num(c.replacement_cost, 0, '/api/assets/status', `unit_costs.classes.${i}.replacement_cost`)),
        el('td', { class: 'number' }, num(c.repair_cost_per_failure, 0, '/api/assets/status', `unit_costs.classes.${i}.repair_cost_per_failure`)),
        el('td', { class: 'number' }, c.outage_hours === null ? t('assets.ownRepairTime') : num(c.outage_hours, 1, '/api/assets/status', `unit_costs.classes.${i}.outage_hours`)))))));
}

// An amount on an axis: millions in English, 万 (10,000) in Chinese.
function money(value) {
  return lang() === 'zh-CN' ? `${fmt(value / 1e4, 0)} 万` : `${fmt(value / 1e6, 1)} M`;
}

function planContent(plan, label, src) {
  const years = plan.years.map(y => String(y.calendar_year));
  const last = plan.years.length - 1;
  const spent = plan.years.reduce((s, y) => s + y.spent, 0);
  const replacements = plan.years.reduce((s, y) => s + y.replacements, 0);
  const share = plan.upper_bound > 0 ? 100 * plan.risk_removed / plan.upper_bound : null;
  const p = (path, value, digits, scale) => (src ? num(value, digits, src, path, scale) : fmt(scale ? value * scale : value, digits));
  const effectNode = el('div', { class: 'chart', dataset: { chart: 'assets-plan' } });
  const spendNode = el('div', { class: 'chart', dataset: { chart: 'assets-spend' } });
  const content = el('div', { dataset: { rendered: label } },
    el('p', { class: 'note' }, t('assets.planNote', { budget: fmt(plan.years[0].budget, 0), currency: plan.currency, years: plan.years.length, year: plan.analysis_year })),
    el('div', { class: 'kpis' },
      kpi('replacements', t('assets.replacements'), fmt(replacements, 0), t('assets.spent', { spent: fmt(spent, 0), currency: plan.currency })),
      kpi('delta-saidi', t('assets.deltaSaidi', { year: years[last] }), [p(`years.${last}.delta_saidi`, plan.years[last].delta_saidi, 1, 60), ' ', t('unit.min')], t('assets.perCustomer'),
        plan.years[last].delta_saidi < 0 ? 'good' : null),
      kpi('delta-complaints', t('assets.deltaComplaints', { year: years[last] }), p(`years.${last}.delta_complaints`, plan.years[last].delta_complaints, 1), t('assets.expectedPerYear')),
      kpi('risk-removed', t('assets.riskRemoved'), p('risk_removed', plan.risk_removed, 0), t('assets.riskRemovedNote', { currency: plan.currency })),
      kpi('benefit', t('assets.benefit'), p('benefit', plan.benefit, 0), t('assets.benefitNote', { currency: plan.currency, spent: fmt(plan.spent, 0), rate: fmt(100 * plan.discount_rate, 0), years: plan.appraisal_years })),
      kpi('bcr', t('assets.bcr'), plan.benefit_cost_ratio === null ? '—' : p('benefit_cost_ratio', plan.benefit_cost_ratio, 2), t('assets.npv', { npv: fmt(plan.net_present_value, 0), currency: plan.currency }),
        plan.benefit_cost_ratio !== null && plan.benefit_cost_ratio >= 1 ? 'good' : 'bad'),
      kpi('quality', t('assets.quality'), share === null ? '—' : `≥ ${fmt(100 - 100 * plan.optimality_gap, 1)} %`, t('assets.qualityNote', { bound: fmt(plan.upper_bound, 0), currency: plan.currency }))),
    el('div', { class: 'grid' }, effectNode, spendNode));
  const draw = () => {
    chart(effectNode).setOption({
      title: title(t('assets.effectChart')),
      grid: grid({ top: 56, bottom: 12 }),
      legend: { top: 22, right: 0 },
      tooltip: axisTooltip(2, ''),
      xAxis: { type: 'category', data: years, axisLine: { onZero: true } },
      yAxis: [{ type: 'value', axisLabel: { formatter: axisNumber } }, { type: 'value', axisLabel: { formatter: axisNumber } }],
      series: [
        { name: t('assets.deltaSaidiSeries'), type: 'bar', data: plan.years.map(y => 60 * y.delta_saidi), itemStyle: { color: COLOURS.good } },
        { name: t('assets.deltaComplaintsSeries'), type: 'bar', yAxisIndex: 1, data: plan.years.map(y => y.delta_complaints), itemStyle: { color: COLOURS.accent } },
      ],
    });
    chart(spendNode).setOption({
      title: title(t('assets.spendChart', { currency: plan.currency })),
      grid: grid({ top: 56, bottom: 12 }),
      legend: { top: 22, right: 0 },
      tooltip: axisTooltip(0, plan.currency),
      xAxis: { type: 'category', data: years },
      // Spend (bars, left) and risk (lines, right) differ by an order of magnitude: one axis each, both from zero.
      yAxis: [{ type: 'value', min: 0, axisLabel: { formatter: money } }, { type: 'value', min: 0, axisLabel: { formatter: money } }],
      series: [
        { name: t('assets.budget'), type: 'bar', data: plan.years.map(y => y.budget), itemStyle: { color: '#cfd8dc' } },
        { name: t('assets.spentSeries'), type: 'bar', data: plan.years.map(y => y.spent), itemStyle: { color: COLOURS.neutral } },
        { name: t('assets.riskDoNothing'), type: 'line', yAxisIndex: 1, data: plan.years.map(y => y.risk_do_nothing), itemStyle: { color: COLOURS.bad }, lineStyle: { type: 'dashed' } },
        { name: t('assets.riskRemaining'), type: 'line', yAxisIndex: 1, data: plan.years.map(y => y.risk_remaining), itemStyle: { color: COLOURS.good } },
      ],
    });
  };
  return [content, draw];
}

async function runPlan(form, status, target) {
  const budget = Number(form.querySelector('#assets-budget').value) * 1e4;
  const years = Number(form.querySelector('#assets-years').value);
  const response = await fetch('/api/assets/plan', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ budget_per_year: budget, years }) });
  const job = await response.json();
  if (response.status !== 202) {
    status.textContent = job.detail || `HTTP ${response.status}`;
    return;
  }
  let state = job;
  while (state.state === 'queued' || state.state === 'running') {
    status.textContent = t('assets.running', { percent: fmt(100 * state.progress, 0) });
    await new Promise(resolve => setTimeout(resolve, 300));
    state = await fetch(state.status_url).then(r => r.json());
  }
  if (state.state !== 'succeeded') {
    status.textContent = t('assets.planFailed', { error: state.error ?? state.state });
    return;
  }
  status.textContent = '';
  const [content, draw] = planContent(state.result, 'custom', null);
  fill(target, content);
  draw();
}

async function render(container, params) {
  const status = await getOptional('/api/assets/status');
  if (!status || !status.ready) {
    container.append(panel(t('view.assets'), placeholder(status && status.error ? t('assets.failed', { error: status.error }) : t('app.notAvailable', { what: t('analysis.assets') }))));
    return;
  }
  const [feeders, plan] = await Promise.all([getJson('/api/reliability/feeders?top=1000'), getJson('/api/assets/plan')]);
  const ranking = await rankingPanel(params, feeders.items.map(f => f.id).sort());
  const target = el('div', { id: 'assets-plan' });
  const planStatus = el('span', { class: 'muted', id: 'assets-plan-status' });
  const form = el('form', { class: 'toolbar', id: 'assets-plan-form' },
    el('label', null, t('assets.budgetPerYear') + ' ', el('input', { id: 'assets-budget', type: 'number', min: '0', step: '10', value: String(plan.years[0].budget / 1e4) })),
    el('label', null, t('assets.years') + ' ', el('input', { id: 'assets-years', type: 'number', min: '1', max: '30', value: String(plan.years.length) })),
    el('button', { type: 'submit' }, t('assets.plan')), planStatus,
    downloads('plan_years', null, t('assets.planYearsFile')), downloads('plan_replacements', null, t('assets.planReplacementsFile')));
  form.addEventListener('submit', event => {
    event.preventDefault();
    runPlan(form, planStatus, target).catch(error => { planStatus.textContent = error.message; });
  });
  const [content, draw] = planContent(plan, 'default', '/api/assets/plan');
  target.append(content);
  container.append(ranking, panel(t('assets.costsTitle'), unitCosts(status.unit_costs)), panel(t('assets.planHeading'), form, target));
  draw();
}

registerView({ id: 'assets', title: 'view.assets', render }, {
  en: {
    'view.assets': 'Assets and plan',
    'assets.failed': 'The asset analysis failed: {error}',
    'assets.rankingHeading': 'Replacement ranking (risk as of {year})',
    'assets.rankingNote': 'Risk = probability of failure × consequence (customer-hours, energy not supplied and complaints, in {currency}); asset register revision {revision} on network version {version}. Downloads hold every matching asset.',
    'assets.sortBy': 'rank by', 'assets.sortRisk': 'risk', 'assets.sortValue': 'risk removed per yuan', 'assets.search': 'asset, component, manufacturer…',
    'assets.rank': 'Rank', 'assets.asset': 'Asset', 'assets.class': 'Class', 'assets.age': 'Age (years)', 'assets.pof': 'Failure probability (/yr)',
    'assets.consequence': 'Consequence per failure ({currency})', 'assets.risk': 'Risk ({currency}/yr)', 'assets.cost': 'Replacement ({currency})',
    'assets.value': 'Risk removed per yuan', 'assets.reasons': 'Reasons', 'assets.reasonCount': '{n} reasons',
    'assets.removesNothing': 'removes nothing', 'assets.removesNothingNote': 'replacing it would remove no risk (a new asset, or one whose failure interrupts no one)',
    'assets.benefit': 'Benefit', 'assets.benefitNote': '{currency}, risk removed over {years} years at {rate} % a year, against {spent} spent',
    'assets.bcr': 'Benefit / cost', 'assets.npv': 'net present value {npv} {currency}',
    'assets.count': '{loaded} of {total} matching assets loaded (sorted and paged here)',
    'assets.costsTitle': 'Unit costs', 'assets.costsHeading': 'Unit costs in use (the utility’s own figures, Lumen:Assets)',
    'assets.costsScalars': '{currency}: energy not supplied {ens} per kWh, {complaint} per complaint, {hour} per customer-hour; lines and cables per km.',
    'assets.unitReplacement': 'Replacement ({currency})', 'assets.unitRepair': 'Repair per failure ({currency})', 'assets.unitOutage': 'Outage (h)', 'assets.ownRepairTime': 'the branch’s repair time',
    'assets.planHeading': 'Replacement plan', 'assets.budgetPerYear': 'budget per year (10,000 CNY)', 'assets.years': 'years', 'assets.plan': 'Plan',
    'assets.planYearsFile': 'default plan per year:', 'assets.planReplacementsFile': 'its replacements:', 'assets.running': 'planning… {percent} %', 'assets.planFailed': 'planning failed: {error}',
    'assets.planNote': '{budget} {currency} a year for {years} years, risk as of {year}. Changes are those expected from failures of the registered assets.',
    'assets.replacements': 'Replacements', 'assets.spent': '{spent} {currency} spent',
    'assets.deltaSaidi': 'SAIDI change in {year}', 'assets.perCustomer': 'per customer, against doing nothing',
    'assets.deltaComplaints': 'Complaints change in {year}', 'assets.expectedPerYear': 'expected per year, against doing nothing',
    'assets.riskRemoved': 'Risk removed', 'assets.riskRemovedNote': '{currency} over the horizon',
    'assets.quality': 'Share of the best possible plan', 'assets.qualityNote': 'removes at least this share of the risk the best plan within these budgets could remove (at most {bound} {currency})',
    'assets.effectChart': 'Effect of the plan per year (change against doing nothing)',
    'assets.deltaSaidiSeries': 'SAIDI change (min per customer, left axis)', 'assets.deltaComplaintsSeries': 'complaints change (right axis)',
    'assets.spendChart': 'Spend (left) and risk (right) per year ({currency})', 'assets.budget': 'budget', 'assets.spentSeries': 'spent',
    'assets.riskDoNothing': 'risk if nothing is replaced', 'assets.riskRemaining': 'risk remaining with the plan',
    'class.distribution_transformer': 'distribution transformer', 'class.pole': 'pole', 'class.overhead_line': 'overhead line', 'class.cable': 'cable',
    'class.ring_main_unit': 'ring main unit', 'class.switchgear': 'switchgear', 'class.breaker': 'breaker', 'class.recloser': 'recloser', 'class.fuse': 'fuse',
    'class.load_break_switch': 'load-break switch', 'class.disconnector': 'disconnector', 'class.link_box': 'link box',
    'reason.age': 'age', 'reason.condition': 'condition', 'reason.failures': 'failures', 'reason.customers': 'customers', 'reason.alternate_supply': 'alternate supply',
    'reason.complaints': 'complaints', 'reason.duty': 'duty',
  },
  'zh-CN': {
    'view.assets': '设备与计划',
    'assets.failed': '设备分析失败：{error}',
    'assets.rankingHeading': '设备更换排序（{year} 年风险）',
    'assets.rankingNote': '风险 = 故障概率 × 故障后果（停电户时、缺供电量和投诉，折算为{currency}）；设备台账版本 {revision}，网络版本 {version}。下载包含全部符合条件的设备。',
    'assets.sortBy': '排序依据', 'assets.sortRisk': '风险', 'assets.sortValue': '每元投资降低的风险', 'assets.search': '设备、部件、厂家…',
    'assets.rank': '排名', 'assets.asset': '设备', 'assets.class': '类别', 'assets.age': '运行年限（年）', 'assets.pof': '故障概率（/年）',
    'assets.consequence': '单次故障后果（{currency}）', 'assets.risk': '风险（{currency}/年）', 'assets.cost': '更换费用（{currency}）',
    'assets.value': '每元降低风险', 'assets.reasons': '原因', 'assets.reasonCount': '{n} 条原因',
    'assets.removesNothing': '不降低风险', 'assets.removesNothingNote': '更换后不降低风险（新设备，或其故障不造成用户停电）',
    'assets.benefit': '效益', 'assets.benefitNote': '{currency}，{years} 年内降低的风险按年 {rate}% 折现，投资 {spent}',
    'assets.bcr': '效益费用比', 'assets.npv': '净现值 {npv} {currency}',
    'assets.count': '已加载 {loaded} 台，共 {total} 台符合条件（在此排序和分页）',
    'assets.costsTitle': '单位费用', 'assets.costsHeading': '当前使用的单位费用（本单位数据，Lumen:Assets）',
    'assets.costsScalars': '{currency}：缺供电量 {ens}/kWh，每件投诉 {complaint}，每停电户时 {hour}；线路和电缆按公里计。',
    'assets.unitReplacement': '更换（{currency}）', 'assets.unitRepair': '单次修复（{currency}）', 'assets.unitOutage': '停电时间（小时）', 'assets.ownRepairTime': '按支路修复时间',
    'assets.planHeading': '设备更换计划', 'assets.budgetPerYear': '每年投资（万元）', 'assets.years': '年数', 'assets.plan': '编制计划',
    'assets.planYearsFile': '默认计划（逐年）：', 'assets.planReplacementsFile': '更换清单：', 'assets.running': '计算中… {percent} %', 'assets.planFailed': '计划编制失败：{error}',
    'assets.planNote': '每年 {budget} {currency}，共 {years} 年，风险基准年 {year}。变化量为已登记设备故障引起的预期变化。',
    'assets.replacements': '更换数量', 'assets.spent': '已用 {spent} {currency}',
    'assets.deltaSaidi': '{year} 年用户平均停电时间变化', 'assets.perCustomer': '每户，相对于不更换',
    'assets.deltaComplaints': '{year} 年投诉变化', 'assets.expectedPerYear': '每年预期，相对于不更换',
    'assets.riskRemoved': '降低的风险', 'assets.riskRemovedNote': '{currency}，计划期合计',
    'assets.quality': '达到最优计划的比例', 'assets.qualityNote': '至少达到同等预算下最优计划可降低风险的该比例（最优不超过 {bound} {currency}）',
    'assets.effectChart': '计划每年的效果（相对于不更换的变化）',
    'assets.deltaSaidiSeries': '停电时间变化（分钟/户，左轴）', 'assets.deltaComplaintsSeries': '投诉变化（右轴）',
    'assets.spendChart': '每年投资（左轴）与风险（右轴）（{currency}）', 'assets.budget': '预算', 'assets.spentSeries': '支出',
    'assets.riskDoNothing': '不更换时的风险', 'assets.riskRemaining': '执行计划后的剩余风险',
    'class.distribution_transformer': '配电变压器', 'class.pole': '电杆', 'class.overhead_line': '架空线路', 'class.cable': '电缆',
    'class.ring_main_unit': '环网柜', 'class.switchgear': '开关柜', 'class.breaker': '断路器', 'class.recloser': '重合器', 'class.fuse': '熔断器',
    'class.load_break_switch': '负荷开关', 'class.disconnector': '隔离开关', 'class.link_box': '电缆分支箱',
    'reason.age': '年限', 'reason.condition': '状态', 'reason.failures': '故障记录', 'reason.customers': '影响用户', 'reason.alternate_supply': '转供',
    'reason.complaints': '投诉', 'reason.duty': '负载',
  },
});
