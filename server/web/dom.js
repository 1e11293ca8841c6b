// DOM and text helpers for the page's modules. Everything built with them goes through
// textContent and attributes; snippetNodes is the one place where server HTML (the
// snippet) is parsed.

const SVG_NS = 'http://www.w3.org/2000/svg';

/** Sets attributes and properties on a node; `text` becomes textContent, `on*` become listeners. */
function apply(node, attrs) {
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'text') node.textContent = String(value);
    else if (key === 'class') node.setAttribute('class', value);
    else if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('on') && typeof value === 'function') node.addEventListener(key.slice(2), value);
    else if (value === true) node.setAttribute(key, '');
    else node.setAttribute(key, String(value));
  }
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

/** Builds an HTML element: el('a', {href: '#', text: 'x'}) or el('p', {}, child, 'text'). */
export function el(tag, attrs, ...children) {
  return append(apply(document.createElement(tag), attrs), children);
}

/** Builds an SVG element the same way. */
export function svg(tag, attrs, ...children) {
  return append(apply(document.createElementNS(SVG_NS, tag), attrs), children);
}

/** Replaces all children of a node. */
export function replaceChildren(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** Lower case without diacritics, đ → d: how the page compares Vietnamese names. */
export function fold(text) {
  return String(text)
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/**
 * Turns the server's snippet (escaped text with <mark> around matches) into DOM nodes.
 * The snippet is parsed inertly in a <template> (no scripts run, no images load) and only
 * its text and <mark> elements are copied over, so even a snippet the server failed to
 * escape cannot inject markup or attributes into the page.
 */
export function snippetNodes(html) {
  const template = document.createElement('template');
  template.innerHTML = String(html ?? '');
  const out = document.createDocumentFragment();
  const copy = (from, to) => {
    for (const child of from.childNodes) {
      if (child.nodeType === Node.TEXT_NODE) {
        to.append(document.createTextNode(child.data));
      } else if (child.nodeType === Node.ELEMENT_NODE) {
        const name = child.localName;
        if (name === 'script' || name === 'style' || name === 'template') continue;
        if (name === 'mark') copy(child, to.appendChild(document.createElement('mark')));
        else copy(child, to);
      }
    }
  };
  copy(template.content, out);
  return out;
}

/** Calls fn after `wait` ms of quiet; .cancel() drops a pending call. */
export function debounce(fn, wait) {
  let timer = null;
  const wrapped = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => fn(...args), wait);
  };
  wrapped.cancel = () => clearTimeout(timer);
  return wrapped;
}
