/** The system clipboard (Electron's in the app, an in-memory one in the harness and tests). */
export interface ClipboardPort {
  readText(): string | Promise<string>;
  /**
   * Writes a secret (a token): the text together with the OS markers that keep it out of clipboard
   * history, cloud clipboard sync and clipboard managers (electron/main/clipboard.ts).
   */
  writeSecret(text: string): void | Promise<void>;
  clear(): void | Promise<void>;
}

export function createMemoryClipboard(): ClipboardPort & { text: string } {
  const board = {
    text: '',
    readText: () => board.text,
    writeSecret: (text: string) => {
      board.text = text;
    },
    clear: () => {
      board.text = '';
    },
  };
  return board;
}
