// DOM building: every value from the API reaches the page as text (textContent, attributes), never as HTML.
import { fmt, t } from './i18n.js';

/**
 * An element: el('div', { class: 'kpi', dataset: { kpi: 'saidi' }, onclick: f }, child, 'text', …).
 * Strings become text nodes; null and false children are skipped.
 */
export function el(tag, attributes, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes || {})) {
    if (value === null || value === undefined || value === false) {
      continue;
    }
    if (name === 'dataset') {
      Object.assign(node.dataset, value);
    } else if (name.startsWith('on')) {
      node.addEventListener(name.slice(2), value);
    } else if (name === 'class') {
      node.className = value;
    } else if (name in node && typeof value !== 'string') {
      node[name] = value;
    } else {
      node.setAttribute(name, value === true ? '' : value);
    }
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the children of node. */
export function fill(node, ...children) {
  node.replaceChildren();
  append(node, children);
  return node;
}

/**
 * A number from the API, formatted for the locale. src (the API route) and path (e.g. 'system.saidi') name where it
 * comes from and scale what it was multiplied by, so the browser tests can check every number against the API's.
 */
export function num(value, digits, src, path, scale) {
  const attributes = src && path ? { dataset: { src, path, digits: String(digits) } } : {};
  if (src && path && scale !== undefined && scale !== 1) {
    attributes.dataset.scale = String(scale);
  }
  const shown = scale !== undefined && value !== null && value !== undefined ? value * scale : value;
  return el('span', { class: 'num', ...attributes }, fmt(shown, digits));
}

/** A KPI tile: label, value (a node or text), unit line; optional tone 'good' | 'warn' | 'bad'. */
export function kpi(id, label, value, unit, tone) {
  return el('div', { class: 'kpi' + (tone ? ' ' + tone : ''), dataset: { kpi: id } },
    el('div', { class: 'label' }, label), el('div', { class: 'value' }, value), unit ? el('div', { class: 'muted unit' }, unit) : null);
}

/** A panel with a heading and content. */
export function panel(title, ...children) {
  return el('section', { class: 'panel' }, el('h2', null, title), ...children);
}

/** Download links of an export table: Excel (.xlsx) beside CSV, with the current filters. */
export function downloads(name, params, label) {
  const query = params && String(params) ? '?' + params : '';
  return el('span', { class: 'downloads', dataset: { export: name } }, label ? el('span', { class: 'muted' }, label) : null,
    el('a', { href: `/api/export/${name}.xlsx${query}`, download: '', class: 'button', dataset: { format: 'xlsx' } }, t('app.download') + ' Excel'),
    el('a', { href: `/api/export/${name}.csv${query}`, download: '', class: 'button secondary', dataset: { format: 'csv' } }, 'CSV'));
}

/** A message in place of content that is not available. */
export function placeholder(text) {
  return el('p', { class: 'placeholder' }, text);
}
