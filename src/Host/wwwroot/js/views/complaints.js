// Complaints: 95598 complaints linked to the outages and low-voltage episodes that caused them, by month and
// category, and the fitted complaint-rate curve (expected complaints per 1,000 customers interrupted).
import { registerView } from '../core/router.js';
import { el, num, kpi, panel, placeholder } from '../core/dom.js';
import { t, fmt, term } from '../core/i18n.js';
import { getOptional } from '../core/api.js';
import { chart, grid, title, axisTooltip, barsOption, COLOURS, empty } from '../core/charts.js';

async function render(container, params, context) {
  const doc = context.status.analyses.outage_history ? await getOptional('/api/complaints/summary') : null;
  if (!doc) {
    container.append(panel(t('view.complaints'), placeholder(t('complaints.none'))));
    return;
  }
  const s = doc;
  const src = '/api/complaints/summary';
  container.append(panel(t('complaints.heading'),
    el('div', { class: 'kpis' },
      kpi('complaints', t('complaints.total'), num(s.complaints, 0, src, 'complaints'), t('complaints.totalNote')),
      kpi('outages', t('complaints.outages'), num(s.linked_to_outages, 0, src, 'linked_to_outages'), t('complaints.outagesNote')),
      kpi('low-voltage', t('complaints.lowVoltage'), num(s.linked_to_low_voltage, 0, src, 'linked_to_low_voltage'), t('complaints.lowVoltageNote')),
      kpi('unlinked', t('complaints.unlinked'), num(s.unlinked, 0, src, 'unlinked'), t('complaints.unlinkedNote')))));

  const monthNode = el('div', { class: 'chart', dataset: { chart: 'complaints' } });
  const categoryNode = el('div', { class: 'chart', dataset: { chart: 'categories' } });
  const rateNode = el('div', { class: 'chart', dataset: { chart: 'complaint-rates' } });
  const rateNote = el('p', { class: 'note' });
  container.append(panel(t('complaints.byMonth'), monthNode),
    el('div', { class: 'grid' }, panel(t('complaints.byCategory'), categoryNode), panel(t('complaints.rates'), rateNode, rateNote)));
  chart(monthNode).setOption({
    title: title(t('complaints.monthChart')),
    grid: grid({ top: 56, bottom: 30 }),
    tooltip: axisTooltip(0, ''),
    legend: { top: 22, left: 0 },
    xAxis: { type: 'category', data: s.by_month.map(m => m.month), axisLabel: { hideOverlap: true } },
    yAxis: { type: 'value', min: 0 },
    dataZoom: [{ type: 'inside' }],
    series: [
      { name: t('complaints.outages'), type: 'bar', stack: 'c', data: s.by_month.map(m => m.outage), itemStyle: { color: COLOURS.bad } },
      { name: t('complaints.lowVoltage'), type: 'bar', stack: 'c', data: s.by_month.map(m => m.low_voltage), itemStyle: { color: COLOURS.purple } },
      { name: t('complaints.unlinked'), type: 'bar', stack: 'c', data: s.by_month.map(m => m.unlinked), itemStyle: { color: COLOURS.neutral } },
    ],
  });
  const categories = s.by_category.slice().reverse();
  chart(categoryNode).setOption(barsOption({
    heading: t('complaints.categoryChart'), labels: categories.map(c => term('category.', c.key)), values: categories.map(c => c.count), digits: 0, unit: '',
    axisName: t('complaints.count'), colour: COLOURS.accent,
  }));
  const rates = await getOptional('/api/complaints/rates');
  if (!rates || !rates.model) {
    empty(rateNode, t('complaints.noModel'));
    return;
  }
  chart(rateNode).setOption({
    title: title(t('complaints.rateChart', { model: term('model.', rates.model.kind) })),
    grid: grid({ bottom: 30 }),
    tooltip: { ...axisTooltip(1, ''), axisPointer: { type: 'line' } },
    xAxis: { type: 'value', min: 0, name: t('complaints.duration'), nameLocation: 'middle', nameGap: 26 },
    yAxis: { type: 'value', min: 0, name: t('complaints.perThousand'), nameGap: 10, nameTextStyle: { align: 'left' } },
    series: [{ name: t('complaints.perThousand'), type: 'line', data: rates.curve.map(p => [p.duration_hours, p.complaints_per_thousand]), itemStyle: { color: COLOURS.warn } }],
  });
  rateNote.textContent = t('complaints.rateNote', { complaints: fmt(rates.complaints, 0), linked: fmt(rates.linked_to_outages, 0) });
}

registerView({ id: 'complaints', title: 'view.complaints', render }, {
  en: {
    'view.complaints': 'Complaints',
    'complaints.none': 'No 95598 complaints are stored (import them with POST /api/complaints or lumen import complaints).',
    'complaints.heading': '95598 complaints and what caused them',
    'complaints.total': 'Complaints', 'complaints.totalNote': 'stored 95598 complaints',
    'complaints.outages': 'Linked to outages', 'complaints.outagesNote': 'same area or feeder, within the outage’s time window',
    'complaints.lowVoltage': 'Linked to low voltage', 'complaints.lowVoltageNote': 'a low-voltage episode at the same transformer area',
    'complaints.unlinked': 'Not linked', 'complaints.unlinkedNote': 'not about supply, or no matching event',
    'complaints.byMonth': 'By month', 'complaints.monthChart': 'Complaints per month by what they were linked to',
    'complaints.byCategory': 'By category', 'complaints.categoryChart': 'Complaints by category', 'complaints.count': 'complaints',
    'complaints.rates': 'Complaint rate', 'complaints.rateChart': 'Expected complaints per 1,000 customers interrupted ({model})',
    'complaints.duration': 'outage duration (h)', 'complaints.perThousand': 'per 1,000 customers',
    'complaints.noModel': 'No complaint-rate model could be fitted (no outages stored, or no complaint linked to one).',
    'complaints.rateNote': 'Fitted on {linked} of {complaints} complaints linked to outages; the asset plan uses this curve to turn fewer outage minutes into fewer complaints.',
    'category.outage': 'outage', 'category.slow_repair': 'slow repair', 'category.billing': 'billing', 'category.low_voltage': 'low voltage', 'category.frequent_outages': 'frequent outages',
    'model.logistic': 'logistic model', 'model.poisson': 'Poisson model',
  },
  'zh-CN': {
    'view.complaints': '投诉',
    'complaints.none': '库中没有 95598 工单（请通过 POST /api/complaints 或 lumen import complaints 导入）。',
    'complaints.heading': '95598 工单及其原因',
    'complaints.total': '工单数', 'complaints.totalNote': '已存储的 95598 工单',
    'complaints.outages': '关联停电', 'complaints.outagesNote': '同一台区或线路、在停电时间窗内',
    'complaints.lowVoltage': '关联低电压', 'complaints.lowVoltageNote': '同一台区的低电压事件',
    'complaints.unlinked': '未关联', 'complaints.unlinkedNote': '与供电无关，或无对应事件',
    'complaints.byMonth': '按月', 'complaints.monthChart': '各月工单数（按关联原因）',
    'complaints.byCategory': '按类别', 'complaints.categoryChart': '各类别工单数', 'complaints.count': '工单数',
    'complaints.rates': '投诉率', 'complaints.rateChart': '每千停电用户的预期投诉数（{model}）',
    'complaints.duration': '停电时长（小时）', 'complaints.perThousand': '每千户',
    'complaints.noModel': '无法拟合投诉率模型（没有停电记录，或没有工单关联到停电）。',
    'complaints.rateNote': '由 {complaints} 件工单中关联到停电的 {linked} 件拟合；设备更换计划用此曲线把停电时间的减少折算为投诉的减少。',
    'category.outage': '停电', 'category.slow_repair': '抢修慢', 'category.billing': '电费', 'category.low_voltage': '低电压', 'category.frequent_outages': '频繁停电',
    'model.logistic': 'Logistic 模型', 'model.poisson': '泊松模型',
  },
});
