import { afterEach, describe, expect, it } from 'vitest';
import { guardFilterEnter, isFilterEnter } from '../../renderer/src/lib/searchEnter';

/** Issue 15 item 2: Enter in a search/filter box never submits the form around it. */
let remove: (() => void) | null = null;
afterEach(() => {
  remove?.();
  remove = null;
  document.body.innerHTML = '';
});

function enterIn(html: string, selector: string): KeyboardEvent {
  document.body.innerHTML = html;
  const event = new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, cancelable: true });
  document.querySelector(selector)!.dispatchEvent(event);
  return event;
}

describe('Enter in a search box', () => {
  it('is cancelled in a search input or a [data-filter] input inside a form', () => {
    remove = guardFilterEnter(document);
    expect(enterIn('<form><input type="search" id="q"></form>', '#q').defaultPrevented).toBe(true);
    expect(enterIn('<form><input type="text" data-filter id="q"></form>', '#q').defaultPrevented).toBe(true);
  });

  it('is left alone in other fields and in a form that is itself a search', () => {
    remove = guardFilterEnter(document);
    expect(enterIn('<form><input type="text" id="q"></form>', '#q').defaultPrevented).toBe(false);
    expect(enterIn('<form role="search"><input type="search" id="q"></form>', '#q').defaultPrevented).toBe(false);
    expect(enterIn('<form><textarea id="q"></textarea></form>', '#q').defaultPrevented).toBe(false);
  });

  it('other keys and composing text pass', () => {
    document.body.innerHTML = '<form><input type="search" id="q"></form>';
    const input = document.querySelector('#q')!;
    const key = (init: KeyboardEventInit) => {
      const e = new KeyboardEvent('keydown', { bubbles: true, ...init });
      Object.defineProperty(e, 'target', { value: input });
      return e;
    };
    expect(isFilterEnter(key({ key: 'a' }))).toBe(false);
    expect(isFilterEnter(key({ key: 'Enter', isComposing: true }))).toBe(false);
    expect(isFilterEnter(key({ key: 'Enter' }))).toBe(true);
  });
});
