// Hash routes: #/<view>?<params>. Each view is one module that calls registerView (docs/dashboard.md); the router
// builds the navigation from the registered views, renders the view of the address and re-renders on hashchange, so
// addresses are deep links and the back button works.
import { addStrings, t } from './i18n.js';
import { el, fill } from './dom.js';
import { clearCache } from './api.js';
import { disposeCharts } from './charts.js';

const views = [];
let rendering = 0;

/**
 * Registers a view: { id, title: i18n key, render(container, params, context) → Promise } and its strings
 * { en: {…}, 'zh-CN': {…} }. Views appear in the navigation in registration order.
 */
export function registerView(view, strings) {
  if (strings) {
    addStrings(strings);
  }
  views.push(view);
}

/** The view id and parameters of the current address. */
export function currentRoute() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [id, query] = hash.split('?');
  return { id: id || views[0].id, params: new URLSearchParams(query || '') };
}

/** The address of a view with parameters. */
export function href(id, params) {
  const query = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v !== null && v !== undefined && v !== '')).toString() : '';
  return `#/${id}${query ? '?' + query : ''}`;
}

/** Updates the current address's parameters (filters, sort, page) in place: no re-rendering, no history entry. */
export function setParams(params) {
  const { id } = currentRoute();
  const url = href(id, Object.fromEntries(params));
  if (url !== location.hash) {
    history.replaceState(null, '', url);
  }
}

function renderNav(active) {
  const nav = document.getElementById('views');
  fill(nav, ...views.map(v => el('a', { href: href(v.id), class: v.id === active ? 'active' : null, dataset: { view: v.id }, 'aria-current': v.id === active ? 'page' : null }, t(v.title))));
}

/** Renders the view of the current address into #view. */
export async function render(context) {
  const ticket = ++rendering;
  const { id, params } = currentRoute();
  const view = views.find(v => v.id === id);
  // Each rendering fills its own element: one still loading when the user moves on fills a detached one.
  const container = el('div');
  fill(document.getElementById('view'), container);
  const main = document.querySelector('main');
  disposeCharts();
  clearCache();
  renderNav(id);
  delete main.dataset.ready;
  main.dataset.view = id;
  if (!view) {
    fill(container, el('p', { class: 'banner' }, t('app.notFound', { view: id })));
    main.dataset.ready = 'error';
    return;
  }
  document.title = `${t(view.title)} · Lumen`;
  try {
    await context.refresh?.();
    await view.render(container, params, context);
    if (ticket === rendering) {
      main.dataset.ready = id;
    }
  } catch (error) {
    if (ticket === rendering) {
      container.prepend(el('p', { class: 'banner error' }, t('app.loadFailed', { error: error.message })));
      main.dataset.ready = 'error';
    }
  }
}

/** Starts routing. */
export function start(context) {
  window.addEventListener('hashchange', () => render(context));
  return render(context);
}
