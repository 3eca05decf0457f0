// Feeders: the predicted reliability of every feeder, sortable, searchable and paged; a row opens its diagram.
import { registerView, href } from '../core/router.js';
import { el, panel, downloads } from '../core/dom.js';
import { t } from '../core/i18n.js';
import { getJson } from '../core/api.js';
import { dataTable } from '../core/table.js';

const PAGE = 1000;

/** Every feeder, worst SAIDI first, as pages of the API (each row remembers its page and index for the tests). */
export async function allFeeders() {
  const first = await getJson(`/api/reliability/feeders?top=${PAGE}`);
  const pages = [first];
  for (let offset = PAGE; offset < first.total; offset += PAGE) {
    pages.push(await getJson(`/api/reliability/feeders?top=${PAGE}&offset=${offset}`));
  }
  return pages.flatMap(p => p.items.map((f, i) => ({ ...f, _i: i, _src: p.offset === 0 ? `/api/reliability/feeders?top=${PAGE}` : `/api/reliability/feeders?top=${PAGE}&offset=${p.offset}` })));
}

async function render(container, params) {
  const rows = await allFeeders();
  const src = `/api/reliability/feeders?top=${PAGE}`;
  const path = key => r => (r._src === src ? `items.${r._i}.indices.${key}` : undefined);
  const table = dataTable([
    { key: 'rank', label: t('feeders.rank'), digits: 0, value: r => r.rank, path: r => (r._src === src ? `items.${r._i}.rank` : undefined) },
    { key: 'id', label: t('common.feeder'), value: r => r.id },
    { key: 'customers', label: t('feeders.customers'), digits: 0, value: r => r.indices.customers, path: path('customers') },
    { key: 'saifi', label: t('feeders.saifi'), digits: 3, value: r => r.indices.saifi, path: path('saifi') },
    { key: 'saidi', label: t('feeders.saidi'), digits: 3, value: r => r.indices.saidi, path: path('saidi') },
    { key: 'caidi', label: t('feeders.caidi'), digits: 2, value: r => r.indices.caidi, path: path('caidi') },
    { key: 'rs_1', label: t('feeders.rs1'), digits: 4, value: r => r.indices.rs_1, path: path('rs_1') },
    { key: 'ens', label: t('feeders.ens'), digits: 2, value: r => r.indices.ens_mwh, path: path('ens_mwh') },
  ], { rows, src, params, search: r => r.id, onRow: r => { location.hash = href('diagram', { feeder: r.id }); } });
  container.append(panel(t('feeders.heading'),
    el('div', { class: 'toolbar' }, table.search, el('span', { class: 'muted' }, t('feeders.clickRow')), downloads('feeder_ranking')),
    table.table, table.footer));
}

registerView({ id: 'feeders', title: 'view.feeders', render }, {
  en: {
    'view.feeders': 'Feeders',
    'feeders.heading': 'Feeder ranking (predicted, worst SAIDI first)',
    'feeders.clickRow': 'click a feeder for its diagram; click a heading to sort',
    'feeders.rank': 'Rank', 'feeders.customers': 'Customers', 'feeders.saifi': 'SAIFI (1/yr)', 'feeders.saidi': 'SAIDI (h/yr)', 'feeders.caidi': 'CAIDI (h)',
    'feeders.rs1': 'Supply reliability RS-1 (%)', 'feeders.ens': 'ENS (MWh/yr)',
  },
  'zh-CN': {
    'view.feeders': '线路',
    'feeders.heading': '线路可靠性排序（预测值，按用户平均停电时间从差到好）',
    'feeders.clickRow': '点击线路查看单线图；点击表头排序',
    'feeders.rank': '排名', 'feeders.customers': '用户数', 'feeders.saifi': '停电次数 (次/户·年)', 'feeders.saidi': '停电时间 (小时/户·年)', 'feeders.caidi': '平均持续时间 (小时)',
    'feeders.rs1': '供电可靠率 RS-1 (%)', 'feeders.ens': '缺供电量 (MWh/年)',
  },
});
