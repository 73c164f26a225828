import { randomBytes } from 'node:crypto';
import { expect, test } from '@playwright/test';
import { harnessPerTest } from './support/sandboxCore';
import { chooseRoles, fillDetails, next, openWizard } from './support/wizard';

/**
 * While a create is out, in real Chromium: the review cannot be used (it is inert, so a click or a
 * key press reaches none of its controls and nothing is sent twice), the "Creating" screen follows,
 * and the token shows once core answers. The answer is held back at the bridge (the page's
 * WebSocket to the harness) and the page's clock is paused until the test has looked, so no timing
 * decides the outcome.
 */

const harness = harnessPerTest();

test('the review is inert while its create is out; one create is sent and its token shows', async ({ page }) => {
  const createCalls: number[] = [];
  let releaseAnswer: (() => void) | null = null;
  await page.routeWebSocket(/\/ipc\?ticket=/, (ws) => {
    const server = ws.connectToServer();
    ws.onMessage((message) => {
      const call = JSON.parse(String(message)) as { id: number; channel: string };
      if (call.channel === 'creation.create') createCalls.push(call.id);
      server.send(message);
    });
    server.onMessage((message) => {
      const { id } = JSON.parse(String(message)) as { id: number };
      if (createCalls.includes(id)) releaseAnswer = () => ws.send(message);
      else ws.send(message);
    });
  });

  await page.clock.install();
  await harness.open(page);
  await openWizard(page);
  const name = `e2e-in-flight-${randomBytes(4).toString('hex')}`;
  await fillDetails(page, { name, managers: ['Account Manager'] });
  await next(page, 'Roles and permissions');
  await chooseRoles(page, ['Default user']);
  await next(page, 'Review');
  await page.getByTestId('save-to-keychain').setChecked(false);
  await expect(page.getByTestId('autosave')).toHaveAttribute('data-status', 'saved');

  // From here the page's timers wait for the test: the "Creating" screen's delay among them.
  await page.clock.pauseAt(await page.evaluate(() => Date.now() + 1000));
  const back = page.getByTestId('wizard-back');
  const backBox = (await back.boundingBox())!;
  const create = page.getByTestId('wizard-create');
  const createBox = (await create.boundingBox())!;
  await create.click();
  await expect.poll(() => releaseAnswer !== null).toBe(true);

  // Core has answered; the page does not know yet. The review is still there, busy and inert:
  // a second Create, Back and Enter reach nothing.
  const form = page.locator('form[aria-busy="true"][inert]');
  await expect(form).toHaveCount(1);
  await page.mouse.click(createBox.x + createBox.width / 2, createBox.y + createBox.height / 2);
  await page.mouse.click(backBox.x + backBox.width / 2, backBox.y + backBox.height / 2);
  await page.keyboard.press('Enter');
  await expect(form.locator(':focus')).toHaveCount(0);
  await expect(page.getByTestId('step-heading')).toHaveText('Review');
  await expect(page.getByTestId('step-review')).toBeVisible();
  expect(createCalls).toHaveLength(1);

  // The create outlasts the delay: its progress screen shows, and the review is gone.
  await page.clock.runFor(150);
  await expect(page.getByTestId('create-progress')).toBeVisible();
  await expect(page.getByTestId('step-review')).toHaveCount(0);
  expect(createCalls).toHaveLength(1);

  await page.clock.resume();
  releaseAnswer!();
  await expect(page.getByTestId('step-heading')).toHaveText(`API token for “${name}”`);
  await expect(page.getByTestId('token-value')).toHaveAttribute('data-masked', 'true');
  expect(createCalls).toHaveLength(1);
});
