import { ref } from 'vue';
import type { CertificateDestination } from '../../../../shared/certificates';
import type { KeychainItem } from '../../../../shared/creation';

/** "Replace?" about what a save found taken: the keychain item or the file. */
export type ReplaceQuestion = { kind: 'item'; item: KeychainItem } | { kind: 'file'; file: string };

export function questionOf(code: string, to: CertificateDestination): ReplaceQuestion | null {
  if (code === 'keychain_item_exists') return { kind: 'item', item: to.item };
  if (code === 'certificate_file_exists') return { kind: 'file', file: to.file };
  return null;
}

const sameItem = (a: KeychainItem | null, b: KeychainItem) => !!a && a.service === b.service && a.account === b.account;

/** The question is still about where `to` saves (another name: it no longer applies). */
export function stillAsks(question: ReplaceQuestion, to: CertificateDestination): boolean {
  return question.kind === 'item' ? sameItem(question.item, to.item) : question.file === to.file;
}

/**
 * The question and its answers. Only the admin's Replace allows an overwrite, and only of the exact
 * names asked about: another name asks again.
 */
export function useReplaceQuestion(initial: ReplaceQuestion | null = null) {
  const question = ref<ReplaceQuestion | null>(initial);
  const replaceItem = ref<KeychainItem | null>(null);
  const replaceFile = ref<string | null>(null);

  /** Replace was answered: what the question names may be replaced. False when nothing is asked. */
  function agree(): boolean {
    const q = question.value;
    if (!q) return false;
    if (q.kind === 'item') replaceItem.value = q.item;
    else replaceFile.value = q.file;
    return true;
  }
  /** `to` with the overwrites the admin agreed to. */
  function withAnswers(to: CertificateDestination): CertificateDestination {
    return {
      ...to,
      ...(replaceFile.value === to.file ? { overwrite: true } : {}),
      ...(sameItem(replaceItem.value, to.item) ? { overwriteItem: true } : {}),
    };
  }
  return { question, agree, withAnswers };
}
