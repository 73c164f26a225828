import { randomUUID } from 'node:crypto';
import { AppError } from '../../../shared/errors';
import {
  profileInputSchema,
  profileUpdateSchema,
  SANDBOX_PROFILE_NAME,
  type KeyStorage,
  type Profile,
  type ProfileKind,
  type RegionChoice,
} from '../../../shared/profiles';
import { regionBaseUrl, type RegionId } from '../../../shared/regions';
import type { z } from 'zod';
import type { Db } from '../db/database';
import { withStorageErrors } from '../db/errors';
import { ADMIN_KEY_SERVICE } from '../keychain/reserved';
import type { SecretStore } from '../keychain/secretStore';
import type { SecretRegistry } from '../log/secretRegistry';
import type { AuditRecorder } from '../audit/recorder';

/** Keychain item that holds a profile's admin API key: service + account = profile id. */
export const PROFILE_KEY_SERVICE = ADMIN_KEY_SERVICE;

interface ProfileRow {
  id: string;
  name: string;
  kind: ProfileKind;
  region: RegionChoice;
  base_url: string;
  key_storage: KeyStorage;
  created_at: string;
  updated_at: string;
}

const toProfile = (row: ProfileRow): Profile => ({
  id: row.id,
  name: row.name,
  kind: row.kind,
  region: row.region,
  baseUrl: row.base_url,
  keyStorage: row.key_storage,
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

export interface ProfileStoreDeps {
  db: Db;
  keychain: SecretStore;
  /** Keys the admin chose to keep for this session only; never persisted. */
  sessionKeys: SecretStore;
  secrets: SecretRegistry;
  audit: AuditRecorder;
  clock?: () => Date;
}

export type ProfileStore = ReturnType<typeof createProfileStore>;

/**
 * Profiles: connection metadata in SQLite, the admin's API key in the OS keychain (or, when the
 * admin chooses so because the keychain is unavailable, in memory for this session). The key is
 * never written anywhere else.
 */
export function createProfileStore(deps: ProfileStoreDeps) {
  const { db, secrets, audit } = deps;
  const clock = deps.clock ?? (() => new Date());
  const storeFor = (storage: KeyStorage) => (storage === 'session' ? deps.sessionKeys : deps.keychain);

  const selectAll = db.prepare<[], ProfileRow>('SELECT * FROM profiles ORDER BY kind DESC, name COLLATE NOCASE');
  const selectOne = db.prepare<[string], ProfileRow>('SELECT * FROM profiles WHERE id = ?');
  const selectByName = db.prepare<[string], ProfileRow>('SELECT * FROM profiles WHERE name = ? COLLATE NOCASE');

  /** Profiles as read, by id: every request asks for one; only this store changes them. */
  const known = new Map<string, Readonly<Profile>>();

  function get(id: string): Profile {
    let profile = known.get(id);
    if (!profile) {
      const row = selectOne.get(id);
      if (!row) throw new AppError('not_found', 'That connection no longer exists.');
      profile = Object.freeze(toProfile(row));
      known.set(id, profile);
    }
    return profile;
  }

  function assertNameFree(name: string, exceptId?: string): void {
    const clash = selectByName.get(name);
    if (clash && clash.id !== exceptId) {
      throw new AppError('profile_name_taken', `A connection named "${clash.name}" already exists.`, {
        fieldErrors: [
          { field: 'name', code: 'profile_name_taken', message: 'This name is already used by another connection.' },
        ],
      });
    }
  }

  async function storeKey(storage: KeyStorage, profileId: string, apiKey: string): Promise<void> {
    secrets.add(apiKey);
    const store = storeFor(storage);
    await store.set(PROFILE_KEY_SERVICE, profileId, apiKey);
    if (storage === 'keychain' && (await store.get(PROFILE_KEY_SERVICE, profileId)) !== apiKey) {
      throw new AppError(
        'keychain_verify_failed',
        'The keychain accepted the API key but did not give it back. The connection was not saved.',
      );
    }
  }

  return {
    list(): Profile[] {
      return selectAll.all().map(toProfile);
    },

    get,

    async add(input: z.output<typeof profileInputSchema>): Promise<Profile> {
      assertNameFree(input.name);
      const id = randomUUID();
      const storage: KeyStorage = input.sessionOnly ? 'session' : 'keychain';
      const baseUrl = input.region === 'custom' ? input.customBaseUrl! : regionBaseUrl(input.region as RegionId);
      // Key first: if the keychain refuses, nothing is written to the database.
      await storeKey(storage, id, input.apiKey);
      const now = clock().toISOString();
      try {
        withStorageErrors(() =>
          db
            .prepare(
              'INSERT INTO profiles (id, name, kind, region, base_url, key_storage, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
            )
            .run(id, input.name, 'digicert', input.region, baseUrl, storage, now, now),
        );
      } catch (error) {
        await storeFor(storage)
          .delete(PROFILE_KEY_SERVICE, id)
          .catch(() => undefined);
        throw error;
      }
      const profile = get(id);
      audit.record({
        action: 'profile_added',
        profileId: id,
        profileName: profile.name,
        target: profile.baseUrl,
        outcome: 'ok',
      });
      return profile;
    },

    /** Creates the built-in sandbox profile if it is missing; returns it. */
    ensureSandbox(baseUrl: string): Profile {
      const existing = selectAll.all().find((row) => row.kind === 'sandbox');
      const now = clock().toISOString();
      if (existing) {
        if (existing.base_url !== baseUrl) {
          db.prepare('UPDATE profiles SET base_url = ?, updated_at = ? WHERE id = ?').run(baseUrl, now, existing.id);
          known.delete(existing.id);
        }
        return get(existing.id);
      }
      const id = 'sandbox';
      withStorageErrors(() =>
        db
          .prepare(
            'INSERT INTO profiles (id, name, kind, region, base_url, key_storage, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
          )
          .run(id, SANDBOX_PROFILE_NAME, 'sandbox', 'custom', baseUrl, 'none', now, now),
      );
      return get(id);
    },

    async update(input: z.output<typeof profileUpdateSchema>): Promise<Profile> {
      const before = get(input.id);
      if (before.kind === 'sandbox')
        throw new AppError('conflict', 'The built-in sandbox connection cannot be changed.');
      if (input.name !== undefined) assertNameFree(input.name, before.id);
      const region = input.region ?? before.region;
      let baseUrl = before.baseUrl;
      if (input.region !== undefined || input.customBaseUrl !== undefined) {
        if (region === 'custom') {
          if (!input.customBaseUrl && before.region !== 'custom') {
            throw new AppError('invalid_request', 'Enter the address of your DigiCert ONE deployment.', {
              fieldErrors: [
                {
                  field: 'customBaseUrl',
                  code: 'required',
                  message: 'Enter the address of your DigiCert ONE deployment.',
                },
              ],
            });
          }
          baseUrl = input.customBaseUrl ?? before.baseUrl;
        } else {
          baseUrl = regionBaseUrl(region as RegionId);
        }
      }
      let storage = before.keyStorage;
      if (input.apiKey !== undefined) {
        const target: KeyStorage = input.sessionOnly ? 'session' : input.sessionOnly === false ? 'keychain' : storage;
        await storeKey(target, before.id, input.apiKey);
        if (target !== storage)
          await storeFor(storage)
            .delete(PROFILE_KEY_SERVICE, before.id)
            .catch(() => false);
        storage = target;
      }
      withStorageErrors(() =>
        db
          .prepare(
            'UPDATE profiles SET name = ?, region = ?, base_url = ?, key_storage = ?, updated_at = ? WHERE id = ?',
          )
          .run(input.name ?? before.name, region, baseUrl, storage, clock().toISOString(), before.id),
      );
      known.delete(before.id);
      const after = get(before.id);
      const changed = (['name', 'region', 'baseUrl', 'keyStorage'] as const).filter((k) => before[k] !== after[k]);
      if (input.apiKey !== undefined) changed.push('apiKey' as never);
      audit.record({
        action: 'profile_changed',
        profileId: after.id,
        profileName: after.name,
        target: after.baseUrl,
        outcome: 'ok',
        details: { changed },
      });
      return after;
    },

    /** Removes the profile and its keychain item. A keychain that cannot delete keeps the profile. */
    async remove(id: string): Promise<{ id: string }> {
      const profile = get(id);
      if (profile.kind === 'sandbox')
        throw new AppError('conflict', 'The built-in sandbox connection cannot be removed.');
      if (profile.keyStorage !== 'none') await storeFor(profile.keyStorage).delete(PROFILE_KEY_SERVICE, id);
      withStorageErrors(() => db.prepare('DELETE FROM profiles WHERE id = ?').run(id));
      known.delete(id);
      audit.record({
        action: 'profile_removed',
        profileId: id,
        profileName: profile.name,
        target: profile.baseUrl,
        outcome: 'ok',
      });
      return { id };
    },

    /** The admin API key of a profile, for the DigiCert client. */
    async apiKey(id: string): Promise<string | null> {
      const profile = get(id);
      if (profile.keyStorage === 'none') return null;
      const key = await storeFor(profile.keyStorage).get(PROFILE_KEY_SERVICE, id);
      secrets.add(key);
      return key;
    },
  };
}
