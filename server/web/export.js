// Downloading the results (CSV, JSON Lines) and copying the page's link.

import { apiRequest, exportParams } from './state.js';
import { el } from './dom.js';
import { ui, page, strings } from './page.js';

/** Exports by POST when the query is too long for the link's GET, and saves the answer. */
async function exportByPost(event, format) {
  const request = apiRequest('api/export', exportParams(page.state, format));
  if (!request.init.method) return; // the link itself does it
  event.preventDefault();
  const s = strings();
  try {
    const response = await fetch(request.url, request.init);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    const url = URL.createObjectURL(await response.blob());
    const link = el('a', { href: url, download: `vnsearch-export.${format}`, hidden: true });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  } catch {
    ui.copyStatus.textContent = s.exportFailed;
  }
}

/** Wires the export links and the copy-link button. */
export function wireExport() {
  ui.exportCsv.addEventListener('click', (event) => exportByPost(event, 'csv'));
  ui.exportJsonl.addEventListener('click', (event) => exportByPost(event, 'jsonl'));

  ui.copyLink.addEventListener('click', async () => {
    const s = strings();
    try {
      await navigator.clipboard.writeText(location.href);
      ui.copyStatus.textContent = s.linkCopied;
    } catch {
      ui.copyStatus.textContent = s.linkCopyFailed;
    }
    setTimeout(() => {
      ui.copyStatus.textContent = '';
    }, 4000);
  });
}
