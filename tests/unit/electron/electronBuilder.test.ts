import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// js-yaml and plist arrive with electron-builder; they are only used here, to read the packaging config.
const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const plist = require('plist') as { parse(text: string): unknown };

const root = fileURLToPath(new URL('../../../', import.meta.url));
const config = yaml.load(readFileSync(`${root}electron-builder.yml`, 'utf8')) as Record<string, any>;
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { main: string; productName: string };

describe('electron-builder.yml', () => {
  it('names the app', () => {
    expect(config.appId).toBe('com.serviceuserdesk.app');
    expect(config.productName).toBe('Service User Desk');
    expect(config.productName).toBe(pkg.productName);
  });

  it('packages only the build output and package.json, with main inside it', () => {
    expect(config.files).toEqual(expect.arrayContaining(['out/**', 'package.json']));
    expect(pkg.main.startsWith('out/')).toBe(true);
    expect(config.files.some((f: string) => /^(electron|renderer|shared|tests|src)\//.test(f))).toBe(false);
  });

  it('unpacks native modules from the asar', () => {
    expect(config.asarUnpack).toContain('**/*.node');
  });

  it('Linux: AppImage and deb, category Utility, a maintainer', () => {
    expect(config.linux.target).toEqual(expect.arrayContaining(['AppImage', 'deb']));
    expect(config.linux.category).toBe('Utility');
    expect(config.linux.maintainer).toMatch(/.+<.+@.+>/);
  });

  it('macOS: dmg, hardened runtime, developer-tools category', () => {
    expect(config.mac.target).toContain('dmg');
    expect(config.mac.hardenedRuntime).toBe(true);
    expect(config.mac.category).toBe('public.app-category.developer-tools');
  });

  it('flips the Electron fuses: no run-as-node, NODE_OPTIONS or --inspect; only an integrity-checked asar', () => {
    // Key names as in app-builder-lib's scheme.json (FuseOptionsV1); an unknown key would fail the build.
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      enableCookieEncryption: true,
      grantFileProtocolExtraPrivileges: false,
    });
    const scheme = JSON.parse(readFileSync(`${root}node_modules/app-builder-lib/scheme.json`, 'utf8')) as {
      definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
    };
    for (const key of Object.keys(config.electronFuses))
      expect(scheme.definitions.FuseOptionsV1.properties, key).toHaveProperty(key);
  });

  it('macOS: app and helpers signed with our entitlements: JIT only, library validation kept', () => {
    expect(config.mac.entitlements).toBe('build/entitlements.mac.plist');
    // Without it electron-builder signs the helpers with its template, which disables library validation.
    expect(config.mac.entitlementsInherit).toBe('build/entitlements.mac.plist');
    const entitlements = plist.parse(readFileSync(`${root}${config.mac.entitlements}`, 'utf8')) as Record<
      string,
      unknown
    >;
    expect(entitlements).toEqual({ 'com.apple.security.cs.allow-jit': true });
    expect(entitlements).not.toHaveProperty('com.apple.security.cs.disable-library-validation');
  });

  it('Windows: assisted NSIS installer with a choice of folder', () => {
    expect(config.win.target).toContain('nsis');
    expect(config.nsis.oneClick).toBe(false);
    expect(config.nsis.allowToChangeInstallationDirectory).toBe(true);
  });

  it('every icon it names exists', () => {
    for (const path of [config.mac.icon, config.win.icon, config.linux.icon])
      expect(existsSync(`${root}${path}`), path).toBe(true);
    for (const size of [16, 32, 48, 64, 128, 256, 512])
      expect(existsSync(`${root}build/icons/${size}x${size}.png`)).toBe(true);
    expect(existsSync(`${root}build/icon.png`)).toBe(true);
  });
});

describe('icons (scripts/make-icons.mjs output)', () => {
  const pngSize = (buffer: Buffer) => {
    expect(buffer.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    return [buffer.readUInt32BE(16), buffer.readUInt32BE(20)];
  };

  it('Linux PNGs have the size their name says', () => {
    for (const size of [16, 32, 48, 64, 128, 256, 512])
      expect(pngSize(readFileSync(`${root}build/icons/${size}x${size}.png`))).toEqual([size, size]);
    expect(pngSize(readFileSync(`${root}build/icon.png`))).toEqual([512, 512]);
  });

  it('icon.ico holds PNG images up to 256 px', () => {
    const ico = readFileSync(`${root}build/icon.ico`);
    expect(ico.readUInt16LE(2)).toBe(1);
    const count = ico.readUInt16LE(4);
    const sizes: number[] = [];
    for (let i = 0; i < count; i++) {
      const entry = 6 + 16 * i;
      const size = ico[entry] === 0 ? 256 : ico[entry]!;
      const offset = ico.readUInt32LE(entry + 12);
      const length = ico.readUInt32LE(entry + 8);
      expect(pngSize(ico.subarray(offset, offset + length))).toEqual([size, size]);
      sizes.push(size);
    }
    expect(sizes).toEqual(expect.arrayContaining([16, 32, 48, 256]));
  });

  it('icon.icns holds ic07…ic10 PNG entries of the right sizes', () => {
    const icns = readFileSync(`${root}build/icon.icns`);
    expect(icns.subarray(0, 4).toString('ascii')).toBe('icns');
    expect(icns.readUInt32BE(4)).toBe(icns.length);
    const found: Record<string, number> = {};
    for (let offset = 8; offset < icns.length;) {
      const type = icns.subarray(offset, offset + 4).toString('ascii');
      const length = icns.readUInt32BE(offset + 4);
      found[type] = pngSize(icns.subarray(offset + 8, offset + length))[0]!;
      offset += length;
    }
    expect(found).toMatchObject({ ic07: 128, ic08: 256, ic09: 512, ic10: 1024 });
  });
});
