/**
 * Enter in a search box filters; it never submits the form around it (the wizard's "Next", a
 * dialog's "Save"). One rule for every search field of the app, present and future: a keydown
 * listener on the document cancels the implicit submission of Enter in an `<input type="search">`
 * (or any input marked `data-filter`). A field may still act on Enter itself (e.g. pick the top
 * match): its own handler runs first. A form that is itself a search (`role="search"`, like the
 * audit filters) keeps Enter: there, submitting is searching.
 */
const FILTER_INPUT = 'input[type="search"], input[data-filter]';

export function isFilterEnter(event: KeyboardEvent): boolean {
  if (event.key !== 'Enter' || event.isComposing) return false;
  const target = event.target;
  if (!(target instanceof HTMLInputElement) || !target.matches(FILTER_INPUT)) return false;
  return !target.form?.matches('[role="search"]');
}

function onKeydown(event: KeyboardEvent): void {
  if (isFilterEnter(event)) event.preventDefault();
}

/** Installs the rule on `doc`; returns how to remove it. */
export function guardFilterEnter(doc: Document = document): () => void {
  doc.addEventListener('keydown', onKeydown);
  return () => doc.removeEventListener('keydown', onKeydown);
}
