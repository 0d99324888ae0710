// Draws a definition's graph: elkjs lays out the nested containers (each a compound node) and the
// edges between their activities; this file only turns the layout into SVG and colours each
// activity by its state. The layout runs in a web worker (the page shell names its URL), so a
// large definition never freezes the page; the worker is started, and its 1.5 MB fetched, only
// when a page first draws a graph.
import ELK from 'elkjs/lib/elk-api.js';

let elk = null;
function layoutEngine() {
  elk ??= new ELK({ workerUrl: document.body.dataset.elkWorker });
  return elk;
}
const SVG = 'http://www.w3.org/2000/svg';
const STATES = ['done', 'running', 'faulted', 'waiting'];

function svg(tag, attributes, text) {
  const element = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attributes ?? {})) {
    if (value !== null && value !== undefined) element.setAttribute(key, String(value));
  }
  if (text !== undefined) element.textContent = text;
  return element;
}

function textWidth(text, size) {
  return Math.ceil((text ?? '').length * size * 0.6);
}

function shorten(text, max) {
  if (!text) return text;
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const containerOptions = {
  'elk.algorithm': 'layered',
  'elk.direction': 'DOWN',
  'elk.padding': '[top=34,left=12,bottom=12,right=12]',
  'elk.spacing.nodeNode': '16',
  'elk.layered.spacing.nodeNodeBetweenLayers': '22',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF',
  // Branches (then/else, cases, try/catch) have no edges between them: kept in one layered graph
  // they sit side by side in one row, in the order the definition lists them.
  'elk.separateConnectedComponents': 'false',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
};

function toElk(graph) {
  const nodes = new Map();
  let root = null;
  for (const node of graph.nodes) {
    const label = shorten(node.label, 40);
    const detail = shorten(node.detail, 48);
    const tag = node.slot ? shorten(node.slot, 30) : null;
    const width = Math.max(textWidth(label, 13), textWidth(detail, 11), textWidth(tag, 10), 60) + 24;
    const height = 30 + (detail ? 14 : 0) + (tag ? 12 : 0);
    nodes.set(node.id, {
      id: node.id,
      width,
      height,
      children: [],
      edges: [],
      layoutOptions: node.container ? containerOptions : undefined,
      source: { ...node, label, detail, tag },
    });
  }
  for (const node of graph.nodes) {
    const elkNode = nodes.get(node.id);
    if (node.parent && nodes.has(node.parent)) nodes.get(node.parent).children.push(elkNode);
    else root = elkNode;
  }
  for (const [id, node] of nodes) {
    if (node.children.length === 0) {
      delete node.children;
      delete node.layoutOptions;
    } else {
      // A container's size comes from its children; its own label needs at least this much.
      node.layoutOptions = { ...node.layoutOptions, 'elk.nodeSize.minimum': `(${node.width}, 40)`, 'elk.nodeSize.constraints': 'MINIMUM_SIZE' };
      delete node.width;
      delete node.height;
    }
    void id;
  }
  const parentOf = new Map(graph.nodes.map((n) => [n.id, n.parent]));
  graph.edges.forEach((edge, index) => {
    // Edges join siblings (a Sequence's steps, a Flowchart's connections): they belong to the parent.
    const owner = nodes.get(parentOf.get(edge.from)) ?? root;
    owner.edges.push({
      id: `e${index}`,
      sources: [edge.from],
      targets: [edge.to],
      labels: edge.label ? [{ text: edge.label, width: textWidth(edge.label, 10), height: 12 }] : [],
    });
  });
  return {
    id: '__graph',
    layoutOptions: { ...containerOptions, 'elk.padding': '[top=4,left=4,bottom=4,right=4]', 'elk.json.edgeCoords': 'ROOT', 'elk.json.shapeCoords': 'PARENT' },
    children: root ? [root] : [],
    edges: [],
  };
}

function drawNode(layer, node, offsetX, offsetY, edgesLayer) {
  const x = offsetX + node.x;
  const y = offsetY + node.y;
  const source = node.source;
  const container = Boolean(node.children);
  const group = svg('g', {
    class: `activity ${container ? 'container' : 'leaf'} state-none`,
    'data-activity-id': source.id,
    'data-type': source.type,
    'data-state': 'none',
  });
  group.append(svg('title', {}, `${source.type} ${source.id}`));
  group.append(svg('rect', { x, y, width: node.width, height: node.height, rx: container ? 8 : 6 }));
  let line = y + 18;
  if (source.tag) {
    group.append(svg('text', { x: x + 8, y: y + 12, class: 'slot' }, source.tag));
    line += 10;
  }
  group.append(svg('text', { x: x + 8, y: line, class: 'label' }, container && source.label !== source.type ? `${source.label} · ${source.type}` : source.label));
  if (!container && source.detail) {
    group.append(svg('text', { x: x + 8, y: line + 14, class: 'detail' }, source.detail));
  }
  layer.append(group);
  for (const child of node.children ?? []) drawNode(layer, child, x, y, edgesLayer);
  for (const edge of node.edges ?? []) drawEdge(edgesLayer, edge);
}

function drawEdge(layer, edge) {
  for (const section of edge.sections ?? []) {
    const points = [section.startPoint, ...(section.bendPoints ?? []), section.endPoint];
    layer.append(svg('path', { d: points.map((p, i) => `${i ? 'L' : 'M'}${p.x},${p.y}`).join(' '), class: 'edge', 'marker-end': 'url(#arrow)' }));
  }
  for (const label of edge.labels ?? []) {
    if (label.x !== undefined) layer.append(svg('text', { x: label.x, y: label.y + 10, class: 'edge-label' }, label.text));
  }
}

/** Lays out and draws the graph into host; returns the svg element. */
export async function drawGraph(host, graph, states) {
  const layout = await layoutEngine().layout(toElk(graph));
  const width = Math.ceil(layout.width ?? 0) + 8;
  const height = Math.ceil(layout.height ?? 0) + 8;
  const root = svg('svg', { viewBox: `0 0 ${width} ${height}`, width, height, class: 'graph', role: 'img', 'aria-label': 'workflow graph' });
  const defs = svg('defs');
  const marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 7, markerHeight: 7, orient: 'auto-start-reverse' });
  marker.append(svg('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrow' }));
  defs.append(marker);
  root.append(defs);
  const nodesLayer = svg('g', { class: 'nodes' });
  const edgesLayer = svg('g', { class: 'edges' });
  root.append(nodesLayer, edgesLayer);
  for (const child of layout.children ?? []) drawNode(nodesLayer, child, 0, 0, edgesLayer);
  host.replaceChildren(root);
  if (states) colourGraph(host, states);
  return root;
}

/** Marks each drawn activity with its state (absent: not reached). */
export function colourGraph(host, states) {
  for (const group of host.querySelectorAll('g.activity')) {
    const state = states?.[group.dataset.activityId];
    const shown = STATES.includes(state) ? state : 'none';
    group.dataset.state = shown;
    group.classList.remove(...STATES.map((s) => `state-${s}`), 'state-none');
    group.classList.add(`state-${shown}`);
  }
}
