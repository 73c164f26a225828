import axe from 'axe-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { VueWrapper } from '@vue/test-utils';
import { certificateCore, mountView, openDialog, q, type, until } from './generateFixtures';
import { fakeCertificatesCore, mountSection } from './sectionFixtures';

let w: VueWrapper | null = null;
afterEach(() => {
  w?.unmount();
  w = null;
  document.body.innerHTML = '';
  window.location.hash = '';
});

/** axe on one element (jsdom cannot judge colours: contrast is the E2E run's). */
async function violations(el: Element): Promise<string[]> {
  const result = await axe.run(el, { rules: { 'color-contrast': { enabled: false } } });
  return result.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
}

describe('accessibility of the certificate dialog and screen', () => {
  it('the generate dialog, with errors shown, has no axe violations', async () => {
    certificateCore();
    w = await mountView();
    const dialog = await openDialog(w);
    dialog.querySelector('form')!.requestSubmit();
    await until(() => q('generate-certificate-nickname-error') ?? false);
    expect(await violations(dialog)).toEqual([]);
  });

  it('the one-time screen, saved with the hand-over help, has no axe violations', async () => {
    certificateCore();
    w = await mountView();
    await openDialog(w);
    await type('generate-certificate-nickname', 'build server');
    q('generate-certificate-dialog')!.querySelector('form')!.requestSubmit();
    await until(() => q('hand-over') ?? false);
    expect(await violations(q('certificate-screen')!)).toEqual([]);
  });

  it('the list with its note on certificates this app could not read has no axe violations', async () => {
    fakeCertificatesCore({ certificatesUnreadable: 2 });
    w = await mountSection();
    expect(q('certificates-unreadable')).not.toBeNull();
    expect(await violations(q('certificates-section')!)).toEqual([]);
  });
});
