/** The system clipboard (Electron's in the app, an in-memory one in the harness and tests). */
export interface ClipboardPort {
  readText(): string | Promise<string>;
  writeText(text: string): void | Promise<void>;
  clear(): void | Promise<void>;
}

export function createMemoryClipboard(): ClipboardPort & { text: string } {
  const board = {
    text: '',
    readText: () => board.text,
    writeText: (text: string) => {
      board.text = text;
    },
    clear: () => {
      board.text = '';
    },
  };
  return board;
}
