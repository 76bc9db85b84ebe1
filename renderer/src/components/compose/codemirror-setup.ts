/**
 * The CodeMirror 6 parts of the compose editor, in a module of their own so the page loads them only when a file
 * is opened (a dynamic import: its own chunk).
 */
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { yaml } from '@codemirror/lang-yaml';
import { tags } from '@lezer/highlight';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView, keymap } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import type { ComposeDiagnostic } from '../../../../common/contract/compose';

export interface EditorHandle {
  view: EditorView;
  /** Replaces the whole text (a reload from disk); the only time the editor's text is set from outside. */
  setText(text: string): void;
  getText(): string;
  /** Shows these diagnostics (for the text they were computed on) as underlines and gutter marks. */
  setDiagnostics(diagnostics: ComposeDiagnostic[]): void;
  setDark(dark: boolean): void;
  destroy(): void;
}

export interface EditorOptions {
  parent: HTMLElement;
  initialText: string;
  dark: boolean;
  onChange(text: string): void;
  onSave(): void;
}

const lightTheme = EditorView.theme({
  '&': { height: '100%', fontSize: '13px', backgroundColor: '#ffffff' },
  '.cm-scroller': { fontFamily: 'var(--font-mono)' },
  '.cm-gutters': { backgroundColor: '#f8fafc', borderRight: '1px solid #e2e8f0', color: '#64748b' },
});

const darkTheme = EditorView.theme(
  {
    '&': { height: '100%', fontSize: '13px', backgroundColor: '#020617', color: '#e2e8f0' },
    '.cm-scroller': { fontFamily: 'var(--font-mono)' },
    '.cm-content': { caretColor: '#e2e8f0' },
    '.cm-cursor': { borderLeftColor: '#e2e8f0' },
    '.cm-gutters': { backgroundColor: '#0f172a', borderRight: '1px solid #1e293b', color: '#64748b' },
    '.cm-activeLine': { backgroundColor: '#0f172a80' },
    '.cm-activeLineGutter': { backgroundColor: '#1e293b' },
    '&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection': { backgroundColor: '#155e7580' },
    '.cm-tooltip': { backgroundColor: '#0f172a', color: '#e2e8f0', border: '1px solid #334155' },
  },
  { dark: true },
);

/** Keys, strings, numbers and comments in colours that read well on each background (Tailwind's palette). */
function highlight(dark: boolean) {
  return syntaxHighlighting(
    HighlightStyle.define([
      { tag: [tags.propertyName, tags.definition(tags.propertyName)], color: dark ? '#67e8f9' : '#0e7490' },
      { tag: [tags.string, tags.special(tags.string)], color: dark ? '#fcd34d' : '#b45309' },
      { tag: [tags.number, tags.bool, tags.null, tags.atom], color: dark ? '#c4b5fd' : '#6d28d9' },
      { tag: [tags.comment, tags.lineComment], color: dark ? '#94a3b8' : '#64748b', fontStyle: 'italic' },
      { tag: [tags.keyword, tags.typeName, tags.labelName, tags.meta], color: dark ? '#f9a8d4' : '#be185d' },
      { tag: [tags.punctuation, tags.separator, tags.squareBracket, tags.brace], color: dark ? '#cbd5e1' : '#475569' },
      { tag: tags.content, color: dark ? '#e2e8f0' : '#0f172a' },
    ]),
  );
}

export function createEditor({ parent, initialText, dark, onChange, onSave }: EditorOptions): EditorHandle {
  const theme = new Compartment();
  const view = new EditorView({
    parent,
    state: EditorState.create({
      doc: initialText,
      extensions: [
        basicSetup,
        yaml(),
        // The diagnostics come from the backend (setDiagnostics below); edits move them along until the next set.
        lintGutter(),
        keymap.of([{ key: 'Mod-s', preventDefault: true, run: () => (onSave(), true) }]),
        theme.of([dark ? darkTheme : lightTheme, highlight(dark)]),
        EditorView.updateListener.of((update) => {
          if (update.docChanged) onChange(update.state.doc.toString());
        }),
        EditorView.contentAttributes.of({ 'aria-label': 'Compose file' }),
      ],
    }),
  });
  return {
    view,
    setText(text) {
      view.dispatch({ changes: { from: 0, to: view.state.doc.length, insert: text } });
    },
    getText: () => view.state.doc.toString(),
    setDiagnostics(next) {
      const length = view.state.doc.length;
      const diagnostics: Diagnostic[] = next.map((entry) => ({
        from: Math.min(entry.from, length),
        to: Math.min(Math.max(entry.to, entry.from), length),
        severity: entry.severity,
        message: entry.message,
        source: entry.source === 'schema' ? 'Compose Specification' : entry.source === 'compose' ? 'compose config' : 'YAML',
      }));
      view.dispatch(setDiagnostics(view.state, diagnostics));
    },
    setDark: (next) => view.dispatch({ effects: theme.reconfigure([next ? darkTheme : lightTheme, highlight(next)]) }),
    destroy: () => view.destroy(),
  };
}
