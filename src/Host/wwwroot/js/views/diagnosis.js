// Grid diagnosis (配电网现状诊断): N-1 per feeder at peak and each load level, interconnection, loading, supply radius
// and reliability against the zone targets, and the problems found, feeder by feeder, most severe first.
import { registerView } from '../core/router.js';
import { el, num, kpi, panel, placeholder } from '../core/dom.js';
import { t, fmt, term } from '../core/i18n.js';
import { getOptional } from '../core/api.js';
import { chart, barsOption, COLOURS } from '../core/charts.js';
import { dataTable } from '../core/table.js';

const SRC = '/api/plan/diagnosis';

// A percentage with its sign, or the dash alone when there is none.
const percent = (value, digits) => (value === null || value === undefined ? '—' : `${fmt(value, digits)} %`);

function summaryKpis(s) {
  const pct = (key, value, digits) => [num(value, digits, SRC, `system.${key}`, 100), ' %'];
  return el('div', { class: 'kpis' },
    kpi('n1', t('diagnosis.n1'), pct('n1_pass_rate', s.n1_pass_rate, 1), t('diagnosis.n1Note'), s.n1_pass_rate !== null && s.n1_pass_rate < 0.5 ? 'bad' : null),
    kpi('interconnection', t('diagnosis.interconnection'), pct('interconnection_rate', s.interconnection_rate, 1), t('diagnosis.interSubstation', { rate: percent(s.inter_substation_rate === null ? null : 100 * s.inter_substation_rate, 1) })),
    kpi('loading', t('diagnosis.loading'), [num(s.average_feeder_loading_percent, 1, SRC, 'system.average_feeder_loading_percent'), ' %'],
      t('diagnosis.loadingNote', { heavy: fmt(s.heavy_feeders, 0), over: fmt(s.overloaded_feeders, 0) }), s.overloaded_feeders > 0 ? 'bad' : null),
    kpi('transformers', t('diagnosis.transformers'), num(s.overloaded_transformers, 0, SRC, 'system.overloaded_transformers'), t('diagnosis.transformersNote', { heavy: fmt(s.heavy_transformers, 0), all: fmt(s.transformers, 0) })),
    kpi('radius', t('diagnosis.radius'), [num(s.average_supply_radius_km, 2, SRC, 'system.average_supply_radius_km'), ' km'], t('diagnosis.radiusNote', { over: fmt(s.feeders_over_radius, 0) })),
    kpi('rs1', t('diagnosis.rs1'), [num(s.predicted_rs_1, 4, SRC, 'system.predicted_rs_1'), ' %'],
      t('diagnosis.rs1Note', { history: percent(s.historical_rs_1, 4), target: percent(s.rs_1_target, 3) })));
}

function problemsTable(doc, params) {
  const rows = doc.problems.map((p, i) => ({ ...p, _i: i }));
  const table = dataTable([
    { key: 'severity', label: t('diagnosis.severity'), value: r => term('severity.', r.severity) },
    { key: 'rule', label: t('diagnosis.rule'), value: r => term('rule.', r.rule) },
    { key: 'feeder', label: t('common.feeder'), value: r => r.feeder ?? r.substation ?? r.zone ?? '—' },
    { key: 'figure', label: t('diagnosis.figure'), digits: 2, value: r => r.figure, path: r => `problems.${r._i}.figure` },
    { key: 'limit', label: t('diagnosis.limit'), digits: 2, value: r => r.limit, path: r => `problems.${r._i}.limit` },
    { key: 'unit', label: t('diagnosis.unit'), value: r => r.unit },
    { key: 'detail', label: t('diagnosis.detail'), value: r => r.detail, wrap: true },
  ], { rows, src: SRC, params, prefix: 'p_', search: r => `${r.feeder ?? ''} ${r.rule} ${r.detail}` });
  return panel(t('diagnosis.problems', { n: fmt(rows.length, 0) }), el('div', { class: 'toolbar' }, table.search), table.table, table.footer);
}

function zonesTable(doc, params) {
  const rows = doc.zones.map((z, i) => ({ ...z, _i: i }));
  // Rates are shares in the document and percent on screen: compared with the API through the KPIs above, not here.
  const pct = (key, digits) => ({ key, label: t('diagnosis.col.' + key), digits, value: r => (r[key] === null ? null : 100 * r[key]) });
  const table = dataTable([
    { key: 'key', label: t('diagnosis.zone'), value: r => r.key },
    { key: 'feeders', label: t('diagnosis.col.feeders'), digits: 0, value: r => r.feeders, path: r => `zones.${r._i}.feeders` },
    { key: 'load_density', label: t('diagnosis.col.load_density'), digits: 2, value: r => r.load_density, path: r => `zones.${r._i}.load_density` },
    pct('n1_pass_rate', 1),
    pct('interconnection_rate', 1),
    { key: 'average_supply_radius_km', label: t('diagnosis.col.average_supply_radius_km'), digits: 2, value: r => r.average_supply_radius_km, path: r => `zones.${r._i}.average_supply_radius_km` },
    { key: 'predicted_rs_1', label: t('diagnosis.col.predicted_rs_1'), digits: 4, value: r => r.predicted_rs_1, path: r => `zones.${r._i}.predicted_rs_1` },
    { key: 'rs_1_target', label: t('diagnosis.col.rs_1_target'), digits: 3, value: r => r.rs_1_target, path: r => `zones.${r._i}.rs_1_target` },
  ], { rows, src: SRC, params, prefix: 'z_' });
  return panel(t('diagnosis.zones'), table.table);
}

async function render(container, params, context) {
  const doc = context.status.analyses.planning ? await getOptional(SRC) : null;
  if (!doc) {
    container.append(panel(t('view.diagnosis'), placeholder(t('app.notAvailable', { what: t('view.diagnosis') }))));
    return;
  }

  container.append(panel(t('diagnosis.heading'), el('p', { class: 'note' }, t('diagnosis.note', { feeders: fmt(doc.system.feeders, 0), levels: fmt(doc.load_levels.length, 0) })),
    summaryKpis(doc.system)));
  const failing = doc.feeders.filter(f => !f.n1_passes)
    .map(f => ({ feeder: f.feeder, mw: f.n1_failures.length > 0 ? Math.max(...f.n1_failures.map(x => x.not_restorable_mw)) : 0 }))
    .sort((a, b) => b.mw - a.mw).slice(0, 15).reverse();
  const n1Node = el('div', { class: 'chart', dataset: { chart: 'n1-failing' } });
  container.append(panel(t('diagnosis.n1Chart'), n1Node), zonesTable(doc, params), problemsTable(doc, params));
  chart(n1Node).setOption(barsOption({
    heading: t('diagnosis.n1ChartTitle'), labels: failing.map(f => f.feeder), values: failing.map(f => f.mw), digits: 2, unit: 'MW',
    axisName: t('diagnosis.notRestorable'), colour: COLOURS.bad,
  }));
}

registerView({ id: 'diagnosis', title: 'view.diagnosis', render }, {
  en: {
    'view.diagnosis': 'Grid diagnosis',
    'diagnosis.heading': 'Diagnosis of the current grid',
    'diagnosis.note': '{feeders} feeders; N-1 checked at peak and at {levels} load levels, each transfer within ratings and voltage limits.',
    'diagnosis.n1': 'N-1 pass rate', 'diagnosis.n1Note': 'feeders whose load outside any faulted head or trunk section can all be transferred',
    'diagnosis.interconnection': 'Interconnection rate', 'diagnosis.interSubstation': 'between substations {rate}',
    'diagnosis.loading': 'Average feeder loading', 'diagnosis.loadingNote': '{heavy} heavy-loaded, {over} overloaded feeders',
    'diagnosis.transformers': 'Overloaded transformers', 'diagnosis.transformersNote': '{heavy} heavy-loaded of {all}',
    'diagnosis.radius': 'Average supply radius', 'diagnosis.radiusNote': '{over} feeders beyond their zone’s limit',
    'diagnosis.rs1': 'Predicted supply reliability RS-1', 'diagnosis.rs1Note': 'historical {history}, zone target {target}',
    'diagnosis.n1Chart': 'Feeders failing N-1', 'diagnosis.n1ChartTitle': 'Load not restorable in the worst contingency (MW)',
    'diagnosis.notRestorable': 'MW not restorable',
    'diagnosis.zones': 'By supply zone', 'diagnosis.zone': 'Zone',
    'diagnosis.problems': 'Problems found ({n}), most severe first',
    'diagnosis.severity': 'Severity', 'diagnosis.rule': 'Rule', 'diagnosis.figure': 'Figure', 'diagnosis.limit': 'Limit', 'diagnosis.unit': 'Unit', 'diagnosis.detail': 'What',
    'diagnosis.col.feeders': 'Feeders', 'diagnosis.col.load_density': 'Load density (MW/km²)', 'diagnosis.col.n1_pass_rate': 'N-1 pass (%)',
    'diagnosis.col.interconnection_rate': 'Interconnection (%)', 'diagnosis.col.average_supply_radius_km': 'Supply radius (km)',
    'diagnosis.col.predicted_rs_1': 'Predicted supply reliability RS-1 (%)', 'diagnosis.col.rs_1_target': 'Supply reliability RS-1 target (%)',
    'severity.high': 'high', 'severity.medium': 'medium', 'severity.low': 'low',
    'rule.n1': 'N-1 fails', 'rule.radial_feeder': 'no tie to another feeder', 'rule.feeder_overload': 'feeder overloaded',
    'rule.feeder_heavy_load': 'feeder heavy-loaded', 'rule.transformer_overload': 'transformers overloaded', 'rule.transformer_heavy_load': 'transformers heavy-loaded',
    'rule.supply_radius': 'supply radius beyond the zone’s limit', 'rule.sections': 'too few trunk sections', 'rule.cable_share': 'cable share below the zone’s target',
    'rule.reliability_target': 'RS-1 below the zone’s target',
  },
  'zh-CN': {
    'view.diagnosis': '电网诊断',
    'diagnosis.heading': '配电网现状诊断评估',
    'diagnosis.note': '共 {feeders} 条 10 kV 线路；N-1 校验在高峰及 {levels} 个负荷水平下进行，转供须满足载流量与电压限值。',
    'diagnosis.n1': 'N-1 通过率', 'diagnosis.n1Note': '任一出线段或主干段故障时，其余负荷均可转供的线路比例',
    'diagnosis.interconnection': '线路联络率', 'diagnosis.interSubstation': '站间联络率 {rate}',
    'diagnosis.loading': '线路平均负载率', 'diagnosis.loadingNote': '重载 {heavy} 条，过载 {over} 条',
    'diagnosis.transformers': '过载配变', 'diagnosis.transformersNote': '重载 {heavy} 台，共 {all} 台',
    'diagnosis.radius': '平均供电半径', 'diagnosis.radiusNote': '{over} 条线路超过供电区域限值',
    'diagnosis.rs1': '预测供电可靠率 RS-1', 'diagnosis.rs1Note': '历史 {history}，区域目标 {target}',
    'diagnosis.n1Chart': '不满足 N-1 的线路', 'diagnosis.n1ChartTitle': '最严重故障下不可转供负荷（MW）',
    'diagnosis.notRestorable': '不可转供负荷 MW',
    'diagnosis.zones': '按供电区域', 'diagnosis.zone': '供电区域',
    'diagnosis.problems': '诊断问题（{n} 项），按严重程度排序',
    'diagnosis.severity': '严重程度', 'diagnosis.rule': '规则', 'diagnosis.figure': '指标值', 'diagnosis.limit': '限值', 'diagnosis.unit': '单位', 'diagnosis.detail': '说明',
    'diagnosis.col.feeders': '线路数', 'diagnosis.col.load_density': '负荷密度（MW/km²）', 'diagnosis.col.n1_pass_rate': 'N-1 通过率（%）',
    'diagnosis.col.interconnection_rate': '联络率（%）', 'diagnosis.col.average_supply_radius_km': '供电半径（km）',
    'diagnosis.col.predicted_rs_1': '预测供电可靠率 RS-1（%）', 'diagnosis.col.rs_1_target': '供电可靠率 RS-1 目标（%）',
    'severity.high': '严重', 'severity.medium': '一般', 'severity.low': '轻微',
    'rule.n1': '不满足 N-1', 'rule.radial_feeder': '单辐射线路（无联络）', 'rule.feeder_overload': '线路过载',
    'rule.feeder_heavy_load': '线路重载', 'rule.transformer_overload': '配变过载', 'rule.transformer_heavy_load': '配变重载',
    'rule.supply_radius': '供电半径超限', 'rule.sections': '主干分段不足', 'rule.cable_share': '电缆化率低于区域目标',
    'rule.reliability_target': '供电可靠率低于区域目标',
  },
});
