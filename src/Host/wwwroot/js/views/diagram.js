// Feeder diagram: the feeder as a graph on the network's own coordinates (a schematic tree when it has none), with
// transformer areas coloured by their unavailability U, a shape per device kind on the branch it sits on, ties to
// other feeders, zoom and pan, labels on demand, and a click on any node showing its trace.
import { registerView, href, setParams } from '../core/router.js';
import { el, fill, num, panel, placeholder } from '../core/dom.js';
import { t, fmt } from '../core/i18n.js';
import { getJson } from '../core/api.js';
import { chart, esc, title } from '../core/charts.js';
import { allFeeders } from './feeders.js';

const PROTECTIVE = new Set(['breaker', 'recloser', 'fuse']);
// U bands (h/yr) and their colours: the legend and the nodes use the same table.
const U_BANDS = [[1, '#1b7837'], [3, '#7fbc41'], [6, '#f1a340'], [10, '#e66101'], [Infinity, '#b2182b']];
const SHAPES = { bus: 'circle', load: 'circle', protective: 'triangle', switch: 'diamond', tie: 'rect', head: 'roundRect' };
const KIND_COLOUR = { bus: '#b0bec5', protective: '#0d47a1', switch: '#6a1b9a', tie: '#ef6c00', head: '#263238' };

function colourOfU(u) {
  return U_BANDS.find(([limit]) => u < limit)[1];
}

function legend() {
  let lower = 0;
  const items = U_BANDS.map(([limit, colour]) => {
    const text = limit === Infinity ? `≥ ${fmt(lower, 0)} ${t('diagram.h')}` : `${fmt(lower, 0)}–${fmt(limit, 0)} ${t('diagram.h')}`;
    lower = limit;
    return el('span', null, el('span', { class: 'swatch', style: `background:${colour}` }), text);
  });
  const shape = (kind, label) => el('span', { dataset: { shape: kind } }, el('span', { class: 'shape-' + kind }), label);
  return el('div', { class: 'legend' }, el('strong', null, t('diagram.uLegend')), ...items,
    el('strong', null, t('diagram.shapes')), shape('load', t('diagram.load')), shape('protective', t('diagram.protective')),
    shape('switch', t('diagram.switch')), shape('tie', t('diagram.tie')), shape('bus', t('diagram.bus')));
}

// Positions: the network's coordinates when every bus has them, otherwise a schematic: depth to the right, the largest
// branch of each bus continuing straight on (so the trunk is one line), each lateral on the first rows below that are
// free over the columns it spans.
function layout(nodes) {
  if (nodes.every(n => n.x !== null && n.y !== null)) {
    return { positions: new Map(nodes.map(n => [n.id, [n.x, n.y]])), geographic: true };
  }
  const children = new Map(nodes.map(n => [n.id, []]));
  let root = null;
  for (const n of nodes) {
    if (n.parent === null || !children.has(n.parent)) {
      root = root ?? n.id;
    } else {
      children.get(n.parent).push(n.id);
    }
  }
  const order = [];
  for (const stack = [root]; stack.length;) {
    const id = stack.pop();
    order.push(id);
    stack.push(...children.get(id));
  }
  // Subtree sizes and heights, leaves first; children largest first.
  const size = new Map();
  const height = new Map();
  for (let i = order.length - 1; i >= 0; i--) {
    const kids = children.get(order[i]).sort((a, b) => size.get(b) - size.get(a));
    size.set(order[i], 1 + kids.reduce((s, k) => s + size.get(k), 0));
    height.set(order[i], kids.length ? 1 + Math.max(...kids.map(k => height.get(k))) : 0);
  }
  const positions = new Map();
  const nextFree = [];
  const free = (from, to) => {
    let row = 0;
    for (let d = from; d <= to; d++) {
      row = Math.max(row, nextFree[d] ?? 0);
    }
    return row;
  };
  // A lateral's own laterals nest only as deep as the network's branching, so the recursion stays shallow.
  const place = (id, depth, row) => {
    const laterals = [];
    for (let current = id, d = depth; current !== undefined; d++) {
      positions.set(current, [d, row]);
      nextFree[d] = Math.max(nextFree[d] ?? 0, row + 1);
      const kids = children.get(current);
      laterals.push(...kids.slice(1).map(k => [k, d + 1]));
      current = kids[0];
    }
    for (const [k, d] of laterals) {
      place(k, d, Math.max(row + 1, free(d, d + height.get(k))));
    }
  };
  place(root, 0, 0);
  return { positions, geographic: false };
}

function graphData(doc) {
  const { positions, geographic } = layout(doc.nodes);
  const data = [];
  const links = [];
  const add = (item, kind) => {
    data.push({ ...item, value: [item.x, item.y], symbol: SHAPES[kind], category: kind, itemStyle: { color: item.colour ?? KIND_COLOUR[kind] } });
  };
  for (const n of doc.nodes) {
    const [x, y] = positions.get(n.id);
    const kind = n.parent === null ? 'head' : n.load_point ? 'load' : 'bus';
    add({ id: n.id, name: n.id, label: n.load_point ?? n.id, x, y, node: n, symbolSize: kind === 'load' ? 11 : kind === 'head' ? 14 : 5, colour: kind === 'load' ? colourOfU(n.u_hours) : undefined }, kind);
    if (n.parent === null) {
      continue;
    }
    // A device sits on the branch into the bus: drawn at the branch's middle, in the shape of its kind.
    if (n.devices.length > 0) {
      const [px, py] = positions.get(n.parent);
      const kind2 = n.devices.some(d => PROTECTIVE.has(d)) ? 'protective' : 'switch';
      const id = `${n.branch}#device`;
      // Smaller than the buses it sits between, so a transformer's fuse does not hide the area it protects.
      add({ id, name: id, label: `${n.branch}: ${n.devices.map(d => t('device.' + d)).join(', ')}`, x: (x + px) / 2, y: (y + py) / 2, node: n, device: true,
        symbolSize: n.load_point ? 7 : 10 }, kind2);
      links.push({ source: n.parent, target: id }, { source: id, target: n.id });
    } else {
      links.push({ source: n.parent, target: n.id });
    }
  }
  // A tie is drawn just beside its bus: a column and a row off on a schematic, 2 % of the width on coordinates.
  const xs = [...positions.values()].map(p => p[0]);
  const [dx, dy] = geographic ? [0.02 * (Math.max(...xs) - Math.min(...xs) || 1), 0] : [2, 1];
  for (const tie of doc.ties) {
    const [x, y] = positions.get(tie.bus);
    const id = `${tie.branch}#tie`;
    add({ id, name: id, label: `${tie.branch} → ${tie.other_bus}${tie.other_feeder ? ' (' + tie.other_feeder + ')' : ''}`, x: x + dx, y: y + dy, tie, symbolSize: 12 }, 'tie');
    links.push({ source: tie.bus, target: id, lineStyle: { type: 'dashed', color: KIND_COLOUR.tie } });
  }
  // Devices first, so that buses and transformer areas are drawn over the devices beside them.
  data.sort((a, b) => Number(Boolean(b.device)) - Number(Boolean(a.device)));
  return { data, links, geographic };
}

function tooltip(p) {
  if (p.dataType !== 'node') {
    return '';
  }
  const d = p.data;
  if (d.tie) {
    return `${esc(t('diagram.tie'))}: ${esc(d.tie.branch)}<br>${esc(t('diagram.tieTo', { bus: d.tie.other_bus, feeder: d.tie.other_feeder ?? '—' }))}`;
  }
  const n = d.node;
  if (d.device) {
    return `${esc(n.branch)}<br>${esc(n.devices.map(x => t('device.' + x)).join(', '))}`;
  }
  const lines = [esc(n.id)];
  if (n.load_point) {
    lines.push(esc(`${t('diagram.area')} ${n.load_point}`), esc(`${t('diagram.customers')} ${fmt(n.customers, 0)}`),
      esc(`U ${fmt(n.u_hours, 2)} ${t('diagram.hPerYear')} · λ ${fmt(n.lambda, 3)} ${t('diagram.perYear')}`));
  }
  if (n.branch) {
    lines.push(esc(`${t('diagram.via')} ${n.branch} (${t('branch.' + n.branch_kind)})`));
  }
  return lines.join('<br>');
}

async function showTrace(target, version, bus, node, tie) {
  fill(target, el('p', { class: 'muted' }, t('app.loading')));
  const src = `/api/networks/${version}/trace/${encodeURIComponent(bus)}`;
  const trace = await getJson(src);
  const list = (items, render) => (items.length ? el('ol', null, ...items.map(i => el('li', null, render(i)))) : el('p', { class: 'muted' }, t('diagram.none')));
  fill(target,
    el('h3', null, t('diagram.traceOf', { bus: trace.node })),
    tie && tie.other_feeder ? el('p', null, t('diagram.tie'), ' ', tie.branch, ': ', el('a', { href: href('diagram', { feeder: tie.other_feeder, node: tie.other_bus }) },
      t('diagram.tieTo', { bus: tie.other_bus, feeder: tie.other_feeder }))) : null,
    el('p', null, t('diagram.feederSource', { feeder: trace.feeder ?? '—', source: trace.source ?? '—' })),
    node && node.load_point ? el('p', { dataset: { indices: node.load_point } }, t('diagram.area'), ' ', node.load_point, ': ', t('diagram.customers'), ' ', fmt(node.customers, 0),
      ', U ', fmt(node.u_hours, 2), ' ', t('diagram.hPerYear'), ', λ ', fmt(node.lambda, 3), ' ', t('diagram.perYear'),
      node.lambda > 0 ? `, r ${fmt(node.u_hours / node.lambda, 2)} ${t('diagram.h')}` : '') : null,
    el('h3', null, t('diagram.protectedBy')),
    el('p', null, trace.protective_device ?? t('diagram.none')),
    el('h3', null, t('diagram.segment')),
    el('p', null, t('diagram.segmentText', { segment: trace.segment, buses: fmt(trace.segment_buses, 0), entry: trace.segment_entry_branch ?? '—', downstream: fmt(trace.downstream_buses, 0) })),
    el('h3', null, t('diagram.alternate')),
    list(trace.alternate_supplies, a => [`${a.branch} ← `, el('a', { href: href('diagram', { feeder: a.from_feeder }) }, a.from_feeder),
      a.devices.length ? ` (${a.devices.join(', ')})` : '']),
    el('h3', null, t('diagram.upstream')),
    list(trace.upstream_path, s => `${s.branch}: ${s.from_bus} → ${s.to_bus}${s.devices.length ? ' [' + s.devices.join('; ') + ']' : ''}`));
  target.dataset.trace = trace.node;
  return trace;
}

// Draws the traced bus's path to the source in the accent colour, its protecting device and alternate-supply ties marked.
function highlight(diagram, data, links, trace) {
  const branches = new Set(trace.upstream_path.map(s => s.branch));
  const buses = new Set([trace.node, ...trace.upstream_path.flatMap(s => [s.from_bus, s.to_bus])]);
  const ties = new Set(trace.alternate_supplies.map(a => `${a.branch}#tie`));
  const onPath = id => buses.has(id) || branches.has(id.replace(/#device$/, '')) || ties.has(id);
  diagram.setOption({
    series: [{
      data: data.map(d => (onPath(d.id) ? { ...d, itemStyle: { ...d.itemStyle, borderColor: '#000', borderWidth: 2 }, symbolSize: d.symbolSize + 4 } : d)),
      links: links.map(l => (onPath(l.source) && onPath(l.target) ? { ...l, lineStyle: { ...l.lineStyle, color: '#1565c0', width: 3 } } : l)),
    }],
  });
}

async function render(container, params, context) {
  const feeders = await allFeeders();
  if (feeders.length === 0) {
    container.append(panel(t('view.diagram'), placeholder(t('diagram.noFeeders'))));
    return;
  }
  const name = feeders.some(f => f.id === params.get('feeder')) ? params.get('feeder') : feeders[0].id;
  const src = `/api/feeders/${encodeURIComponent(name)}/diagram`;
  const doc = await getJson(src);
  const select = el('select', { id: 'feeder-select', 'aria-label': t('common.feeder'), onchange: e => { location.hash = href('diagram', { feeder: e.target.value }); } },
    ...feeders.map(f => f.id).sort().map(id => el('option', { value: id, selected: id === name }, id)));
  const labels = el('input', { type: 'checkbox', id: 'diagram-labels', checked: params.get('labels') === '1' });
  const reset = el('button', { type: 'button', class: 'secondary', id: 'diagram-reset' }, t('diagram.reset'));
  const node = el('div', { class: 'chart tall', dataset: { chart: 'diagram' } });
  const trace = el('div', { class: 'trace', id: 'trace' }, el('p', { class: 'muted' }, t('diagram.clickNode')));
  const i = doc.indices;
  container.append(panel(t('diagram.heading'),
    el('div', { class: 'toolbar' }, el('label', null, t('common.feeder') + ' ', select),
      el('label', null, labels, ' ', t('diagram.showLabels')), reset,
      el('span', { class: 'muted' }, t('diagram.indices'), ' ', t('diagram.saidi'), ' ', num(i.saidi, 2, src, 'indices.saidi'), ' ', t('diagram.hPerYear'), ' · ',
        t('diagram.saifi'), ' ', num(i.saifi, 3, src, 'indices.saifi'), ' ', t('diagram.perYear'), ' · ', t('diagram.customers'), ' ', num(i.customers, 0, src, 'indices.customers'))),
    legend(),
    el('div', { class: 'diagram-layout' }, node, trace)));

  const { data, links, geographic } = graphData(doc);
  const diagram = chart(node);
  // Axes ranges with equal units per pixel both ways, so the network's coordinates keep their shape.
  const xs = data.map(d => d.x);
  const ys = data.map(d => d.y);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const width = Math.max(node.clientWidth - 40, 1);
  const height = Math.max(node.clientHeight - 60, 1);
  // A schematic's rows and columns are stretched to the chart instead.
  const unitX = Math.max((x1 - x0 || 1) / width, geographic ? (y1 - y0 || 1) / height : 0) * 1.06;
  // A schematic's rows are at most 40 px apart, from the top.
  const unitY = geographic ? unitX : Math.max((y1 - y0 || 1) / height * 1.06, 1 / 40);
  const [cx, cy] = [(x0 + x1) / 2, geographic ? (y0 + y1) / 2 : y0 - 0.5 + unitY * height / 2];
  const axis = (centre, pixels, unit) => ({ type: 'value', show: false, min: centre - unit * pixels / 2, max: centre + unit * pixels / 2 });
  const option = show => ({
    title: title(geographic ? t('diagram.geographic', { feeder: doc.feeder }) : t('diagram.schematic', { feeder: doc.feeder }),
      { textStyle: { fontSize: 13, fontWeight: 600, overflow: 'truncate', width: 900 } }),
    tooltip: { trigger: 'item', formatter: tooltip },
    animation: false,
    grid: { left: 20, right: 20, top: 40, bottom: 20 },
    xAxis: axis(cx, width, unitX),
    yAxis: { ...axis(cy, height, unitY), inverse: !geographic },
    dataZoom: [{ type: 'inside', xAxisIndex: 0, filterMode: 'none' }, { type: 'inside', yAxisIndex: 0, filterMode: 'none' }],
    series: [{
      type: 'graph', layout: 'none', coordinateSystem: 'cartesian2d',
      data, links, edgeSymbol: ['none', 'none'], lineStyle: { color: '#90a4ae', width: 1.2 },
      categories: Object.keys(SHAPES).map(k => ({ name: k })),
      label: { show, position: 'right', fontSize: 10, formatter: p => p.data.label },
      emphasis: { label: { show: true, fontWeight: 'bold' }, scale: 1.6 },
      labelLayout: { hideOverlap: true },
    }],
  });
  diagram.setOption(option(labels.checked));
  labels.addEventListener('change', () => {
    diagram.setOption({ series: [{ label: { show: labels.checked } }] });
    const next = new URLSearchParams(location.hash.split('?')[1] || '');
    if (labels.checked) {
      next.set('labels', '1');
    } else {
      next.delete('labels');
    }
    setParams(next);
  });
  reset.addEventListener('click', () => diagram.dispatchAction({ type: 'dataZoom', start: 0, end: 100 }));
  const open = async item => {
    const bus = item.tie ? item.tie.bus : item.node.id;
    const next = new URLSearchParams(location.hash.split('?')[1] || '');
    next.set('feeder', name);
    next.set('node', bus);
    setParams(next);
    highlight(diagram, data, links, await showTrace(trace, doc.version, bus, item.node, item.tie));
  };
  diagram.on('click', p => {
    if (p.dataType === 'node') {
      open(p.data).catch(error => fill(trace, el('p', { class: 'banner error' }, error.message)));
    }
  });
  const selected = params.get('node');
  const item = selected && data.find(d => d.id === selected);
  if (item) {
    await open(item);
  }
}

registerView({ id: 'diagram', title: 'view.diagram', render }, {
  en: {
    'view.diagram': 'Feeder diagram',
    'diagram.heading': 'Feeder diagram', 'diagram.showLabels': 'show labels', 'diagram.reset': 'reset zoom',
    'diagram.indices': 'predicted:', 'diagram.customers': 'customers', 'diagram.saidi': 'SAIDI', 'diagram.saifi': 'SAIFI',
    'diagram.h': 'h', 'diagram.hPerYear': 'h/yr', 'diagram.perYear': '/yr',
    'diagram.uLegend': 'Transformer areas by U (h/yr):', 'diagram.shapes': 'Shapes:',
    'diagram.load': 'transformer area', 'diagram.protective': 'protective device (breaker, recloser, fuse)', 'diagram.switch': 'switch (disconnector, load-break switch, sectionaliser)',
    'diagram.tie': 'normally-open tie', 'diagram.bus': 'bus',
    'diagram.geographic': '{feeder} on the network’s coordinates (scroll to zoom, drag to pan)',
    'diagram.schematic': '{feeder}, schematic (the network has no coordinates; scroll to zoom, drag to pan)',
    'diagram.clickNode': 'Click a bus, device or transformer area to see its trace: upstream path, protecting device, isolation segment and alternate supply.',
    'diagram.traceOf': 'Trace of {bus}', 'diagram.feederSource': 'Feeder {feeder}, supplied from {source}.',
    'diagram.protectedBy': 'Protecting device (clears a fault here)', 'diagram.segment': 'Isolation segment',
    'diagram.segmentText': 'Segment {segment}: {buses} buses, entered through {entry}; {downstream} buses downstream.',
    'diagram.alternate': 'Alternate supply (ties that can restore it)', 'diagram.upstream': 'Upstream path to the source',
    'diagram.none': 'none', 'diagram.area': 'Transformer area', 'diagram.via': 'via', 'diagram.tieTo': 'to {bus} of feeder {feeder}',
    'diagram.noFeeders': 'The network has no feeders.',
    'device.breaker': 'breaker', 'device.recloser': 'recloser', 'device.fuse': 'fuse', 'device.disconnector': 'disconnector',
    'device.load_break_switch': 'load-break switch', 'device.sectionaliser': 'sectionaliser',
    'branch.overhead_line': 'overhead line', 'branch.cable': 'cable', 'branch.transformer': 'transformer', 'branch.bus_tie': 'bus tie', 'branch.null': '—',
  },
  'zh-CN': {
    'view.diagram': '线路单线图',
    'diagram.heading': '线路单线图', 'diagram.showLabels': '显示标注', 'diagram.reset': '复位缩放',
    'diagram.indices': '预测：', 'diagram.customers': '用户数', 'diagram.saidi': '用户平均停电时间', 'diagram.saifi': '用户平均停电次数',
    'diagram.h': '小时', 'diagram.hPerYear': '小时/年', 'diagram.perYear': '次/年',
    'diagram.uLegend': '台区年停电时间 U（小时/年）：', 'diagram.shapes': '图例：',
    'diagram.load': '台区（配变）', 'diagram.protective': '保护设备（断路器、重合器、熔断器）', 'diagram.switch': '开关（隔离开关、负荷开关、分段器）',
    'diagram.tie': '常开联络开关', 'diagram.bus': '节点',
    'diagram.geographic': '{feeder}（按网络坐标绘制；滚轮缩放，拖动平移）',
    'diagram.schematic': '{feeder}（示意图：网络无坐标；滚轮缩放，拖动平移）',
    'diagram.clickNode': '点击节点、设备或台区，查看其拓扑追踪：上游路径、保护设备、隔离区段和转供电源。',
    'diagram.traceOf': '{bus} 的拓扑追踪', 'diagram.feederSource': '所属线路 {feeder}，电源 {source}。',
    'diagram.protectedBy': '保护设备（此处故障由其切除）', 'diagram.segment': '隔离区段',
    'diagram.segmentText': '区段 {segment}：{buses} 个节点，入口支路 {entry}；下游 {downstream} 个节点。',
    'diagram.alternate': '转供电源（可恢复供电的联络开关）', 'diagram.upstream': '至电源的上游路径',
    'diagram.none': '无', 'diagram.area': '台区', 'diagram.via': '经', 'diagram.tieTo': '联络至线路 {feeder} 的 {bus}',
    'diagram.noFeeders': '网络中没有线路。',
    'device.breaker': '断路器', 'device.recloser': '重合器', 'device.fuse': '熔断器', 'device.disconnector': '隔离开关',
    'device.load_break_switch': '负荷开关', 'device.sectionaliser': '分段器',
    'branch.overhead_line': '架空线', 'branch.cable': '电缆', 'branch.transformer': '配变', 'branch.bus_tie': '母联', 'branch.null': '—',
  },
});
