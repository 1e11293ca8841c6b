// The notes above the results: the correction searched and the way back to the query as
// typed, results lacking some words, and "did you mean".

import { el, replaceChildren } from './dom.js';
import { ui, page, search, hrefOf, navigate } from './page.js';

/** A link that searches `text`; `exact` searches it as typed, uncorrected. */
function queryLink(text, { exact = false, label = text, className = 'suggestion-link' } = {}) {
  return el('a', {
    href: hrefOf({ ...page.state, q: text, exact, page: 1, doc: null }),
    class: className,
    text: label,
    onclick: (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey) return;
      event.preventDefault();
      ui.q.value = text;
      navigate({ q: text, exact, doc: null });
    },
  });
}

export function suggestionLink(text) {
  return queryLink(text);
}

/** "Hiển thị kết quả cho VNPT · Tìm chính xác VNTP": the correction searched, and the way back. */
export function drawCorrected(corrected, s) {
  if (!corrected) {
    ui.corrected.hidden = true;
    ui.corrected.replaceChildren();
    return;
  }
  replaceChildren(
    ui.corrected,
    `${s.showingResultsFor} `,
    el('strong', { text: corrected.to }),
    el('span', { class: 'sep', 'aria-hidden': 'true', text: ' · ' }),
    queryLink(corrected.from, { exact: true, label: `${s.searchExactly} ${corrected.from}`, className: 'exact-link' }),
  );
  ui.corrected.hidden = false;
}

/** Says when some results lack some of the words typed (each says which under it). */
export function drawRelaxedNote(data, s) {
  if (!data.relaxed) {
    ui.relaxedNote.hidden = true;
    ui.relaxedNote.textContent = '';
    return;
  }
  const strict = Number(data.strict_total) || 0;
  ui.relaxedNote.textContent = strict === 0 ? s.relaxedNone : s.relaxedSome(strict);
  ui.relaxedNote.hidden = false;
}

export function drawDidYouMean(suggestion, s) {
  if (!suggestion || suggestion === page.state.q || !search.data?.hits?.length) {
    ui.didYouMean.hidden = true;
    ui.didYouMean.replaceChildren();
    return;
  }
  replaceChildren(ui.didYouMean, `${s.didYouMean}: `, suggestionLink(suggestion), '?');
  ui.didYouMean.hidden = false;
}
