// Predicted reliability: the analytical assessment of the current network (system indices, worst feeders and
// transformer areas).
import { registerView, href } from '../core/router.js';
import { el, num, kpi, panel } from '../core/dom.js';
import { t, fmt } from '../core/i18n.js';
import { getJson } from '../core/api.js';
import { chart, barsOption, COLOURS } from '../core/charts.js';

async function render(container) {
  const [system, feeders, areas] = await Promise.all([
    getJson('/api/reliability'),
    getJson('/api/reliability/feeders?top=15'),
    getJson('/api/reliability/load-points?top=15'),
  ]);
  const s = system.system;
  const src = '/api/reliability';
  container.append(panel(t('reliability.heading'),
    el('p', { class: 'note' }, t('reliability.note')),
    el('div', { class: 'kpis' },
      kpi('saifi', t('kpi.saifi'), num(s.saifi, 3, src, 'system.saifi'), t('unit.saifi')),
      kpi('saidi', t('kpi.saidi'), num(s.saidi, 2, src, 'system.saidi'), t('unit.saidi')),
      kpi('caidi', t('kpi.caidi'), num(s.caidi, 2, src, 'system.caidi'), t('unit.caidi')),
      kpi('rs1', t('kpi.rs1'), [num(s.rs_1, 4, src, 'system.rs_1'), ' %'], t('reliability.rs1Note', { minutes: fmt(s.saidi * 60, 0) })),
      kpi('ens', t('kpi.ens'), num(s.ens_mwh, 1, src, 'system.ens_mwh'), t('unit.ens')),
      kpi('customers', t('overview.customers'), num(s.customers, 0, src, 'system.customers'), t('overview.network', { feeders: fmt(system.feeders, 0), areas: fmt(system.load_points, 0) })))));

  const feederNode = el('div', { class: 'chart', dataset: { chart: 'feeders' } });
  const areaNode = el('div', { class: 'chart', dataset: { chart: 'areas' } });
  container.append(el('div', { class: 'grid' },
    panel(t('reliability.worstFeeders'), el('p', { class: 'note' }, t('reliability.clickFeeder')), feederNode),
    panel(t('reliability.worstAreas'), areaNode)));

  const f = feeders.items.slice().reverse();
  const feederChart = chart(feederNode);
  feederChart.setOption(barsOption({
    heading: t('reliability.feederChart'), labels: f.map(x => x.id), values: f.map(x => x.indices.saidi), digits: 2, unit: t('common.hoursPerYear'),
    axisName: t('reliability.saidiAxis'), colour: COLOURS.bad,
  }));
  feederChart.on('click', p => { location.hash = href('diagram', { feeder: p.name }); });

  const a = areas.items.slice().reverse();
  chart(areaNode).setOption(barsOption({
    heading: t('reliability.areaChart'), labels: a.map(x => x.id), values: a.map(x => x.u_hours), digits: 2, unit: t('common.hoursPerYear'),
    axisName: t('reliability.uAxis'), colour: COLOURS.warn,
  }));
}

registerView({ id: 'reliability', title: 'view.reliability', render }, {
  en: {
    'view.reliability': 'Predicted reliability',
    'reliability.heading': 'Predicted reliability of the current network (analytical, per year)',
    'reliability.note': 'From component failure rates, repair and switching times, protection, sectionalising switches and ties (DL/T 836 indices: one customer = one metered customer).',
    'reliability.rs1Note': 'about {minutes} min without supply per customer a year',
    'reliability.worstFeeders': 'Worst feeders', 'reliability.clickFeeder': 'Click a bar to open the feeder’s diagram.',
    'reliability.worstAreas': 'Worst transformer areas',
    'reliability.feederChart': 'SAIDI of the 15 worst feeders (h/yr)', 'reliability.areaChart': 'Unavailability U of the 15 worst transformer areas (h/yr)',
    'reliability.saidiAxis': 'SAIDI (h/yr)', 'reliability.uAxis': 'U (h/yr)',
  },
  'zh-CN': {
    'view.reliability': '可靠性预测',
    'reliability.heading': '当前网络的供电可靠性预测（解析法，年值）',
    'reliability.note': '依据设备故障率、修复与倒闸操作时间、保护配置、分段开关和联络开关计算（DL/T 836 指标，以用户为统计单位）。',
    'reliability.rs1Note': '每户每年停电约 {minutes} 分钟',
    'reliability.worstFeeders': '可靠性最差的线路', 'reliability.clickFeeder': '点击柱条打开该线路的单线图。',
    'reliability.worstAreas': '可靠性最差的台区',
    'reliability.feederChart': '最差 15 条线路的用户平均停电时间（小时/年）', 'reliability.areaChart': '最差 15 个台区的年停电时间 U（小时/年）',
    'reliability.saidiAxis': '用户平均停电时间（小时/年）', 'reliability.uAxis': '年停电时间 U（小时/年）',
  },
});
