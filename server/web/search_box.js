// The search box: an ARIA 1.2 combobox with a listbox of suggestions from /api/suggest.
// Suggestions are fetched as the reader types (debounced, the previous request aborted);
// Up/Down move through them, Enter picks one, Escape closes the list, Tab leaves it.

import { el, fold, debounce } from './dom.js';
import { getJSON } from './api.js';

const DEBOUNCE_MS = 160;
const MIN_CHARS = 2;

/**
 * Puts a suggestion into the query: it replaces the trailing words the reader was typing
 * when they are the start of the suggestion ("viettel chuyen d" + "chuyển đổi số" gives
 * "viettel chuyển đổi số"), or the whole query otherwise.
 */
export function applySuggestion(query, suggestion) {
  const words = query.trimEnd().split(/\s+/).filter(Boolean);
  const target = fold(suggestion);
  for (let start = 0; start < words.length; start++) {
    const tail = fold(words.slice(start).join(' '));
    if (tail && target.startsWith(tail)) return [...words.slice(0, start), suggestion].join(' ');
  }
  return suggestion;
}

export class SearchBox {
  /**
   * @param {object} opts
   * @param {HTMLInputElement} opts.input
   * @param {HTMLUListElement} opts.list
   * @param {(q: string) => void} opts.onSubmit  called with the query to search for
   * @param {() => object} opts.strings           the current interface strings
   */
  constructor({ input, list, onSubmit, strings }) {
    this.input = input;
    this.list = list;
    this.onSubmit = onSubmit;
    this.strings = strings;
    this.items = [];
    this.active = -1;
    this.controller = null;
    this.cache = new Map();
    this.fetchLater = debounce(() => this.fetch(), DEBOUNCE_MS);

    input.addEventListener('input', () => this.onInput());
    input.addEventListener('keydown', (event) => this.onKeyDown(event));
    input.addEventListener('blur', () => this.close());
    // mousedown would blur the input before the click lands: keep the focus where it is.
    list.addEventListener('mousedown', (event) => event.preventDefault());
    list.addEventListener('click', (event) => {
      const option = event.target.closest('[role="option"]');
      if (option) this.choose(Number(option.dataset.index));
    });
  }

  get isOpen() {
    return !this.list.hidden;
  }

  onInput() {
    const text = this.input.value;
    if (text.trim().length < MIN_CHARS) {
      this.fetchLater.cancel();
      this.controller?.abort();
      this.show([]);
      return;
    }
    const cached = this.cache.get(text);
    if (cached) {
      this.fetchLater.cancel();
      this.show(cached);
    } else {
      this.fetchLater();
    }
  }

  async fetch() {
    const text = this.input.value;
    this.controller?.abort();
    const controller = (this.controller = new AbortController());
    try {
      const data = await getJSON(`api/suggest?${new URLSearchParams({ q: text })}`, controller.signal);
      const items = Array.isArray(data.suggestions) ? data.suggestions.slice(0, 10) : [];
      this.cache.set(text, items);
      // Answers to an older text are dropped: the reader has typed on.
      if (controller === this.controller && this.input.value === text && document.activeElement === this.input) {
        this.show(items);
      }
    } catch (error) {
      if (error.name !== 'AbortError') this.show([]);
    }
  }

  show(items) {
    this.items = items;
    this.active = -1;
    this.render();
  }

  render() {
    const s = this.strings();
    this.list.setAttribute('aria-label', s.suggestionsLabel);
    this.list.replaceChildren(
      ...this.items.map((item, index) =>
        el(
          'li',
          {
            id: `suggestion-${index}`,
            role: 'option',
            class: 'suggestion',
            'aria-selected': index === this.active ? 'true' : 'false',
            dataset: { index: String(index) },
          },
          el('span', { class: 'suggestion-text', text: item.text }),
          el('span', { class: 'suggestion-kind', text: s.kind[item.kind] || item.kind || '' }),
        ),
      ),
    );
    const open = this.items.length > 0;
    this.list.hidden = !open;
    this.input.setAttribute('aria-expanded', open ? 'true' : 'false');
    if (open && this.active >= 0) {
      this.input.setAttribute('aria-activedescendant', `suggestion-${this.active}`);
      this.list.children[this.active]?.scrollIntoView({ block: 'nearest' });
    } else {
      this.input.removeAttribute('aria-activedescendant');
    }
  }

  move(delta) {
    if (!this.items.length) return;
    const n = this.items.length;
    this.active = this.active < 0 ? (delta > 0 ? 0 : n - 1) : (this.active + delta + n) % n;
    this.render();
  }

  close() {
    this.fetchLater.cancel();
    this.controller?.abort();
    if (this.items.length) this.show([]);
  }

  choose(index) {
    const item = this.items[index];
    if (!item) return;
    // The server may spell out the whole query the suggestion stands for; else complete it here.
    this.input.value = typeof item.query === 'string' && item.query.trim() ? item.query : applySuggestion(this.input.value, item.text);
    this.close();
    this.onSubmit(this.input.value);
  }

  onKeyDown(event) {
    if (event.isComposing) return; // an input method is composing Vietnamese: leave its keys alone
    switch (event.key) {
      case 'ArrowDown':
        event.preventDefault();
        if (!this.isOpen && this.input.value.trim().length >= MIN_CHARS) this.fetch();
        else this.move(1);
        break;
      case 'ArrowUp':
        if (this.isOpen) {
          event.preventDefault();
          this.move(-1);
        }
        break;
      case 'Enter':
        if (this.isOpen && this.active >= 0) {
          event.preventDefault();
          this.choose(this.active);
        } else {
          this.close();
        }
        break;
      case 'Escape':
        if (this.isOpen) {
          // Close the list, but do not let the search field clear itself.
          event.preventDefault();
          this.close();
        }
        break;
      case 'Tab':
        this.close();
        break;
      default:
        break;
    }
  }
}
