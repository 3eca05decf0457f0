// Repair response (抢修): from the customer's call to restoration, the share of crews arriving later than the
// commitment of the area's class, where crews lose time, and where two more crew bases would cut late arrivals.
import { registerView, href } from '../core/router.js';
import { el, num, kpi, panel, placeholder } from '../core/dom.js';
import { t, fmt, term } from '../core/i18n.js';
import { getOptional } from '../core/api.js';
import { chart, grid, title, axisTooltip, esc, COLOURS } from '../core/charts.js';
import { dataTable } from '../core/table.js';

const GROUPINGS = ['class', 'feeder', 'substation', 'crew'];

function kpis(stats, placement, src) {
  const o = stats.overall;
  const tiles = [
    kpi('orders', t('repair.orders'), num(o.orders, 0, src, 'overall.orders'), t('repair.ordersNote', { years: fmt(stats.years, 1) })),
    kpi('arrival', t('repair.arrival'), [num(o.call_to_arrival?.median_minutes ?? null, 0, src, 'overall.call_to_arrival.median_minutes'), ' ', t('unit.min')],
      t('repair.arrivalNote', { p90: fmt(o.call_to_arrival?.p90_minutes ?? null, 0) })),
    kpi('late', t('repair.late'), [num(o.late_share, 1, src, 'overall.late_share', 100), ' %'], t('repair.lateNote', { late: fmt(o.late, 0) }), o.late_share > 0.1 ? 'bad' : null),
    kpi('restoration', t('repair.restoration'), [num(o.call_to_restoration?.median_minutes ?? null, 0, src, 'overall.call_to_restoration.median_minutes'), ' ', t('unit.min')],
      t('repair.restorationNote', { repair: fmt(o.arrival_to_restoration?.median_minutes ?? null, 0) })),
  ];
  if (placement && placement.bases.length > 0) {
    tiles.push(kpi('bases', t('repair.bases', { n: placement.bases.length }),
      num(placement.late_arrivals_avoided_per_year, 1, '/api/repair/placement', 'late_arrivals_avoided_per_year'),
      t('repair.basesNote', { where: placement.bases.map(b => b.base_id).join(', '), complaints: fmt(placement.complaints_avoided_per_year, 0), saidi: fmt(placement.delta_saidi === null ? null : 60 * placement.delta_saidi, 1) }), 'good'));
  }
  return el('div', { class: 'kpis' }, ...tiles);
}

function groupsTable(stats, by, params, src) {
  const rows = stats.groups.map((g, i) => ({ ...g, _i: i }));
  const path = key => r => `groups.${r._i}.${key}`;
  const table = dataTable([
    { key: 'key', label: t('repair.by.' + by), value: r => (by === 'class' ? term('class.area.', r.key) : r.key) },
    { key: 'orders', label: t('repair.col.orders'), digits: 0, value: r => r.orders, path: path('orders') },
    { key: 'median', label: t('repair.col.median'), digits: 0, value: r => r.call_to_arrival?.median_minutes ?? null, path: path('call_to_arrival.median_minutes') },
    { key: 'p90', label: t('repair.col.p90'), digits: 0, value: r => r.call_to_arrival?.p90_minutes ?? null, path: path('call_to_arrival.p90_minutes') },
    { key: 'repair', label: t('repair.col.repair'), digits: 0, value: r => r.arrival_to_restoration?.median_minutes ?? null, path: path('arrival_to_restoration.median_minutes') },
    { key: 'late', label: t('repair.col.late'), digits: 1, value: r => (r.late_share === null ? null : 100 * r.late_share) },
    { key: 'perCrew', label: t('repair.col.perCrew'), digits: 1, value: r => r.orders_per_crew, path: path('orders_per_crew') },
    { key: 'perMinute', label: t('repair.col.perMinute'), digits: 2, value: r => r.complaints_avoided_per_minute, path: path('complaints_avoided_per_minute') },
  ], { rows, src, params, prefix: 'g_', search: r => r.key });
  const select = el('select', { id: 'repair-by', 'aria-label': t('repair.groupBy'), onchange: e => { location.hash = href('repair', { by: e.target.value }); } },
    ...GROUPINGS.map(g => el('option', { value: g, selected: g === by }, t('repair.by.' + g))));
  return panel(t('repair.groupsHeading'), el('div', { class: 'toolbar' }, el('label', null, t('repair.groupBy') + ' ', select), table.search), table.table, table.footer);
}

function monthChart(node, stats) {
  const months = stats.months;
  chart(node).setOption({
    title: title(t('repair.monthChart')),
    grid: grid({ top: 56 }),
    legend: { top: 22, left: 'center' }, // clear of both axis names
    tooltip: axisTooltip(1, ''),
    xAxis: { type: 'category', data: months.map(m => m.month) },
    yAxis: [{ type: 'value', min: 0, name: '%' }, { type: 'value', min: 0, name: t('unit.min') }],
    series: [
      { name: t('repair.lateSeries'), type: 'bar', data: months.map(m => (m.late_share === null ? null : 100 * m.late_share)), itemStyle: { color: COLOURS.bad } },
      { name: t('repair.p90Series'), type: 'line', yAxisIndex: 1, data: months.map(m => m.call_to_arrival?.p90_minutes ?? null), itemStyle: { color: COLOURS.accent } },
    ],
  });
}

// The late-arrival map: each cell's probability of a late arrival before and after the new bases, existing bases and new ones.
function mapChart(node, placement) {
  const cells = placement.map;
  const point = c => [c.x, c.y, 100 * c.late_probability_before, 100 * c.late_probability_after, c.orders_per_year];
  chart(node).setOption({
    title: title(t('repair.mapChart')),
    grid: grid({ top: 56, bottom: 24 }),
    legend: { top: 22, right: 0 },
    tooltip: {
      formatter: p => (p.seriesIndex === 0
        ? `${esc(t('repair.lateBefore'))}: ${esc(fmt(p.value[2], 0))} %<br>${esc(t('repair.lateAfter'))}: ${esc(fmt(p.value[3], 0))} %<br>${esc(t('repair.ordersPerYear'))}: ${esc(fmt(p.value[4], 1))}`
        : esc(p.name)),
    },
    visualMap: { min: 0, max: 100, dimension: 3, seriesIndex: 0, orient: 'horizontal', left: 0, bottom: 0, itemHeight: 120, text: ['100 %', '0 %'],
      inRange: { color: [COLOURS.good, COLOURS.warn, COLOURS.bad] } },
    xAxis: { type: 'value', scale: true, axisLabel: { show: false }, axisLine: { show: false }, axisTick: { show: false }, splitLine: { show: false } },
    yAxis: { type: 'value', scale: true, axisLabel: { show: false }, axisLine: { show: false }, axisTick: { show: false }, splitLine: { show: false } },
    series: [
      { name: t('repair.lateAfter'), type: 'scatter', data: cells.map(point), symbolSize: c => 4 + Math.min(10, Math.sqrt(c[4])) },
      { name: t('repair.existing'), type: 'scatter', symbol: 'triangle', symbolSize: 12, itemStyle: { color: COLOURS.ink },
        data: placement.existing_bases.map(b => ({ name: b.base_id, value: [b.x, b.y] })) },
      { name: t('repair.new'), type: 'scatter', symbol: 'diamond', symbolSize: 16, itemStyle: { color: COLOURS.accent },
        data: placement.bases.map(b => ({ name: b.base_id, value: [b.x, b.y] })) },
    ],
  });
}

// The new bases, each as a project of its own, and what all of them change together: late arrivals, complaints, SAIDI.
function basesTables(placement) {
  const src = '/api/repair/placement';
  const head = labels => el('thead', null, el('tr', null, ...labels.map((l, i) => el('th', { class: i > 0 ? 'number' : null, scope: 'col' }, l))));
  const cell = (value, digits, path, scale) => el('td', { class: 'number' }, num(value, digits, src, path, scale));
  const bases = el('table', { class: 'data', dataset: { table: 'repair-bases' } },
    head([t('repair.col.site'), t('repair.col.served'), t('repair.col.lateAvoided'), t('repair.col.complaintsAvoided'), t('repair.col.saidi')]),
    el('tbody', null, ...placement.bases.map((b, i) => el('tr', null,
      el('td', null, b.moved_from ? t('repair.movedFrom', { site: b.base_id, from: b.moved_from }) : b.base_id),
      cell(b.orders_per_year_served, 1, `bases.${i}.orders_per_year_served`),
      cell(b.late_arrivals_avoided_per_year, 1, `bases.${i}.late_arrivals_avoided_per_year`),
      cell(b.complaints_avoided_per_year, 1, `bases.${i}.complaints_avoided_per_year`),
      cell(b.delta_saidi, 2, `bases.${i}.delta_saidi`, 60)))));
  const row = (label, key, digits, scale) => el('tr', null, el('td', null, label),
    cell(placement.before[key], digits, `before.${key}`, scale), cell(placement.after[key], digits, `after.${key}`, scale));
  const effect = el('table', { class: 'data', dataset: { table: 'repair-effect' } },
    head(['', t('repair.before'), t('repair.after')]),
    el('tbody', null,
      row(t('repair.effect.late'), 'late_arrivals_per_year', 1),
      row(t('repair.effect.arrival'), 'mean_arrival_minutes', 1),
      row(t('repair.effect.complaints'), 'complaints_per_year', 1),
      row(t('repair.effect.saidi'), 'saidi', 2, 60)));
  return [el('div', { class: 'table-scroll' }, bases), el('div', { class: 'table-scroll' }, effect)];
}

async function render(container, params, context) {
  const by = GROUPINGS.includes(params.get('by')) ? params.get('by') : 'class';
  const src = `/api/repair/stats?by=${by}`;
  const ready = context.status.analyses.repair;
  const [stats, placement] = ready ? await Promise.all([getOptional(src), getOptional('/api/repair/placement')]) : [null, null];
  if (!stats) {
    container.append(panel(t('view.repair'), placeholder(t('app.notAvailable', { what: t('view.repair') }))));
    return;
  }

  container.append(panel(t('repair.heading'), el('p', { class: 'note' }, t('repair.note', {
    classes: stats.classes.map(c => `${term('class.area.', c.area_class)} ${fmt(c.arrival_commitment_minutes, 0)} ${t('unit.min')}`).join(', '),
  })), kpis(stats, placement, src)));
  const monthNode = el('div', { class: 'chart', dataset: { chart: 'repair-months' } });
  container.append(panel(t('repair.monthHeading'), monthNode));
  monthChart(monthNode, stats);
  if (placement) {
    const mapNode = el('div', { class: 'chart tall', dataset: { chart: 'repair-map' } });
    container.append(panel(t('repair.placementHeading'), el('p', { class: 'note' }, t('repair.placementNote', {
      method: t('repair.method.' + (placement.method ?? 'none')), gain: fmt(placement.gain, 1), bound: fmt(placement.upper_bound_gain, 1),
    })), mapNode, ...(placement.before && placement.after ? basesTables(placement) : [])));
    mapChart(mapNode, placement);
  }
  container.append(groupsTable(stats, by, params, src));
}

registerView({ id: 'repair', title: 'view.repair', render }, {
  en: {
    'view.repair': 'Repair response',
    'repair.heading': 'From the call to restoration',
    'repair.note': 'Arrival commitments by area class: {classes}.',
    'repair.orders': 'Repair orders', 'repair.ordersNote': 'over {years} years',
    'repair.arrival': 'Call to arrival, median', 'repair.arrivalNote': '90 % of crews within {p90} min',
    'repair.late': 'Late arrivals', 'repair.lateNote': '{late} arrivals later than the commitment',
    'repair.restoration': 'Call to restoration, median', 'repair.restorationNote': 'of which the repair itself {repair} min',
    'repair.bases': '{n} more crew bases', 'repair.basesNote': 'late arrivals a year fewer with bases at {where}; {complaints} fewer complaints a year; SAIDI {saidi} min',
    'repair.monthHeading': 'By month', 'repair.monthChart': 'Late arrivals (%) and the 90th-percentile arrival time (min)',
    'repair.lateSeries': 'late arrivals (%)', 'repair.p90Series': 'P90 call to arrival (min)',
    'repair.placementHeading': 'Where to station crews', 'repair.mapChart': 'Probability of a late arrival after the new bases',
    'repair.placementNote': 'Chosen by {method}; late arrivals avoided {gain} a year, at most {bound} for any choice of bases.',
    'repair.method.exhaustive': 'exhaustive search', 'repair.method.greedy_interchange': 'greedy selection with interchange', 'repair.method.none': '—',
    'repair.lateBefore': 'late before', 'repair.lateAfter': 'late after', 'repair.ordersPerYear': 'orders a year', 'repair.existing': 'existing bases', 'repair.new': 'new bases',
    'repair.col.site': 'New base', 'repair.col.served': 'Orders a year it reaches first', 'repair.col.lateAvoided': 'Alone: late arrivals avoided a year',
    'repair.col.complaintsAvoided': 'Alone: complaints avoided a year', 'repair.col.saidi': 'Alone: SAIDI change (min)', 'repair.movedFrom': '{site} (moved from {from})',
    'repair.before': 'Existing bases', 'repair.after': 'With the new bases',
    'repair.effect.late': 'Late arrivals a year', 'repair.effect.arrival': 'Mean call to arrival (min)', 'repair.effect.complaints': 'Complaints a year (model)', 'repair.effect.saidi': 'SAIDI (min, predicted)',
    'repair.groupsHeading': 'Response by group', 'repair.groupBy': 'group by',
    'repair.by.class': 'Area class', 'repair.by.feeder': 'Feeder', 'repair.by.substation': 'Substation', 'repair.by.crew': 'Crew',
    'repair.col.orders': 'Orders', 'repair.col.median': 'Arrival, median (min)', 'repair.col.p90': 'Arrival, P90 (min)', 'repair.col.repair': 'Repair, median (min)',
    'repair.col.late': 'Late (%)', 'repair.col.perCrew': 'Orders per crew', 'repair.col.perMinute': 'Complaints avoided per minute sooner',
    'class.area.urban': 'urban', 'class.area.rural': 'rural', 'class.area.remote': 'remote',
  },
  'zh-CN': {
    'view.repair': '故障抢修',
    'repair.heading': '从报修到恢复供电',
    'repair.note': '各类区域到达现场时限：{classes}。',
    'repair.orders': '故障报修工单', 'repair.ordersNote': '共 {years} 年',
    'repair.arrival': '到达现场时长（中位数）', 'repair.arrivalNote': '90% 的抢修在 {p90} 分钟内到达',
    'repair.late': '超时到达占比', 'repair.lateNote': '{late} 次到达超过承诺时限',
    'repair.restoration': '报修至复电时长（中位数）', 'repair.restorationNote': '其中现场抢修 {repair} 分钟',
    'repair.bases': '新增 {n} 个抢修驻点', 'repair.basesNote': '驻点设于 {where}，每年减少超时到达；每年减少投诉 {complaints} 件；SAIDI 变化 {saidi} 分钟',
    'repair.monthHeading': '按月', 'repair.monthChart': '超时到达占比（%）与到达时长 P90（分钟）',
    'repair.lateSeries': '超时到达占比（%）', 'repair.p90Series': '到达时长 P90（分钟）',
    'repair.placementHeading': '抢修驻点布局', 'repair.mapChart': '新增驻点后超时到达的概率',
    'repair.placementNote': '求解方法：{method}；每年减少超时到达 {gain} 次，任何布局至多 {bound} 次。',
    'repair.method.exhaustive': '穷举搜索', 'repair.method.greedy_interchange': '贪心选择加交换改进', 'repair.method.none': '—',
    'repair.lateBefore': '新增前超时概率', 'repair.lateAfter': '新增后超时概率', 'repair.ordersPerYear': '年工单数', 'repair.existing': '现有驻点', 'repair.new': '新增驻点',
    'repair.col.site': '新增驻点', 'repair.col.served': '其最先到达的年工单数', 'repair.col.lateAvoided': '单独设置：每年减少超时到达',
    'repair.col.complaintsAvoided': '单独设置：每年减少投诉', 'repair.col.saidi': '单独设置：用户平均停电时间变化（分钟）', 'repair.movedFrom': '{site}（由 {from} 迁入）',
    'repair.before': '现有驻点', 'repair.after': '新增驻点后',
    'repair.effect.late': '每年超时到达次数', 'repair.effect.arrival': '平均到达时长（分钟）', 'repair.effect.complaints': '每年投诉（模型）', 'repair.effect.saidi': 'SAIDI（分钟，预测）',
    'repair.groupsHeading': '分组统计', 'repair.groupBy': '分组',
    'repair.by.class': '区域类别', 'repair.by.feeder': '线路', 'repair.by.substation': '变电站', 'repair.by.crew': '抢修班组',
    'repair.col.orders': '工单数', 'repair.col.median': '到达时长中位数（分钟）', 'repair.col.p90': '到达时长 P90（分钟）', 'repair.col.repair': '抢修时长中位数（分钟）',
    'repair.col.late': '超时占比（%）', 'repair.col.perCrew': '每班组工单数', 'repair.col.perMinute': '每提前 1 分钟减少投诉',
    'class.area.urban': '城市', 'class.area.rural': '农村', 'class.area.remote': '偏远',
  },
});
