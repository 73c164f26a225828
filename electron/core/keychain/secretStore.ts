/** Where secrets live. The real one is the OS keychain; tests and session-only keys use memory. */
export interface SecretStore {
  /** Human-readable name of the backend, shown in the keychain status. */
  readonly backend: string;
  get(service: string, account: string): Promise<string | null>;
  /** Whether the item exists; callers that only need that never hold the secret. */
  has(service: string, account: string): Promise<boolean>;
  set(service: string, account: string, secret: string): Promise<void>;
  /** Resolves true when an item was deleted, false when there was none. */
  delete(service: string, account: string): Promise<boolean>;
}

export function createMemorySecretStore(backend = 'memory'): SecretStore & { items: Map<string, string> } {
  const items = new Map<string, string>();
  const key = (service: string, account: string) => `${service}\u0000${account}`;
  return {
    backend,
    items,
    async get(service, account) {
      return items.get(key(service, account)) ?? null;
    },
    async has(service, account) {
      return items.has(key(service, account));
    },
    async set(service, account, secret) {
      items.set(key(service, account), secret);
    },
    async delete(service, account) {
      return items.delete(key(service, account));
    },
  };
}
