// ECharts helpers. Axis labels, titles and legends are drawn on the canvas; tooltips are HTML, so every formatter
// escapes the values it shows (esc). Grids contain their labels (no clipped axis labels); value axes start at zero
// unless a chart says why not.
import { fmt, t, lang } from './i18n.js';

const instances = [];
const observer = new ResizeObserver(entries => entries.forEach(e => echarts.getInstanceByDom(e.target)?.resize()));

/** An axis label: locale separators, no trailing zeros. */
export function axisNumber(value) {
  return new Intl.NumberFormat(lang(), { maximumFractionDigits: 2 }).format(value);
}

/** The smallest 1, 2 or 5 × 10^n at or above value (an axis maximum that gets a label). */
export function niceCeiling(value) {
  if (!(value > 0)) {
    return 1;
  }
  const step = 10 ** Math.floor(Math.log10(value));
  return [1, 2, 5, 10].map(m => m * step).find(v => v >= value);
}

/** HTML-escapes a value for a tooltip. */
export function esc(value) {
  return String(value ?? '').replace(/[&<>"']/g, c => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

// No animation: a chart shows its numbers at once (and screenshots never catch one half drawn).
echarts.registerTheme('lumen', { animation: false });

/** An ECharts instance on node, disposed when the view changes. */
export function chart(node) {
  const instance = echarts.init(node, 'lumen', { renderer: 'canvas' });
  instances.push(instance);
  observer.observe(node);
  return instance;
}

/** Disposes the charts of the previous view. */
export function disposeCharts() {
  for (const instance of instances.splice(0)) {
    observer.unobserve(instance.getDom());
    instance.dispose();
  }
}

/** Colours shared by every view. */
export const COLOURS = { good: '#2e7d32', warn: '#ef8f00', bad: '#c62828', accent: '#1565c0', neutral: '#90a4ae', ink: '#263238', purple: '#6a1b9a' };

/** A grid that keeps its axis labels inside the chart. */
export function grid(extra) {
  return { left: 12, right: 28, top: 44, bottom: 12, containLabel: true, ...extra };
}

/** A chart title (drawn on the canvas, so never HTML). */
export function title(text, extra) {
  return { text, left: 0, top: 0, textStyle: { fontSize: 13, fontWeight: 600, overflow: 'truncate', width: 560 }, ...extra };
}

/** An axis tooltip listing each series' value with digits and unit, escaped. */
export function axisTooltip(digits, unit) {
  return {
    trigger: 'axis',
    axisPointer: { type: 'shadow' },
    formatter: items => {
      const list = Array.isArray(items) ? items : [items];
      const head = esc(list[0]?.axisValueLabel ?? list[0]?.name ?? '');
      return [head, ...list.filter(p => p.seriesName && !String(p.seriesName).startsWith('_')).map(p => {
        const value = Array.isArray(p.value) ? p.value[p.value.length - 1] : p.value;
        return `${p.marker}${esc(p.seriesName)}: ${esc(fmt(value, digits))}${unit ? ' ' + esc(unit) : ''}`;
      })].join('<br>');
    },
  };
}

/** A horizontal bar chart of labelled values (largest on top), value axis from zero. */
export function barsOption({ heading, labels, values, digits, unit, axisName, colour, colours, markLine, max }) {
  return {
    title: title(heading),
    grid: grid({ bottom: 30 }),
    tooltip: axisTooltip(digits, unit),
    xAxis: { type: 'value', min: 0, max, name: axisName, nameLocation: 'middle', nameGap: 26, axisLabel: { formatter: axisNumber } },
    yAxis: { type: 'category', data: labels, axisLabel: { width: 180, overflow: 'truncate' } },
    series: [{
      name: axisName, type: 'bar', data: values.map((v, i) => ({ value: v, itemStyle: { color: colours ? colours[i] : colour } })),
      markLine,
    }],
  };
}

/** The "no data" note shown on an empty chart. */
export function empty(node, text) {
  node.classList.add('empty');
  node.textContent = text || t('common.none');
}
