// A sortable, searchable, paged table whose state (q, sort, dir, page) lives in the address, so a filtered,
// sorted page is a deep link. Cells are text; numbers carry where they come from (dom.num).
import { el, fill, num } from './dom.js';
import { t } from './i18n.js';
import { setParams } from './router.js';

/**
 * columns: [{ key, label, digits (numbers), value: row → value, path: row → API path (numbers), text: row → string|Node }]
 * options: { rows, src, params (URLSearchParams of the address), prefix (of the params), pageSize, search: row → text, onRow }
 */
export function dataTable(columns, options) {
  const { rows, src, params, prefix = '', pageSize = 25, search, onRow } = options;
  const p = name => prefix + name;
  const state = {
    q: params.get(p('q')) || '',
    sort: params.get(p('sort')) || null,
    dir: params.get(p('dir')) === 'desc' ? -1 : 1,
    page: Math.max(1, Number(params.get(p('page'))) || 1),
  };
  const body = el('tbody');
  const info = el('span', { class: 'muted' });
  const pager = el('span', { class: 'pager' });
  const heads = columns.map(c => el('th', {
    class: c.digits !== undefined ? 'number' : null, dataset: { key: c.key }, scope: 'col', tabindex: '0',
    onclick: () => sortBy(c), onkeydown: e => (e.key === 'Enter' ? sortBy(c) : null),
  }, c.label));
  const input = el('input', { type: 'search', class: 'table-search', placeholder: t('common.search'), 'aria-label': t('common.search'), value: state.q, oninput: e => {
    state.q = e.target.value;
    state.page = 1;
    update();
  } });

  function sortBy(column) {
    state.dir = state.sort === column.key ? -state.dir : (column.digits !== undefined ? -1 : 1);
    state.sort = column.key;
    state.page = 1;
    update();
  }

  function filtered() {
    const q = state.q.trim().toLowerCase();
    const list = q ? rows.filter(r => (search ? search(r) : columns.map(c => (c.digits === undefined ? c.value(r) : '')).join(' ')).toLowerCase().includes(q)) : rows.slice();
    const column = columns.find(c => c.key === state.sort);
    if (column) {
      list.sort((a, b) => {
        const x = column.value(a) ?? -Infinity;
        const y = column.value(b) ?? -Infinity;
        return (x < y ? -1 : x > y ? 1 : 0) * state.dir;
      });
    }
    return list;
  }

  function update() {
    const list = filtered();
    const pages = Math.max(1, Math.ceil(list.length / pageSize));
    state.page = Math.min(state.page, pages);
    const shown = list.slice((state.page - 1) * pageSize, state.page * pageSize);
    fill(body, ...shown.map(r => el('tr', { onclick: onRow ? () => onRow(r) : null, class: onRow ? 'link' : null },
      ...columns.map(c => el('td', { class: c.digits !== undefined ? 'number' : c.wrap ? 'wrap' : null },
        c.text ? c.text(r) : c.digits !== undefined ? num(c.value(r), c.digits, src, c.path ? c.path(r) : undefined) : (c.value(r) ?? '—'))))));
    heads.forEach((th, i) => {
      th.classList.toggle('sorted-asc', columns[i].key === state.sort && state.dir === 1);
      th.classList.toggle('sorted-desc', columns[i].key === state.sort && state.dir === -1);
      th.setAttribute('aria-sort', columns[i].key === state.sort ? (state.dir === 1 ? 'ascending' : 'descending') : 'none');
    });
    info.textContent = t('common.rows', { shown: shown.length, total: list.length });
    fill(pager,
      el('button', { type: 'button', disabled: state.page <= 1, onclick: () => { state.page--; update(); }, dataset: { page: 'previous' } }, t('common.previous')),
      el('span', { class: 'muted' }, t('common.page', { page: state.page, pages })),
      el('button', { type: 'button', disabled: state.page >= pages, onclick: () => { state.page++; update(); }, dataset: { page: 'next' } }, t('common.next')));
    const next = new URLSearchParams(location.hash.split('?')[1] || '');
    for (const [name, value] of [['q', state.q], ['sort', state.sort], ['dir', state.sort ? (state.dir === 1 ? 'asc' : 'desc') : null], ['page', state.page > 1 ? state.page : null]]) {
      if (value) {
        next.set(p(name), value);
      } else {
        next.delete(p(name));
      }
    }
    setParams(next);
  }

  const table = el('table', { class: 'data' }, el('thead', null, el('tr', null, ...heads)), body);
  update();
  return { search: input, table: el('div', { class: 'table-scroll' }, table), info, pager, footer: el('div', { class: 'table-footer' }, info, pager) };
}
