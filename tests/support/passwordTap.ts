const CERTIFICATE_POST = /\/client-auth-certificate$/;

/**
 * Node's fetch, noting the PKCS#12 passwords DigiCert hands over for generated client certificates
 * (the app shows them only on Reveal): tests look for them where they must never be.
 */
export function passwordTap(passwords: string[]): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init);
    const url = input instanceof Request ? input.url : String(input);
    const method = init?.method ?? (input instanceof Request ? input.method : 'GET');
    if (method === 'POST' && CERTIFICATE_POST.test(new URL(url).pathname)) {
      const body = (await res
        .clone()
        .json()
        .catch(() => undefined)) as { password?: unknown } | undefined;
      if (typeof body?.password === 'string') passwords.push(body.password);
    }
    return res;
  };
}
