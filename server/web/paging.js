// The page links under the results: the first and last pages, the current one and its
// neighbours, and gaps between them.

import { PER_PAGE } from './state.js';
import { el, replaceChildren } from './dom.js';
import { ui, page, hrefOf, navigate } from './page.js';

export function drawPagination(total, s) {
  const pages = Math.max(1, Math.ceil(total / PER_PAGE));
  if (pages <= 1) {
    ui.pagination.hidden = true;
    ui.pagination.replaceChildren();
    return;
  }
  const current = Math.min(page.state.page, pages);
  const wanted = new Set([1, pages, current - 1, current, current + 1]);
  if (current <= 3) wanted.add(2).add(3).add(4);
  if (current >= pages - 2) wanted.add(pages - 1).add(pages - 2).add(pages - 3);
  const numbers = [...wanted].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);

  const pageLink = (n, text, label, rel) =>
    el('a', {
      href: hrefOf({ ...page.state, page: n }),
      class: `page${n === current && !rel ? ' current' : ''}`,
      'aria-label': label,
      'aria-current': n === current && !rel ? 'page' : undefined,
      rel,
      text,
      onclick: (event) => {
        if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
        event.preventDefault();
        navigate({ page: n }, { resetPage: false });
        ui.countHeading.focus({ preventScroll: true });
        ui.searchView.scrollIntoView({ block: 'start' });
      },
    });

  const items = [];
  items.push(current > 1 ? pageLink(current - 1, '‹', s.prev, 'prev') : el('span', { class: 'page disabled', 'aria-hidden': 'true', text: '‹' }));
  let previous = 0;
  for (const n of numbers) {
    if (n - previous > 1) items.push(el('span', { class: 'gap', 'aria-hidden': 'true', text: '…' }));
    items.push(pageLink(n, String(n), s.pageN(n)));
    previous = n;
  }
  items.push(current < pages ? pageLink(current + 1, '›', s.next, 'next') : el('span', { class: 'page disabled', 'aria-hidden': 'true', text: '›' }));
  ui.pagination.setAttribute('aria-label', s.pagination);
  replaceChildren(ui.pagination, el('ul', {}, items.map((item) => el('li', {}, item))));
  ui.pagination.hidden = false;
}
