import { useState, type FormEvent } from 'react';
import type { ComposeProject } from '../../../../common/contract/compose';
import type { ApiError } from '../../../../common/errors';
import { api } from '../../api/client';
import { inputClass, primaryButtonClass } from '../Modal';
import { PathField } from '../PathField';

const split = (text: string) => text.split(/[\n,]/).map((entry) => entry.trim()).filter(Boolean);

/** Opens a compose file or a folder holding one, by typed path (browser mode has no native picker). */
export function OpenProjectForm({ onOpened }: { onOpened(project: ComposeProject): void }) {
  const [path, setPath] = useState('');
  const [more, setMore] = useState(false);
  const [extraFiles, setExtraFiles] = useState('');
  const [envFile, setEnvFile] = useState('');
  const [profiles, setProfiles] = useState('');
  const [name, setName] = useState('');
  const [error, setError] = useState<string>();
  const [opening, setOpening] = useState(false);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    setOpening(true);
    setError(undefined);
    api
      .call('compose.open', {
        path: path.trim(),
        extraFiles: split(extraFiles),
        profiles: split(profiles),
        ...(envFile.trim() ? { envFile: envFile.trim() } : {}),
        ...(name.trim() ? { name: name.trim() } : {}),
      })
      .then(
        (project) => {
          setOpening(false);
          setPath('');
          onOpened(project);
        },
        (err: ApiError) => {
          setOpening(false);
          setError(err.message);
        },
      );
  };
  return (
    <form onSubmit={submit} aria-label="Open a compose file" className="space-y-2 border-b border-slate-200 p-3 dark:border-slate-800">
      <label htmlFor="compose-open-path" className="block text-xs font-medium text-slate-600 dark:text-slate-300">
        Open a compose file or a folder holding one
      </label>
      <div className="flex gap-2">
        <div className="min-w-0 flex-1">
          <PathField
            id="compose-open-path"
            inputClassName={`${inputClass} font-mono text-xs`}
            placeholder="/path/to/project or …/compose.yaml"
            value={path}
            onChange={setPath}
            pick={{ kind: 'file', title: 'Open a compose file', filters: [{ name: 'Compose files', extensions: ['yaml', 'yml'] }] }}
          />
        </div>
        <button type="submit" className={primaryButtonClass} disabled={!path.trim() || opening}>
          Open
        </button>
      </div>
      <button type="button" className="text-xs text-cyan-700 hover:underline dark:text-cyan-400" onClick={() => setMore(!more)} aria-expanded={more}>
        {more ? 'Fewer options' : 'Override files, env file, profiles, name…'}
      </button>
      {more ? (
        <div className="space-y-2 text-xs">
          <label className="block">
            Override files (-f, one per line, in order)
            <textarea className={`${inputClass} font-mono text-xs`} rows={2} value={extraFiles} onChange={(event) => setExtraFiles(event.target.value)} />
          </label>
          <label className="block">
            Env file
            <PathField aria-label="Env file" inputClassName={`${inputClass} font-mono text-xs`} value={envFile} onChange={setEnvFile} pick={{ kind: 'file', title: 'Env file' }} />
          </label>
          <label className="block">
            Profiles (comma-separated)
            <input className={inputClass} value={profiles} onChange={(event) => setProfiles(event.target.value)} />
          </label>
          <label className="block">
            Project name (default: the file's name:, else the folder's)
            <input className={inputClass} value={name} onChange={(event) => setName(event.target.value)} />
          </label>
        </div>
      ) : null}
      {error ? (
        <p role="alert" className="text-xs break-words text-rose-700 dark:text-rose-300">
          {error}
        </p>
      ) : null}
    </form>
  );
}
