import type formsEn from './forms.en';

/** German strings of the forms work; same shape as forms.en.ts. */
const formsDe: typeof formsEn = {
  exportReplace: {
    pathHint:
      'Ein vollständiger Pfad, der auf {ext} endet. Die angewendeten Filter gelten. Gibt es die Datei schon, werden Sie vorher gefragt.',
    exists: '{file} gibt es schon.',
    question: 'Durch diesen Export ersetzen? Ihr bisheriger Inhalt geht verloren.',
    replace: 'Ersetzen',
    otherName: 'Anderen Namen wählen',
  },
};
export default formsDe;
