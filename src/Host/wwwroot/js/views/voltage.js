// Voltage: the peak-load power flow's prediction and the meters' measurement side by side (they answer different
// questions, so they disagree), voltage compliance by feeder and by transformer area, overloaded branches.
import { registerView } from '../core/router.js';
import { el, num, kpi, panel, downloads, placeholder } from '../core/dom.js';
import { t, fmt, term } from '../core/i18n.js';
import { getJson, getOptional } from '../core/api.js';
import { chart, barsOption, COLOURS, empty } from '../core/charts.js';
import { dataTable } from '../core/table.js';

// Compliance bands (%): the chart's colours and its legend use the same table.
const COMPLIANCE_BANDS = [[90, COLOURS.bad], [99, COLOURS.warn], [Infinity, COLOURS.good]];
const complianceColour = v => COMPLIANCE_BANDS.find(([limit]) => v < limit)[1];

function comparison(predicted, meters) {
  const side = (id, heading, value, measures, extra) => el('div', { dataset: { measure: id } },
    el('div', { class: 'label muted' }, heading), el('div', { class: 'value' }, value), el('p', { class: 'note' }, measures), extra);
  return panel(t('voltage.compareHeading'),
    el('div', { class: 'compare' },
      side('meters', t('voltage.meterLow'), meters ? num(meters.total.low_voltage_customers, 0, '/api/voltage/stats?by=feeder&top=0', 'total.low_voltage_customers') : '—',
        t('voltage.meterMeasures', { profile: meters ? term('profile.', meters.profile) : '—' }),
        meters ? el('p', { class: 'muted' }, t('voltage.meterPeriod', { hours: fmt(meters.total.monitored_hours, 0), points: fmt(meters.total.points, 0) })) : null),
      side('powerflow', t('voltage.predictedLow'), predicted && predicted.converged ? num(predicted.low_voltage_customers, 0, '/api/voltage', 'low_voltage_customers') : '—',
        t('voltage.predictedMeasures', { factor: predicted ? fmt(predicted.peak_coincidence_factor, 2) : '—', source: predicted ? fmt(predicted.source_voltage_pu, 2) : '—' }),
        predicted && predicted.converged ? el('p', { class: 'muted' }, t('voltage.predictedAreas', { areas: fmt(predicted.low_voltage_areas, 0), min: fmt(predicted.min_voltage_pu, 3), bus: predicted.min_voltage_bus ?? '—' })) : null)),
    el('p', { class: 'note' }, t('voltage.whyDiffer')));
}

async function render(container, params, context) {
  const [predicted, meters] = await Promise.all([
    context.status.analyses.voltage ? getOptional('/api/voltage') : null,
    context.status.analyses.voltage_readings ? getOptional('/api/voltage/stats?by=feeder&top=0') : null,
  ]);
  if (!predicted && !meters) {
    container.append(panel(t('view.voltage'), placeholder(t('app.notAvailable', { what: t('analysis.voltage') }))));
    return;
  }
  container.append(comparison(predicted, meters));

  if (meters) {
    const src = '/api/voltage/stats?by=feeder&top=0';
    const m = meters.total;
    container.append(panel(t('voltage.meterHeading', { profile: term('profile.', meters.profile) }),
      el('div', { class: 'kpis' },
        kpi('compliance', t('voltage.compliance'), [num(m.compliance_percent, 2, src, 'total.compliance_percent'), ' %'], t('voltage.monitored', { hours: fmt(m.monitored_hours, 0) }),
          m.compliance_percent < 90 ? 'bad' : m.compliance_percent < 99 ? 'warn' : 'good'),
        kpi('above', t('voltage.hoursAbove'), num(m.hours_above, 0, src, 'total.hours_above'), t('voltage.hoursUnit')),
        kpi('below', t('voltage.hoursBelow'), num(m.hours_below, 0, src, 'total.hours_below'), t('voltage.hoursUnit')),
        kpi('episodes', t('voltage.episodes'), num(m.episodes, 0, src, 'total.episodes'), t('voltage.episodesNote')),
        kpi('missing', t('voltage.missing'), num(m.missing_hours, 0, src, 'total.missing_hours'), t('voltage.missingNote')))));
    const rows = meters.groups.slice().sort((a, b) => a.compliance_percent - b.compliance_percent).slice(0, 30).reverse();
    const byFeeder = el('div', { class: 'chart', dataset: { chart: 'compliance' } });
    byFeeder.style.height = `${120 + 22 * rows.length}px`;
    let lower = 0;
    const bandLegend = el('div', { class: 'legend' }, ...COMPLIANCE_BANDS.map(([limit, colour]) => {
      const text = limit === Infinity ? `≥ ${fmt(lower, 0)} %` : `${fmt(lower, 0)}–${fmt(limit, 0)} %`;
      lower = limit;
      return el('span', null, el('span', { class: 'swatch', style: `background:${colour}` }), text);
    }));
    const areas = await getJson('/api/export/voltage_compliance.json?by=area');
    const areaRows = areas.rows.map((r, i) => ({ ...r, _i: i }));
    const areaSrc = '/api/export/voltage_compliance.json?by=area';
    const table = dataTable([
      { key: 'area', label: t('voltage.area'), value: r => r.area },
      { key: 'compliance', label: t('voltage.complianceCol'), digits: 2, value: r => r.compliance_percent, path: r => `rows.${r._i}.compliance_percent` },
      { key: 'monitored', label: t('voltage.monitoredCol'), digits: 0, value: r => r.monitored_hours, path: r => `rows.${r._i}.monitored_hours` },
      { key: 'above', label: t('voltage.aboveCol'), digits: 0, value: r => r.hours_above, path: r => `rows.${r._i}.hours_above` },
      { key: 'below', label: t('voltage.belowCol'), digits: 0, value: r => r.hours_below, path: r => `rows.${r._i}.hours_below` },
      { key: 'low', label: t('voltage.lowCol'), digits: 0, value: r => r.low_voltage_customers, path: r => `rows.${r._i}.low_voltage_customers` },
    ], { rows: areaRows, src: areaSrc, params, prefix: 'a_', pageSize: 15 });
    container.append(panel(t('voltage.byFeeder'), bandLegend, byFeeder),
      panel(t('voltage.byArea'), el('div', { class: 'toolbar' }, table.search, downloads('voltage_compliance', new URLSearchParams({ by: 'area' }))), table.table, table.footer));
    chart(byFeeder).setOption(barsOption({
      heading: t('voltage.feederChart'), labels: rows.map(g => g.key), values: rows.map(g => g.compliance_percent), digits: 2, unit: '%',
      axisName: t('voltage.complianceCol'), colours: rows.map(g => complianceColour(g.compliance_percent)), max: 100,
    }));
  }

  if (predicted) {
    if (!predicted.converged) {
      container.append(panel(t('voltage.predictedHeading'), placeholder(t('voltage.notConverged', { iterations: predicted.iterations }))));
      return;
    }
    const [low, overloaded] = await Promise.all([getJson('/api/voltage/low-areas?top=20'), getJson('/api/voltage/overloaded?top=20')]);
    const src = '/api/voltage';
    container.append(panel(t('voltage.predictedHeading'),
      el('div', { class: 'kpis' },
        kpi('load', t('voltage.load'), num(predicted.load_kw, 1, src, 'load_kw', 0.001), t('voltage.loadNote', { factor: fmt(predicted.peak_coincidence_factor, 2) })),
        kpi('min-voltage', t('voltage.minVoltage'), num(predicted.min_voltage_pu, 3, src, 'min_voltage_pu'), predicted.min_voltage_bus ?? ''),
        kpi('losses', t('voltage.losses'), num(predicted.losses_kw, 0, src, 'losses_kw'), t('voltage.lossesNote')),
        kpi('overloaded', t('voltage.overloaded'), num(predicted.overloaded_branches, 0, src, 'overloaded_branches'), t('voltage.overloadedNote'),
          predicted.overloaded_branches > 0 ? 'warn' : 'good'))));
    const lowNode = el('div', { class: 'chart', dataset: { chart: 'voltage' } });
    const overNode = el('div', { class: 'chart', dataset: { chart: 'overloaded' } });
    container.append(el('div', { class: 'grid' }, panel(t('voltage.lowAreas'), lowNode), panel(t('voltage.overloadedHeading'), overNode)));
    if (low.items.length === 0) {
      empty(lowNode, t('voltage.noLowAreas'));
    } else {
      // How far below its limit each area is, in % of the limit: a magnitude from zero.
      const rows = low.items.slice().reverse();
      chart(lowNode).setOption(barsOption({
        heading: t('voltage.lowChart'), labels: rows.map(a => `${a.load_point} (${a.feeder ?? '—'})`), values: rows.map(a => 100 * (a.limit_pu - a.voltage_pu) / a.limit_pu),
        digits: 2, unit: '%', axisName: t('voltage.belowLimit'), colour: COLOURS.purple,
      }));
    }
    if (overloaded.items.length === 0) {
      empty(overNode, t('voltage.noOverloads'));
    } else {
      const rows = overloaded.items.slice().reverse();
      chart(overNode).setOption(barsOption({
        heading: t('voltage.overChart'), labels: rows.map(b => b.branch), values: rows.map(b => b.loading_pct), digits: 1, unit: '%', axisName: t('voltage.loading'),
        colours: rows.map(b => (b.loading_pct >= 100 ? COLOURS.bad : COLOURS.warn)),
        markLine: { symbol: 'none', silent: true, lineStyle: { color: COLOURS.ink, type: 'dashed' }, label: { formatter: '100 %', position: 'end' }, data: [{ xAxis: 100 }] },
      }));
    }
  }
}

registerView({ id: 'voltage', title: 'view.voltage', render }, {
  en: {
    'view.voltage': 'Voltage',
    'profile.gbt12325': 'GB/T 12325 limits', 'profile.sgcc-low-voltage': 'State Grid low-voltage customer rule',
    'voltage.compareHeading': 'Low-voltage customers: measured and predicted',
    'voltage.meterLow': 'Low-voltage customers from meter readings', 'voltage.predictedLow': 'Low-voltage customers predicted at peak load',
    'voltage.meterMeasures': 'Measured: customers whose meters read below the lower limit ({profile}) in the stored readings. It counts what happened in the metered period, at the loads that occurred.',
    'voltage.meterPeriod': '{hours} monitored hours at {points} metered points',
    'voltage.predictedMeasures': 'Predicted: a power flow with every transformer at its own annual peak at the same time (× {factor}), source at {source} pu. It shows where voltage would fall too low at the worst hour, which the metered period may not contain.',
    'voltage.predictedAreas': '{areas} transformer areas below the limit; lowest {min} pu at {bus}',
    'voltage.whyDiffer': 'They measure different things, so they differ: the meters cover a limited period and real, diversified loads; the power flow assumes the coincident peak. A large prediction with few metered cases points to areas to watch at the next peak; metered cases without a prediction point to data (tap settings, loads) to check.',
    'voltage.meterHeading': 'Voltage compliance from meter readings ({profile})',
    'voltage.compliance': 'Voltage compliance', 'voltage.monitored': 'of {hours} monitored hours', 'voltage.hoursAbove': 'Hours above the upper limit',
    'voltage.hoursBelow': 'Hours below the lower limit', 'voltage.hoursUnit': 'point-hours', 'voltage.episodes': 'Low-voltage episodes', 'voltage.episodesNote': 'below the limit long enough to count',
    'voltage.missing': 'Missing hours', 'voltage.missingNote': 'meter gaps (not counted)',
    'voltage.byFeeder': 'Compliance by feeder (30 worst)', 'voltage.feederChart': 'Voltage compliance (%), 30 worst feeders', 'voltage.byArea': 'Compliance by transformer area',
    'voltage.area': 'Transformer area', 'voltage.complianceCol': 'Compliance (%)', 'voltage.monitoredCol': 'Monitored (h)', 'voltage.aboveCol': 'Above (h)',
    'voltage.belowCol': 'Below (h)', 'voltage.lowCol': 'Low-voltage customers',
    'voltage.predictedHeading': 'Power flow at peak load', 'voltage.notConverged': 'The peak-load power flow did not converge ({iterations} iterations); no prediction is shown.',
    'voltage.load': 'Peak load (MW)', 'voltage.loadNote': 'sum of transformer peaks × {factor}', 'voltage.minVoltage': 'Lowest voltage (pu)',
    'voltage.losses': 'Losses at peak (kW)', 'voltage.lossesNote': 'line and transformer losses', 'voltage.overloaded': 'Overloaded branches', 'voltage.overloadedNote': 'above 100 % of rating',
    'voltage.lowAreas': 'Transformer areas below the limit at peak', 'voltage.lowChart': 'How far below the limit (% of the limit), 20 lowest', 'voltage.belowLimit': 'below the limit (%)',
    'voltage.noLowAreas': 'No transformer area is below its voltage limit at peak load.',
    'voltage.overloadedHeading': 'Overloaded branches at peak', 'voltage.overChart': 'Loading (% of rating), 20 most loaded', 'voltage.loading': 'loading (%)',
    'voltage.noOverloads': 'No branch is above its rating at peak load.',
  },
  'zh-CN': {
    'view.voltage': '电压',
    'profile.gbt12325': 'GB/T 12325 限值', 'profile.sgcc-low-voltage': '国网低电压用户判定规则',
    'voltage.compareHeading': '低电压用户：实测与预测',
    'voltage.meterLow': '低电压用户（电能表实测）', 'voltage.predictedLow': '低电压用户（高峰负荷潮流预测）',
    'voltage.meterMeasures': '实测：在已存储的读数中，电能表电压低于下限（{profile}）的用户数。反映统计期内、实际负荷下发生的情况。',
    'voltage.meterPeriod': '{points} 个监测点，共 {hours} 监测小时',
    'voltage.predictedMeasures': '预测：假设所有配变同时达到各自年峰值（× {factor}）、电源电压 {source} pu 时的潮流计算。反映最不利时刻可能出现低电压的位置，而监测期内未必出现该时刻。',
    'voltage.predictedAreas': '{areas} 个台区低于限值；最低 {min} pu（{bus}）',
    'voltage.whyDiffer': '两者度量的对象不同，因此结果不同：电能表只覆盖有限时段和实际的分散负荷；潮流计算假设同时峰值。预测多而实测少的台区是下一个高峰需要关注的；实测有而预测无的台区需要核对数据（分接头、负荷）。',
    'voltage.meterHeading': '电能表读数的电压合格率（{profile}）',
    'voltage.compliance': '电压合格率', 'voltage.monitored': '监测 {hours} 小时', 'voltage.hoursAbove': '超上限时间',
    'voltage.hoursBelow': '低于下限时间', 'voltage.hoursUnit': '监测点·小时', 'voltage.episodes': '低电压事件', 'voltage.episodesNote': '低于下限且持续时间达到判定标准',
    'voltage.missing': '缺测时间', 'voltage.missingNote': '电能表数据缺失（不计入）',
    'voltage.byFeeder': '各线路电压合格率（最差 30 条）', 'voltage.feederChart': '电压合格率（%），最差 30 条线路', 'voltage.byArea': '各台区电压合格率',
    'voltage.area': '台区', 'voltage.complianceCol': '电压合格率 (%)', 'voltage.monitoredCol': '监测时间 (小时)', 'voltage.aboveCol': '超上限 (小时)',
    'voltage.belowCol': '低于下限 (小时)', 'voltage.lowCol': '低电压用户',
    'voltage.predictedHeading': '高峰负荷潮流', 'voltage.notConverged': '高峰负荷潮流计算未收敛（迭代 {iterations} 次），不显示预测结果。',
    'voltage.load': '高峰负荷 (MW)', 'voltage.loadNote': '各配变峰值之和 × {factor}', 'voltage.minVoltage': '最低电压 (pu)',
    'voltage.losses': '高峰损耗 (kW)', 'voltage.lossesNote': '线路与配变损耗', 'voltage.overloaded': '过载支路', 'voltage.overloadedNote': '超过额定容量 100 %',
    'voltage.lowAreas': '高峰时低于限值的台区', 'voltage.lowChart': '低于限值的幅度（限值的 %），最低 20 个', 'voltage.belowLimit': '低于限值 (%)',
    'voltage.noLowAreas': '高峰负荷下没有台区低于电压限值。',
    'voltage.overloadedHeading': '高峰时过载的支路', 'voltage.overChart': '负载率（额定容量的 %），最高 20 条', 'voltage.loading': '负载率 (%)',
    'voltage.noOverloads': '高峰负荷下没有支路超过额定容量。',
  },
});
