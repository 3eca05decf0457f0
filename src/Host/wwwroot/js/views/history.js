// Outage history: recorded indices (IEEE 1366 / DL/T 836) with and without major event days, by month and cause,
// statistics by split and the worst-served transformer areas, each table downloadable.
import { registerView, href } from '../core/router.js';
import { el, num, kpi, panel, downloads, placeholder } from '../core/dom.js';
import { t, fmt, fmtDate, term } from '../core/i18n.js';
import { getJson, getOptional } from '../core/api.js';
import { chart, grid, title, axisTooltip, barsOption, COLOURS } from '../core/charts.js';
import { dataTable } from '../core/table.js';

const HOURS_PER_YEAR = 8766;
const SPLITS = ['feeder', 'substation', 'month', 'cause', 'nature'];

function indexColumns(prefix) {
  return [
    { key: 'customers', label: t('history.customers'), digits: 0, value: r => r.indices.customers_served, path: r => `${prefix}.${r._i}.indices.customers_served` },
    { key: 'events', label: t('history.events'), digits: 0, value: r => r.indices.sustained_events, path: r => `${prefix}.${r._i}.indices.sustained_events` },
    { key: 'saifi', label: t('history.saifiPeriod'), digits: 3, value: r => r.indices.saifi, path: r => `${prefix}.${r._i}.indices.saifi` },
    { key: 'saidi', label: t('history.saidiPeriod'), digits: 2, value: r => r.indices.saidi, path: r => `${prefix}.${r._i}.indices.saidi` },
    { key: 'caidi', label: t('history.caidi'), digits: 2, value: r => r.indices.caidi, path: r => `${prefix}.${r._i}.indices.caidi` },
    { key: 'rs1', label: t('history.rs1'), digits: 4, value: r => r.indices.rs_1, path: r => `${prefix}.${r._i}.indices.rs_1` },
    { key: 'maifi', label: t('history.maifi'), digits: 2, value: r => r.indices.maifi, path: r => `${prefix}.${r._i}.indices.maifi` },
  ];
}

async function splitPanel(params) {
  const split = SPLITS.includes(params.get('split')) ? params.get('split') : 'feeder';
  const src = `/api/outages?by=${split}`;
  const doc = await getJson(src);
  const rows = doc.splits[split].map((r, i) => ({ ...r, _i: i }));
  const table = dataTable([
    { key: 'key', label: t('history.split.' + split), value: r => (split === 'cause' ? term('cause.', r.key) : split === 'nature' ? term('nature.', r.key) : r.key) },
    ...indexColumns(`splits.${split}`),
  ], { rows, src, params, prefix: 's_' });
  const select = el('select', { id: 'history-split', 'aria-label': t('history.splitBy'), onchange: e => { location.hash = href('history', { split: e.target.value }); } }, ...SPLITS.map(s => el('option', { value: s, selected: s === split }, t('history.split.' + s))));
  return panel(t('history.byHeading'),
    el('div', { class: 'toolbar' }, el('label', null, t('history.splitBy') + ' ', select), table.search, downloads('outage_stats', new URLSearchParams({ by: split }))),
    el('p', { class: 'note' }, t('history.periodNote', { hours: fmt(doc.indices.period_hours, 0) })),
    table.table, table.footer);
}

async function worstPanel(params) {
  const src = '/api/export/worst_served.json?top=100';
  const doc = await getJson(src);
  const rows = doc.rows.map((r, i) => ({ ...r, _i: i }));
  const table = dataTable([
    { key: 'load_point', label: t('history.loadPoint'), value: r => r.load_point },
    { key: 'feeder', label: t('common.feeder'), value: r => r.feeder },
    { key: 'customers', label: t('history.customers'), digits: 0, value: r => r.customers, path: r => `rows.${r._i}.customers` },
    { key: 'interruptions', label: t('history.interruptions'), digits: 0, value: r => r.sustained_interruptions, path: r => `rows.${r._i}.sustained_interruptions` },
    { key: 'momentary', label: t('history.momentary'), digits: 0, value: r => r.momentary_events, path: r => `rows.${r._i}.momentary_events` },
    { key: 'hours', label: t('history.hours'), digits: 1, value: r => r.interruption_hours, path: r => `rows.${r._i}.interruption_hours` },
  ], { rows, src, params, prefix: 'w_', pageSize: 15 });
  return panel(t('history.worstHeading'),
    el('div', { class: 'toolbar' }, table.search, downloads('worst_served')),
    el('p', { class: 'note' }, t('history.worstNote')),
    table.table, table.footer);
}

async function render(container, params) {
  const src = '/api/outages?by=month,cause';
  const doc = await getOptional(src);
  if (!doc) {
    container.append(panel(t('view.history'), placeholder(t('app.notAvailable', { what: t('analysis.outage_history') }))));
    return;
  }
  const months = doc.splits.month;
  const causes = doc.splits.cause.slice(0, 10);
  const a = doc.all_days;
  const x = doc.excluding_major_event_days;
  const years = a.period_hours / HOURS_PER_YEAR;
  const medDays = doc.major_event_days.days.length;
  container.append(panel(t('history.heading', { from: fmtDate(doc.period.from), to: fmtDate(doc.period.to) }),
    el('p', { class: 'note' }, t('history.note', { threshold: fmt(doc.major_event_days.threshold_hours, 2), days: fmt(medDays, 0) })),
    el('div', { class: 'kpis' },
      kpi('history-saifi', t('history.saifiYear'), num(a.saifi, 3, src, 'all_days.saifi', 1 / years), t('history.withoutMed', { value: fmt(x.saifi / years, 3) })),
      kpi('history-saidi', t('history.saidiYear'), num(a.saidi, 2, src, 'all_days.saidi', 1 / years), t('history.withoutMed', { value: fmt(x.saidi / years, 2) })),
      kpi('history-rs1', t('kpi.rs1'), [num(a.rs_1, 4, src, 'all_days.rs_1'), ' %'], t('history.overPeriod')),
      kpi('history-maifi', t('history.maifiYear'), num(a.maifi, 2, src, 'all_days.maifi', 1 / years), t('history.momentaryNote')),
      kpi('history-events', t('history.events'), num(a.sustained_events, 0, src, 'all_days.sustained_events'), t('history.medDays', { days: fmt(medDays, 0) })))));

  const monthNode = el('div', { class: 'chart', dataset: { chart: 'history' } });
  const causeNode = el('div', { class: 'chart', dataset: { chart: 'causes' } });
  container.append(el('div', { class: 'grid' }, panel(t('history.byMonth'), monthNode), panel(t('history.byCause'), causeNode)));
  chart(monthNode).setOption({
    title: title(t('history.monthChart')),
    grid: grid({ bottom: 30 }),
    tooltip: axisTooltip(2, 'h'),
    xAxis: { type: 'category', data: months.map(m => m.key), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', min: 0, name: 'h', nameGap: 8 },
    dataZoom: [{ type: 'inside' }],
    series: [{ name: t('history.saidiMonth'), type: 'bar', data: months.map(m => m.indices.saidi), itemStyle: { color: COLOURS.accent } }],
  });
  const c = causes.slice().reverse();
  chart(causeNode).setOption(barsOption({
    heading: t('history.causeChart'), labels: c.map(r => term('cause.', r.key)), values: c.map(r => r.indices.saidi), digits: 2, unit: 'h', axisName: t('history.saidiPeriod'), colour: '#5d4037',
  }));
  container.append(await splitPanel(params), await worstPanel(params));
}

registerView({ id: 'history', title: 'view.history', render }, {
  en: {
    'view.history': 'Outage history',
    'history.heading': 'Recorded outages {from} to {to}',
    'history.note': 'Major event days by IEEE 1366 2.5β: days whose SAIDI exceeds {threshold} h ({days} in the period). Per-year values divide the period totals by its length.',
    'history.saifiYear': 'SAIFI per year', 'history.saidiYear': 'SAIDI per year (h)', 'history.maifiYear': 'MAIFI per year',
    'history.withoutMed': '{value} without major event days', 'history.overPeriod': 'over the period', 'history.momentaryNote': 'momentary interruptions per customer',
    'history.events': 'Sustained outages', 'history.medDays': '{days} major event days',
    'history.byMonth': 'By month', 'history.byCause': 'By cause', 'history.monthChart': 'SAIDI by month (h)', 'history.saidiMonth': 'SAIDI',
    'history.causeChart': 'SAIDI by cause over the period (h), top 10',
    'history.byHeading': 'Outage statistics by split', 'history.splitBy': 'split by',
    'history.split.feeder': 'Feeder', 'history.split.substation': 'Substation', 'history.split.month': 'Month', 'history.split.cause': 'Cause', 'history.split.nature': 'Nature (fault / planned)',
    'history.periodNote': 'Indices over the whole period ({hours} h), all days.',
    'history.customers': 'Customers', 'history.saifiPeriod': 'SAIFI (period)', 'history.saidiPeriod': 'SAIDI (h, period)', 'history.caidi': 'CAIDI (h)', 'history.rs1': 'RS-1 (%)', 'history.maifi': 'MAIFI (period)',
    'history.worstHeading': 'Worst-served transformer areas', 'history.worstNote': 'The transformer areas with the most sustained interruptions and the longest total interruption in the records, longest first.',
    'cause.maintenance': 'maintenance', 'cause.unknown': 'unknown', 'cause.weather': 'weather', 'cause.supply_shortage': 'supply shortage', 'cause.equipment': 'equipment failure', 'cause.external_damage': 'external damage', 'cause.urgent_repair': 'urgent repair', 'cause.animal': 'animals', 'cause.overload': 'overload', 'cause.vegetation': 'vegetation', 'cause.planned': 'planned work',
    'nature.fault': 'fault', 'nature.planned': 'planned', 'nature.temporary': 'temporary (pre-arranged)', 'nature.supply_shortage': 'supply shortage', 'nature.prearranged': 'pre-arranged',
    'history.loadPoint': 'Transformer area', 'history.interruptions': 'Interruptions', 'history.momentary': 'Momentary', 'history.hours': 'Hours interrupted',
  },
  'zh-CN': {
    'view.history': '停电历史',
    'history.heading': '停电记录 {from} 至 {to}',
    'history.note': '重大事件日按 IEEE 1366 2.5β 法识别：当日用户平均停电时间超过 {threshold} 小时（本期 {days} 天）。年值为统计期总值除以年数。',
    'history.saifiYear': '用户平均停电次数（每年）', 'history.saidiYear': '用户平均停电时间（小时/年）', 'history.maifiYear': '平均瞬时停电次数（每年）',
    'history.withoutMed': '不计重大事件日：{value}', 'history.overPeriod': '统计期内', 'history.momentaryNote': '次/户，瞬时停电',
    'history.events': '持续停电事件', 'history.medDays': '重大事件日 {days} 天',
    'history.byMonth': '按月', 'history.byCause': '按原因', 'history.monthChart': '各月用户平均停电时间（小时）', 'history.saidiMonth': '用户平均停电时间',
    'history.causeChart': '各停电原因的用户平均停电时间（小时，统计期），前 10',
    'history.byHeading': '停电指标分类统计', 'history.splitBy': '分类',
    'history.split.feeder': '线路', 'history.split.substation': '变电站', 'history.split.month': '月份', 'history.split.cause': '停电原因', 'history.split.nature': '停电性质（故障/预安排）',
    'history.periodNote': '全统计期（{hours} 小时）指标，含所有日期。',
    'history.customers': '用户数', 'history.saifiPeriod': '停电次数（统计期）', 'history.saidiPeriod': '停电时间（小时，统计期）', 'history.caidi': '平均持续时间（小时）', 'history.rs1': '供电可靠率 RS-1 (%)', 'history.maifi': '瞬时停电次数（统计期）',
    'history.worstHeading': '供电最差的台区', 'history.worstNote': '记录中持续停电次数最多、累计停电时间最长的台区，按停电时间降序。',
    'cause.maintenance': '检修', 'cause.unknown': '原因不明', 'cause.weather': '天气', 'cause.supply_shortage': '电源不足限电', 'cause.equipment': '设备故障', 'cause.external_damage': '外力破坏', 'cause.urgent_repair': '紧急抢修', 'cause.animal': '动物', 'cause.overload': '过负荷', 'cause.vegetation': '树障', 'cause.planned': '计划工作',
    'nature.fault': '故障停电', 'nature.planned': '计划停电', 'nature.temporary': '临时停电', 'nature.supply_shortage': '限电', 'nature.prearranged': '预安排停电',
    'history.loadPoint': '台区', 'history.interruptions': '停电次数', 'history.momentary': '瞬时停电', 'history.hours': '累计停电小时',
  },
});
