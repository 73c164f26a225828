/**
 * @napi-rs/keyring on Windows stores a credential under the target `<account>.<service>`, so
 * (`a.b`, `c`) and (`a`, `b.c`) would be one credential. On Windows both names are percent-encoded
 * ('%' → %25, '.' → %2E) before they reach the keyring: the only '.' left in the target is the
 * separator. Names without '.' or '%' (profile ids, the probe) are unchanged. Items saved by earlier
 * versions under a name with a '.' are not found under the new target.
 */
export function encodeWindowsName(name: string): string {
  return name.replace(/%/g, '%25').replace(/\./g, '%2E');
}

/** The Credential Manager target the keyring uses for this item on Windows. */
export function windowsTarget(service: string, account: string): string {
  return `${encodeWindowsName(account)}.${encodeWindowsName(service)}`;
}
