import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CSP } from '../../../shared/csp';
import { APP_INDEX_URL, createAppProtocolHandler } from '../../../electron/main/appProtocol';

vi.mock('electron', async () => (await import('./fakeElectron')).electronModule());

/** out/ with a renderer build, and secrets next to it that must stay unreachable. */
let out: string;
let serve: (request: Request) => Promise<Response>;
const get = (url: string, init?: RequestInit) => serve(new Request(url, init));

beforeAll(() => {
  out = mkdtempSync(join(tmpdir(), 'sud-app-protocol-'));
  mkdirSync(join(out, 'renderer', 'assets'), { recursive: true });
  mkdirSync(join(out, 'main'));
  writeFileSync(join(out, 'renderer', 'index.html'), '<!doctype html><title>Service User Desk</title>');
  writeFileSync(join(out, 'renderer', 'assets', 'index-abc.js'), 'export const x = 1;');
  writeFileSync(join(out, 'renderer', 'assets', 'index-abc.css'), 'body{margin:0}');
  writeFileSync(join(out, 'renderer', 'assets', 'logo.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(out, 'renderer', 'assets', 'font.woff2'), 'w');
  writeFileSync(join(out, 'renderer', 'assets', 'unknown.bin'), 'b');
  writeFileSync(join(out, 'main', 'index.js'), 'MAIN PROCESS CODE');
  writeFileSync(join(out, 'secret.txt'), 'SECRET OUTSIDE');
  serve = createAppProtocolHandler({ root: join(out, 'renderer') });
});
afterAll(() => rmSync(out, { recursive: true, force: true }));

describe('app:// protocol handler', () => {
  it('serves index.html with the CSP header and an HTML type', async () => {
    for (const url of [APP_INDEX_URL, 'app://renderer/', 'app://renderer']) {
      const response = await get(url);
      expect(response.status, url).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('content-security-policy')).toBe(CSP);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await response.text()).toContain('<title>Service User Desk</title>');
    }
  });

  it.each([
    ['assets/index-abc.js', 'text/javascript; charset=utf-8', 'export const x = 1;'],
    ['assets/index-abc.css', 'text/css; charset=utf-8', 'body{margin:0}'],
    ['assets/logo.svg', 'image/svg+xml', '<svg xmlns="http://www.w3.org/2000/svg"/>'],
    ['assets/font.woff2', 'font/woff2', 'w'],
  ])('serves %s as %s, with the CSP header', async (path, type, body) => {
    const response = await get(`app://renderer/${path}?v=1#x`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
    expect(response.headers.get('content-security-policy')).toBe(CSP);
    expect(await response.text()).toBe(body);
  });

  it('HEAD answers the headers without a body', async () => {
    const response = await get('app://renderer/assets/index-abc.js', { method: 'HEAD' });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await response.text()).toBe('');
  });

  it.each([
    'app://renderer/../main/index.js',
    'app://renderer/assets/../../main/index.js',
    'app://renderer/%2e%2e/secret.txt',
    'app://renderer/..%2fsecret.txt',
    'app://renderer/..%2Fmain%2Findex.js',
    'app://renderer/assets/..%2F..%2Fsecret.txt',
    'app://renderer/%2E%2E%5Csecret.txt',
    'app://renderer/..%5Csecret.txt',
    'app://renderer/%252e%252e/secret.txt',
  ])('refuses traversal %s with 404 and never serves what is outside', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(404);
    const text = await response.text();
    expect(text).not.toContain('SECRET OUTSIDE');
    expect(text).not.toContain('MAIN PROCESS CODE');
  });

  it.each([
    () => `app://renderer/${encodeURIComponent(join(out, 'secret.txt'))}`,
    () => `app://renderer/${join(out, 'secret.txt')}`.replace('renderer/', 'renderer//'),
    () => 'app://renderer/%2Fetc%2Fpasswd',
    () => 'app://renderer//etc/passwd',
    () => 'app://renderer/C:%5CWindows%5Cwin.ini',
    () => 'app://renderer/C:/Windows/win.ini',
    () => 'app://renderer/index.html%00.js',
  ])('refuses absolute and drive paths (%#) with 404', async (url) => {
    const response = await get(url());
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('SECRET OUTSIDE');
  });

  it.each([
    'app://evil/index.html',
    'app://renderer.evil/index.html',
    'app://renderer:8080/index.html',
    'https://renderer/index.html',
  ])('refuses another host or origin %s with 403', async (url) => {
    const response = await get(url);
    expect(response.status).toBe(403);
    expect(await response.text()).toBe('');
  });

  it('missing files, folders and unknown types are 404; other methods 405', async () => {
    expect((await get('app://renderer/nope.js')).status).toBe(404);
    expect((await get('app://renderer/assets')).status).toBe(404);
    expect((await get('app://renderer/assets/')).status).toBe(404);
    expect((await get('app://renderer/assets/unknown.bin')).status).toBe(404);
    expect((await get('app://renderer/index.html', { method: 'POST', body: 'x' })).status).toBe(405);
  });
});
