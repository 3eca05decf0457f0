// Overview: the key figures of every area on one screen (1366×768) and what changed since the last network version.
import { registerView, href } from '../core/router.js';
import { el, num, kpi, panel, placeholder } from '../core/dom.js';
import { t, fmt, fmtTime } from '../core/i18n.js';
import { getJson, getOptional } from '../core/api.js';

const HOURS_PER_YEAR = 8766;

function tile(view, id, label, value, unit, tone) {
  const node = kpi(id, label, value, unit, tone);
  const link = el('a', { href: href(view), class: node.className, dataset: node.dataset });
  link.replaceChildren(...node.childNodes);
  return link;
}

// A change row: the stored value of the previous and current version, and the difference (up is worse when worseUp).
function changeRow(label, digits, before, after, path, worseUp) {
  const delta = before === null || after === null || before === undefined || after === undefined ? null : after - before;
  const tone = delta === null || Math.abs(delta) < 0.5 * 10 ** -digits ? '' : (delta > 0) === worseUp ? 'up' : 'down';
  return el('tr', null, el('td', null, label),
    el('td', { class: 'number' }, before === undefined ? '—' : num(before, digits, '/api/changes', 'previous.' + path)),
    el('td', { class: 'number' }, num(after, digits, '/api/changes', 'current.' + path)),
    el('td', { class: 'number ' + tone }, delta === null ? '—' : (delta > 0 ? '+' : '') + fmt(delta, digits)));
}

function changes(doc) {
  const c = doc.current;
  const p = doc.previous;
  const heading = p
    ? t('overview.changesSince', { previous: p.network.version, current: c.network.version, time: fmtTime(c.network.imported_at) })
    : t('overview.firstVersion', { current: c.network.version, time: fmtTime(c.network.imported_at) });
  const rows = [
    [t('overview.buses'), 0, 'network.buses', false],
    [t('overview.feeders'), 0, 'network.feeders', false],
    [t('overview.areas'), 0, 'network.load_points', false],
    [t('overview.customers'), 0, 'network.customers', false],
    [t('kpi.saifi'), 3, 'reliability.saifi', true],
    [t('kpi.saidi'), 2, 'reliability.saidi', true],
    [t('kpi.rs1'), 4, 'reliability.rs_1', false],
    [t('kpi.ens'), 1, 'reliability.ens_mwh', true],
  ];
  const value = (doc, path) => path.split('.').reduce((o, k) => (o === null || o === undefined ? undefined : o[k]), doc);
  return panel(t('overview.changes'),
    el('p', { class: 'note' }, heading),
    el('table', { class: 'data changes' },
      el('thead', null, el('tr', null, el('th', null, ''), el('th', { class: 'number' }, p ? t('overview.versionN', { n: p.network.version }) : t('overview.before')),
        el('th', { class: 'number' }, t('overview.versionN', { n: c.network.version })), el('th', { class: 'number' }, t('overview.change')))),
      el('tbody', null, ...rows.map(([label, digits, path, worseUp]) =>
        changeRow(label, digits, p ? value(p, path) ?? null : undefined, value(c, path) ?? null, path, worseUp)))),
    doc.data.length ? el('table', { class: 'data changes', id: 'data-imports' },
      el('thead', null, el('tr', null, el('th', null, t('overview.data')), el('th', null, t('overview.imported')),
        el('th', { class: 'number' }, t('overview.rowsBefore')), el('th', { class: 'number' }, t('overview.rows')))),
      el('tbody', null, ...doc.data.map((d, i) => el('tr', null, el('td', null, t('overview.data.' + d.kind)), el('td', null, fmtTime(d.imported_at)),
        el('td', { class: 'number' }, d.previous_rows === null ? '—' : num(d.previous_rows, 0, '/api/changes', `data.${i}.previous_rows`)),
        el('td', { class: 'number' }, num(d.rows, 0, '/api/changes', `data.${i}.rows`)))))) : null);
}

async function render(container, params, context) {
  const analyses = context.status.analyses;
  const [system, changeDoc, history, voltage, meters, complaints, forecasts, plan] = await Promise.all([
    getJson('/api/reliability'),
    getJson('/api/changes'),
    analyses.outage_history ? getOptional('/api/outages') : null,
    analyses.voltage ? getOptional('/api/voltage') : null,
    analyses.voltage_readings ? getOptional('/api/voltage/stats?by=feeder&top=0') : null,
    analyses.outage_history ? getOptional('/api/complaints/summary') : null,
    analyses.forecast ? getOptional('/api/forecasts') : null,
    analyses.assets ? getOptional('/api/assets/plan') : null,
  ]);
  const s = system.system;
  const tiles = [
    tile('reliability', 'saifi', t('kpi.saifi'), num(s.saifi, 3, '/api/reliability', 'system.saifi'), t('unit.saifi')),
    tile('reliability', 'saidi', t('kpi.saidi'), num(s.saidi, 2, '/api/reliability', 'system.saidi'), t('unit.saidi')),
    tile('reliability', 'rs1', t('kpi.rs1'), [num(s.rs_1, 4, '/api/reliability', 'system.rs_1'), ' %'], t('unit.rs1')),
    tile('feeders', 'customers', t('overview.customers'), num(s.customers, 0, '/api/reliability', 'system.customers'),
      t('overview.network', { feeders: fmt(system.feeders, 0), areas: fmt(system.load_points, 0) })),
  ];
  if (history) {
    const years = history.all_days.period_hours / HOURS_PER_YEAR;
    tiles.push(tile('history', 'history-saidi', t('overview.historySaidi'), num(history.all_days.saidi, 2, '/api/outages', 'all_days.saidi', 1 / years),
      t('overview.historyPeriod', { from: history.period.from.slice(0, 10), to: history.period.to.slice(0, 10) })));
  }
  if (voltage && voltage.converged) {
    tiles.push(tile('voltage', 'predicted-low', t('overview.predictedLow'), num(voltage.low_voltage_customers, 0, '/api/voltage', 'low_voltage_customers'), t('overview.predictedLowNote'),
      voltage.low_voltage_customers > 0 ? 'warn' : 'good'));
  }
  if (meters) {
    tiles.push(tile('voltage', 'meter-low', t('overview.meterLow'), num(meters.total.low_voltage_customers, 0, '/api/voltage/stats?by=feeder&top=0', 'total.low_voltage_customers'),
      t('overview.meterLowNote', { compliance: fmt(meters.total.compliance_percent, 2) })));
  }
  if (complaints) {
    tiles.push(tile('complaints', 'complaints', t('overview.complaints'), num(complaints.complaints, 0, '/api/complaints/summary', 'complaints'),
      t('overview.complaintsNote', { outages: fmt(complaints.linked_to_outages, 0) })));
  }
  if (forecasts) {
    const flagged = forecasts.items.filter(i => i.first_overload_year !== null).length;
    tiles.push(tile('forecast', 'flagged', t('overview.flagged'), fmt(flagged, 0), t('overview.flaggedNote', { series: fmt(forecasts.items.length, 0) }), flagged > 0 ? 'warn' : 'good'));
  }
  if (plan) {
    const last = plan.years[plan.years.length - 1];
    tiles.push(tile('assets', 'plan', t('overview.plan'), [num(last.delta_saidi, 1, '/api/assets/plan', `years.${plan.years.length - 1}.delta_saidi`, 60), ' ', t('unit.min')],
      t('overview.planNote', { year: last.calendar_year, budget: fmt(plan.years[0].budget, 0), wan: fmt(plan.years[0].budget / 1e4, 0), currency: plan.currency })));
  }
  const missing = ['outage_history', 'voltage', 'forecast', 'assets'].filter(a => !analyses[a]);
  container.append(el('div', { class: 'overview-grid' },
    panel(t('overview.figures'), el('div', { class: 'tiles' }, ...tiles),
      missing.length ? placeholder(t('app.notAvailable', { what: missing.map(m => t('analysis.' + m)).join(t('overview.listSeparator')) })) : null),
    changes(changeDoc)));
}

registerView({ id: 'overview', title: 'view.overview', render }, {
  en: {
    'view.overview': 'Overview',
    'kpi.saifi': 'SAIFI (AITC-1)', 'kpi.saidi': 'SAIDI (AIHC-1)', 'kpi.caidi': 'CAIDI', 'kpi.rs1': 'Supply reliability RS-1', 'kpi.ens': 'Energy not supplied (ENS)',
    'unit.saifi': 'interruptions per customer per year (predicted)', 'unit.saidi': 'hours per customer per year (predicted)', 'unit.rs1': 'share of time supplied (predicted)',
    'unit.min': 'min', 'unit.caidi': 'hours per interruption', 'unit.ens': 'MWh per year',
    'overview.figures': 'Key figures', 'overview.customers': 'Customers', 'overview.network': '{feeders} feeders, {areas} transformer areas',
    'overview.historySaidi': 'Recorded SAIDI per year', 'overview.historyPeriod': 'outage records {from} to {to}',
    'overview.predictedLow': 'Low-voltage customers at peak (power flow)', 'overview.predictedLowNote': 'predicted by the peak-load power flow',
    'overview.meterLow': 'Low-voltage customers (meters)', 'overview.meterLowNote': 'measured by meters; voltage compliance {compliance} %',
    'overview.complaints': '95598 complaints', 'overview.complaintsNote': '{outages} linked to outages',
    'overview.flagged': 'Series above rating within 5 years', 'overview.flaggedNote': 'P90 peak of {series} load series',
    'overview.plan': 'Replacement plan: SAIDI change', 'overview.planNote': 'in {year}, at {budget} {currency} a year',
    'overview.changes': 'What changed since the last version', 'overview.changesSince': 'Network version {previous} → {current} (imported {time}); red is worse, green better.',
    'overview.firstVersion': 'Version {current} (imported {time}) is the first stored version: nothing to compare with yet.',
    'overview.versionN': 'version {n}', 'overview.before': 'before', 'overview.change': 'change',
    'overview.data': 'Data', 'overview.imported': 'newest import', 'overview.rowsBefore': 'rows before', 'overview.rows': 'rows',
    'overview.data.outages': 'outage records', 'overview.data.complaints': '95598 complaints', 'overview.data.asset_register': 'asset register',
    'overview.buses': 'Buses', 'overview.feeders': 'Feeders', 'overview.areas': 'Transformer areas', 'overview.listSeparator': ', ',
    'analysis.outage_history': 'outage history', 'analysis.voltage': 'voltage', 'analysis.forecast': 'demand forecasts', 'analysis.assets': 'asset replacement ranking and plan',
  },
  'zh-CN': {
    'view.overview': '总览',
    'kpi.saifi': '用户平均停电次数 (AITC-1, SAIFI)', 'kpi.saidi': '用户平均停电时间 (AIHC-1, SAIDI)', 'kpi.caidi': '停电平均持续时间 (CAIDI)', 'kpi.rs1': '供电可靠率 RS-1', 'kpi.ens': '缺供电量 (ENS)',
    'unit.saifi': '次/户·年（预测）', 'unit.saidi': '小时/户·年（预测）', 'unit.rs1': '供电时间占比（预测）',
    'unit.min': '分钟', 'unit.caidi': '小时/次', 'unit.ens': 'MWh/年',
    'overview.figures': '关键指标', 'overview.customers': '用户数', 'overview.network': '{feeders} 条线路，{areas} 个台区',
    'overview.historySaidi': '历史用户平均停电时间（每年）', 'overview.historyPeriod': '停电记录 {from} 至 {to}',
    'overview.predictedLow': '高峰低电压用户（潮流计算）', 'overview.predictedLowNote': '由高峰负荷潮流计算预测',
    'overview.meterLow': '低电压用户（电能表实测）', 'overview.meterLowNote': '电能表实测；电压合格率 {compliance} %',
    'overview.complaints': '95598 工单', 'overview.complaintsNote': '其中 {outages} 件关联到停电',
    'overview.flagged': '5 年内超过额定容量的序列', 'overview.flaggedNote': '{series} 条负荷序列的 P90 峰值',
    'overview.plan': '设备更换计划：用户平均停电时间变化', 'overview.planNote': '{year} 年，每年投资 {wan} 万元',
    'overview.changes': '与上一版本相比的变化', 'overview.changesSince': '网络版本 {previous} → {current}（导入于 {time}）；红色变差，绿色改善。',
    'overview.firstVersion': '版本 {current}（导入于 {time}）是库中第一个版本，暂无可比较的版本。',
    'overview.versionN': '版本 {n}', 'overview.before': '之前', 'overview.change': '变化',
    'overview.data': '数据', 'overview.imported': '最近导入', 'overview.rowsBefore': '之前行数', 'overview.rows': '行数',
    'overview.data.outages': '停电记录', 'overview.data.complaints': '95598 工单', 'overview.data.asset_register': '设备台账',
    'overview.buses': '节点', 'overview.feeders': '线路', 'overview.areas': '台区', 'overview.listSeparator': '、',
    'analysis.outage_history': '停电历史', 'analysis.voltage': '电压', 'analysis.forecast': '负荷预测', 'analysis.assets': '设备更换排序与计划',
  },
});
