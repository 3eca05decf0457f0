// Forecast and peaks: a week-ahead hourly forecast against the actuals with its 80 % and 95 % intervals, and the
// weather-normalised P50/P90 annual peaks against each series' rating.
import { registerView, href } from '../core/router.js';
import { el, panel, placeholder } from '../core/dom.js';
import { t, fmt, fmtTime } from '../core/i18n.js';
import { getJson, getOptional } from '../core/api.js';
import { chart, grid, title, axisTooltip, axisNumber, niceCeiling, esc, COLOURS } from '../core/charts.js';
import { dataTable } from '../core/table.js';

const BAND95 = 'rgba(21, 101, 192, 0.12)';
const BAND80 = 'rgba(21, 101, 192, 0.28)';

function bandSeries(name, lower, upper, colour, stack) {
  // A band is a stack of an invisible lower bound and the (upper − lower) width filled with colour.
  return [
    { name: `_${name} lower`, type: 'line', stack, data: lower, lineStyle: { opacity: 0 }, symbol: 'none', silent: true },
    { name, type: 'line', stack, data: upper.map((u, i) => (u === null ? null : u - lower[i])), lineStyle: { opacity: 0 }, symbol: 'none', areaStyle: { color: colour }, itemStyle: { color: colour } },
  ];
}

function methodText(doc) {
  if (doc.method === 'lumen') {
    return t(doc.variant && doc.variant.includes('s2') ? 'forecast.method.lumenRecent' : 'forecast.method.lumen');
  }
  return t('forecast.method.other', { method: doc.method });
}

async function forecastPanel(series) {
  const doc = await getJson(`/api/forecasts/${encodeURIComponent(series)}`);
  const times = doc.actuals.map(a => a.timestamp).concat(doc.forecast.map(f => f.timestamp)).map(fmtTime);
  const pad = doc.actuals.map(() => null);
  // A date label every other midnight, with its year.
  const midnight = Math.max(0, times.findIndex(time => time.endsWith(' 00:00')));
  const pick = key => pad.concat(doc.forecast.map(f => f[key]));
  const node = el('div', { class: 'chart tall', dataset: { chart: 'forecast' } });
  const note = el('p', { class: 'note', id: 'forecast-note' }, t('forecast.note', {
    method: methodText(doc), hours: fmt(doc.horizon_hours, 0), origin: fmtTime(doc.origin), days: fmt(doc.actuals.length / 24, 0),
  }));
  const result = panel(t('forecast.heading', { series }), note, node);
  const draw = () => chart(node).setOption({
    title: title(t('forecast.chart', { series })),
    grid: grid({ top: 56, bottom: 50 }),
    legend: { data: [t('forecast.actual'), t('forecast.mean'), t('forecast.band95'), t('forecast.band80')], top: 22, right: 0 },
    tooltip: { ...axisTooltip(2, 'MW'), axisPointer: { type: 'line' } },
    dataZoom: [{ type: 'inside' }, { type: 'slider', height: 18, bottom: 6 }],
    xAxis: { type: 'category', data: times, boundaryGap: false, axisLabel: { interval: i => i >= midnight && (i - midnight) % 48 === 0, formatter: v => v.slice(0, 10) } },
    yAxis: { type: 'value', min: 0, axisLabel: { formatter: axisNumber } },
    series: [
      ...bandSeries(t('forecast.band95'), pick('lower95_mw'), pick('upper95_mw'), BAND95, 'band95'),
      ...bandSeries(t('forecast.band80'), pick('lower80_mw'), pick('upper80_mw'), BAND80, 'band80'),
      { name: t('forecast.actual'), type: 'line', symbol: 'none', data: doc.actuals.map(a => a.load_mw), itemStyle: { color: COLOURS.ink } },
      { name: t('forecast.mean'), type: 'line', symbol: 'none', data: pick('mean_mw'), itemStyle: { color: COLOURS.accent } },
    ],
  });
  return [result, draw];
}

function peaksPanel(peaks, selected) {
  const one = peaks.series.find(s => s.series === selected) || peaks.series[0];
  const years = one.years.map(y => String(y.year));
  const peakNode = el('div', { class: 'chart', dataset: { chart: 'peaks' } });
  const loadingNode = el('div', { class: 'chart', dataset: { chart: 'peak-loading' } });
  const rated = peaks.series.filter(s => s.rating_mw);
  const flagged = rated.filter(s => s.flagged).length;
  const maxLoading = Math.max(110, ...rated.flatMap(s => s.years.map(y => y.p90_loading_percent ?? 0)));
  const draw = () => {
    chart(peakNode).setOption({
      title: title(one.flagged ? t('forecast.peakFlagged', { series: one.series, year: one.first_overload_year }) : t('forecast.peakChart', { series: one.series }),
        { textStyle: { fontSize: 13, fontWeight: 600, color: one.flagged ? COLOURS.bad : COLOURS.ink } }),
      grid: grid({ top: 56, bottom: 12 }),
      legend: { data: ['P50', 'P90'], top: 22, right: 0 },
      tooltip: axisTooltip(2, 'MW'),
      xAxis: { type: 'category', data: years },
      yAxis: { type: 'value', min: 0, max: v => niceCeiling(Math.max(v.max, one.rating_mw ?? 0) * 1.05), axisLabel: { formatter: axisNumber } },
      series: [
        { name: 'P50', type: 'bar', data: one.years.map(y => y.p50_mw), itemStyle: { color: COLOURS.neutral } },
        { name: 'P90', type: 'bar', data: one.years.map(y => y.p90_mw), itemStyle: { color: one.flagged ? COLOURS.bad : COLOURS.accent },
          markLine: one.rating_mw ? { symbol: 'none', silent: true, lineStyle: { color: COLOURS.bad, type: 'dashed' }, label: { formatter: t('forecast.rating'), position: 'insideEndTop' }, data: [{ yAxis: one.rating_mw }] } : undefined },
      ],
    });
    chart(loadingNode).setOption({
      title: title(t('forecast.loadingChart', { rated: fmt(rated.length, 0), flagged: fmt(flagged, 0) })),
      grid: grid({ bottom: 12 }),
      tooltip: { trigger: 'item', formatter: p => `${esc(p.seriesName)} ${esc(p.name)}: ${esc(fmt(p.value, 1))} %` },
      xAxis: { type: 'category', data: years },
      yAxis: { type: 'value', min: 0, max: Math.ceil(maxLoading / 10) * 10, axisLabel: { formatter: axisNumber } },
      series: rated.map((s, i) => ({
        name: s.series, type: 'line', symbol: s.flagged ? 'circle' : 'none', z: s.flagged ? 3 : 2,
        data: s.years.map(y => y.p90_loading_percent),
        lineStyle: { width: s.flagged || s.series === one.series ? 3 : 1 },
        itemStyle: { color: s.flagged ? COLOURS.bad : s.series === one.series ? COLOURS.accent : COLOURS.neutral },
        markLine: i === 0 ? { symbol: 'none', silent: true, lineStyle: { color: COLOURS.bad, type: 'dashed' }, label: { formatter: '100 %', position: 'insideEndTop' }, data: [{ yAxis: 100 }] } : undefined,
      })),
    });
  };
  return [el('div', { class: 'grid' }, panel(t('forecast.peaksHeading'), el('p', { class: 'note' }, t('forecast.peaksNote')), peakNode),
    panel(t('forecast.loadingHeading'), el('p', { class: 'note' }, t('forecast.loadingNote')), loadingNode)), draw];
}

async function render(container, params) {
  const list = await getOptional('/api/forecasts');
  if (!list || list.items.length === 0) {
    container.append(panel(t('view.forecast'), placeholder(t('app.notAvailable', { what: t('analysis.forecast') }))));
    return;
  }
  const series = list.items.some(i => i.series === params.get('series')) ? params.get('series') : list.items[0].series;
  const select = el('select', { id: 'forecast-series', 'aria-label': t('forecast.series'), onchange: e => { location.hash = href('forecast', { series: e.target.value }); } },
    ...list.items.map(i => el('option', { value: i.series, selected: i.series === series }, i.series + (i.first_overload_year ? ' ⚠' : ''))));
  const src = '/api/forecasts';
  const rows = list.items.map((r, i) => ({ ...r, _i: i }));
  const table = dataTable([
    { key: 'series', label: t('forecast.series'), value: r => r.series },
    { key: 'historical', label: t('forecast.historical'), digits: 2, value: r => r.historical_peak_mw, path: r => `items.${r._i}.historical_peak_mw` },
    { key: 'p50', label: t('forecast.p50'), digits: 2, value: r => r.next_year_p50_mw, path: r => `items.${r._i}.next_year_p50_mw` },
    { key: 'p90', label: t('forecast.p90'), digits: 2, value: r => r.next_year_p90_mw, path: r => `items.${r._i}.next_year_p90_mw` },
    { key: 'rating', label: t('forecast.ratingCol'), digits: 0, value: r => r.rating_kva, path: r => `items.${r._i}.rating_kva` },
    { key: 'overload', label: t('forecast.overloadYear'), value: r => r.first_overload_year, text: r => (r.first_overload_year ? String(r.first_overload_year) : t('forecast.noOverload')) },
    { key: 'mape', label: t('forecast.mape'), digits: 1, value: r => r.backtest_mape_percent, path: r => `items.${r._i}.backtest_mape_percent` },
  ], { rows, src, params, prefix: 't_', pageSize: 10, onRow: r => { location.hash = href('forecast', { series: r.series }); } });
  const peaks = await getJson('/api/forecasts/peaks');
  const [forecastNode, drawForecast] = await forecastPanel(series);
  const [peaksNode, drawPeaks] = peaksPanel(peaks, series);
  container.append(
    el('div', { class: 'toolbar' }, el('label', null, t('forecast.series') + ' ', select)),
    forecastNode, peaksNode,
    panel(t('forecast.tableHeading'), el('div', { class: 'toolbar' }, table.search), table.table, table.footer));
  drawForecast();
  drawPeaks();
}

registerView({ id: 'forecast', title: 'view.forecast', render }, {
  en: {
    'view.forecast': 'Forecast and peaks',
    'forecast.series': 'Load series',
    'forecast.heading': 'Week-ahead forecast of {series}',
    'forecast.note': '{method}. {hours} h ahead from {origin}, after {days} days of actuals; shaded: 80 % and 95 % intervals.',
    'forecast.method.lumen': 'Regression on calendar and temperature, chosen per series by its day-ahead backtest error',
    'forecast.method.lumenRecent': 'Regression on calendar and temperature, corrected by the most recent load; chosen per series by its day-ahead backtest error',
    'forecast.method.other': 'Method: {method}',
    'forecast.chart': '{series}: actual and forecast load (MW)', 'forecast.actual': 'actual', 'forecast.mean': 'forecast',
    'forecast.band95': '95 % interval', 'forecast.band80': '80 % interval',
    'forecast.peaksHeading': 'Annual peak outlook', 'forecast.peaksNote': 'Weather-normalised annual peaks: P50 is the typical year’s peak, P90 the peak of a 1-in-10 hot year.',
    'forecast.peakChart': '{series}: annual peak, P50 and P90 (MW)', 'forecast.peakFlagged': '{series}: P90 peak exceeds the rating from {year}',
    'forecast.rating': 'rating',
    'forecast.loadingHeading': 'Peak loading of every rated series', 'forecast.loadingNote': 'P90 peak as % of the rating of the branch, feeder head or transformer the series is named after; red: exceeds 100 % within the horizon.',
    'forecast.loadingChart': 'P90 peak as % of rating ({rated} rated series, {flagged} above 100 %)',
    'forecast.tableHeading': 'Load series', 'forecast.historical': 'Historical peak (MW)', 'forecast.p50': 'Next-year P50 (MW)', 'forecast.p90': 'Next-year P90 (MW)',
    'forecast.ratingCol': 'Rating (kVA)', 'forecast.overloadYear': 'First year above rating', 'forecast.noOverload': 'none within 5 years', 'forecast.mape': 'Backtest error MAPE (%)',
  },
  'zh-CN': {
    'view.forecast': '负荷预测与峰值',
    'forecast.series': '负荷序列',
    'forecast.heading': '{series} 未来一周负荷预测',
    'forecast.note': '{method}。自 {origin} 起预测 {hours} 小时，基于前 {days} 天实测；阴影为 80 % 和 95 % 置信区间。',
    'forecast.method.lumen': '基于日历与气温的回归模型，按各序列日前回测误差选定',
    'forecast.method.lumenRecent': '基于日历与气温的回归模型，并用最近负荷修正；按各序列日前回测误差选定',
    'forecast.method.other': '方法：{method}',
    'forecast.chart': '{series}：实测与预测负荷 (MW)', 'forecast.actual': '实测', 'forecast.mean': '预测',
    'forecast.band95': '95 % 区间', 'forecast.band80': '80 % 区间',
    'forecast.peaksHeading': '年最大负荷展望', 'forecast.peaksNote': '经气象修正的年最大负荷：P50 为常年峰值，P90 为十年一遇高温年的峰值。',
    'forecast.peakChart': '{series}：年最大负荷 P50 与 P90 (MW)', 'forecast.peakFlagged': '{series}：P90 峰值自 {year} 年起超过额定容量',
    'forecast.rating': '额定容量',
    'forecast.loadingHeading': '各有额定容量序列的峰值负载率', 'forecast.loadingNote': 'P90 峰值占该序列对应支路、线路出口或配变额定容量的百分比；红色：展望期内超过 100 %。',
    'forecast.loadingChart': 'P90 峰值负载率（{rated} 条有额定容量的序列，{flagged} 条超过 100 %）',
    'forecast.tableHeading': '负荷序列', 'forecast.historical': '历史最大负荷 (MW)', 'forecast.p50': '明年 P50 (MW)', 'forecast.p90': '明年 P90 (MW)',
    'forecast.ratingCol': '额定容量 (kVA)', 'forecast.overloadYear': '首次超额定容量年份', 'forecast.noOverload': '5 年内无', 'forecast.mape': '回测误差 MAPE (%)',
  },
});
