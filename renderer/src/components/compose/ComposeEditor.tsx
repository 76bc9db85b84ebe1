import { useCallback, useEffect, useRef, useState } from 'react';
import type { ComposeDiagnostic, ComposeFile } from '../../../../common/contract/compose';
import type { ApiError } from '../../../../common/errors';
import { api } from '../../api/client';
import { buttonClass, primaryButtonClass } from '../Modal';
import type { EditorHandle } from './codemirror-setup';

const VALIDATE_DELAY_MS = 400;
const DISK_CHECK_MS = 3000;

function prefersDark(): boolean {
  return typeof matchMedia === 'function' && matchMedia('(prefers-color-scheme: dark)').matches;
}

/**
 * One compose file in CodeMirror 6 (loaded on first use). The editor owns its text: React passes the initial text
 * once and hears changes; the text is only replaced on an explicit reload. Diagnostics come from the backend's
 * validation of the text as typed; the file on disk is watched so an outside change is offered, never overwritten.
 */
export function ComposeEditor({ project, path, onSaved }: { project: string; path: string; onSaved?(): void }) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<EditorHandle | undefined>(undefined);
  /** What is on disk as last read or written: the base a save must still match. */
  const base = useRef<ComposeFile | undefined>(undefined);
  const text = useRef('');
  const [loadError, setLoadError] = useState<string>();
  const [dirty, setDirty] = useState(false);
  const [diagnostics, setDiagnostics] = useState<ComposeDiagnostic[]>([]);
  const [validating, setValidating] = useState(false);
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const [savedAt, setSavedAt] = useState<number>();
  /** The file on disk is no longer what the editor started from. */
  const [diskChanged, setDiskChanged] = useState<ComposeFile>();
  const validateTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const saveRef = useRef<() => void>(() => undefined);

  const validate = useCallback(() => {
    const content = text.current;
    setValidating(true);
    api.call('compose.validate', { project, path, content }).then(
      (result) => {
        // Diagnostics belong to the text they were computed on; a newer validation follows for newer text.
        if (text.current !== content) return;
        setValidating(false);
        setDiagnostics(result.diagnostics);
        editor.current?.setDiagnostics(result.diagnostics);
      },
      (err: ApiError) => {
        if (text.current !== content) return;
        setValidating(false);
        const failure: ComposeDiagnostic = { line: 1, column: 1, from: 0, to: 0, message: `Could not validate: ${err.message}`, severity: 'warning', source: 'compose' };
        setDiagnostics([failure]);
      },
    );
  }, [project, path]);

  useEffect(() => {
    let cancelled = false;
    setLoadError(undefined);
    Promise.all([api.call('compose.read', { path }), import('./codemirror-setup')]).then(
      ([file, { createEditor }]) => {
        if (cancelled || !host.current) return;
        base.current = file;
        text.current = file.content;
        editor.current = createEditor({
          parent: host.current,
          initialText: file.content,
          dark: prefersDark(),
          onChange: (next) => {
            text.current = next;
            setDirty(next !== base.current?.content);
            setSavedAt(undefined);
            clearTimeout(validateTimer.current);
            validateTimer.current = setTimeout(validate, VALIDATE_DELAY_MS);
          },
          onSave: () => saveRef.current(),
        });
        validate();
      },
      (err: ApiError) => !cancelled && setLoadError(err.message),
    );
    return () => {
      cancelled = true;
      clearTimeout(validateTimer.current);
      editor.current?.destroy();
      editor.current = undefined;
    };
  }, [path, validate]);

  // The app follows the system's light or dark scheme; so does the editor, also when it changes while open.
  useEffect(() => {
    if (typeof matchMedia !== 'function') return;
    const query = matchMedia('(prefers-color-scheme: dark)');
    const follow = () => editor.current?.setDark(query.matches);
    query.addEventListener('change', follow);
    return () => query.removeEventListener('change', follow);
  }, []);

  // An outside change (another editor, git checkout) shows as a prompt; the editor's text stays as it is.
  useEffect(() => {
    const timer = setInterval(() => {
      if (!base.current || diskChanged) return;
      api.call('compose.read', { path }).then(
        (file) => {
          if (base.current && file.hash !== base.current.hash) setDiskChanged(file);
        },
        () => undefined,
      );
    }, DISK_CHECK_MS);
    return () => clearInterval(timer);
  }, [path, diskChanged]);

  const save = useCallback(
    (over?: ComposeFile) => {
      const from = over ?? base.current;
      if (!from || saving) return;
      const content = text.current;
      setSaving(true);
      setSaveError(undefined);
      api.call('compose.save', { path, content, expectedHash: from.hash, expectedMtimeMs: from.mtimeMs }).then(
        (file) => {
          setSaving(false);
          base.current = file;
          setDiskChanged(undefined);
          setDirty(text.current !== file.content);
          setSavedAt(Date.now());
          onSaved?.();
        },
        (err: ApiError) => {
          setSaving(false);
          if (err.code === 'conflict') {
            api.call('compose.read', { path }).then(setDiskChanged, () => setSaveError(err.message));
          }
          setSaveError(err.message);
        },
      );
    },
    [path, saving, onSaved],
  );
  saveRef.current = () => save();

  const reload = () => {
    if (!diskChanged) return;
    base.current = diskChanged;
    text.current = diskChanged.content;
    editor.current?.setText(diskChanged.content);
    setDirty(false);
    setDiskChanged(undefined);
    setSaveError(undefined);
    validate();
  };

  const goTo = (diagnostic: ComposeDiagnostic) => {
    const view = editor.current?.view;
    if (!view) return;
    const at = Math.min(diagnostic.from, view.state.doc.length);
    view.dispatch({ selection: { anchor: at }, scrollIntoView: true });
    view.focus();
  };

  const errors = diagnostics.filter((entry) => entry.severity === 'error').length;
  const warnings = diagnostics.length - errors;
  return (
    <section aria-label="Compose file editor" className="flex flex-col rounded-lg border border-slate-200 dark:border-slate-800">
      <header className="flex items-center gap-2 border-b border-slate-200 px-3 py-2 text-sm dark:border-slate-800">
        <span className="min-w-0 flex-1 truncate font-mono text-xs" title={path}>
          {path}
        </span>
        {dirty ? <span className="text-xs text-amber-600 dark:text-amber-400">edited</span> : null}
        {savedAt ? <span className="text-xs text-emerald-600 dark:text-emerald-400">saved</span> : null}
        <span data-testid="compose-validation" className={`shrink-0 text-xs ${errors ? 'text-rose-600 dark:text-rose-400' : 'text-slate-500'}`}>
          {validating ? 'checking…' : errors || warnings ? `${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}` : 'valid'}
        </span>
        <button type="button" className={primaryButtonClass} disabled={!dirty || saving} onClick={() => save()}>
          {saving ? 'Saving…' : 'Save'}
        </button>
      </header>
      {diskChanged ? (
        <div role="alert" className="flex flex-wrap items-center gap-2 border-b border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
          <span className="flex-1">This file changed on disk since you opened it{dirty ? ', and you have unsaved edits' : ''}. Reload it?</span>
          <button type="button" className={buttonClass} onClick={reload}>
            Reload from disk
          </button>
          {dirty ? (
            <button type="button" className={buttonClass} onClick={() => save(diskChanged)}>
              Overwrite with my edits
            </button>
          ) : null}
        </div>
      ) : null}
      {saveError && !diskChanged ? (
        <p role="alert" className="border-b border-rose-300 bg-rose-50 px-3 py-2 text-sm text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100">
          {saveError}
        </p>
      ) : null}
      {loadError ? (
        <p role="alert" className="p-3 text-sm text-rose-700 dark:text-rose-300">
          {loadError}
        </p>
      ) : (
        <div ref={host} data-testid="compose-editor" className="h-96 min-h-0 overflow-hidden" />
      )}
      {diagnostics.length ? (
        <ul aria-label="Problems" className="max-h-36 overflow-auto border-t border-slate-200 text-xs dark:border-slate-800">
          {diagnostics.map((entry, index) => (
            <li key={index}>
              <button type="button" onClick={() => goTo(entry)} className="flex w-full gap-2 px-3 py-1 text-left hover:bg-slate-100 dark:hover:bg-slate-800">
                <span className={entry.severity === 'error' ? 'text-rose-600 dark:text-rose-400' : 'text-amber-600 dark:text-amber-400'}>{entry.severity}</span>
                <span className="font-mono text-slate-500">
                  {entry.line}:{entry.column}
                </span>
                <span className="flex-1">{entry.message}</span>
                <span className="text-slate-400">{entry.source}</span>
              </button>
            </li>
          ))}
        </ul>
      ) : null}
    </section>
  );
}
