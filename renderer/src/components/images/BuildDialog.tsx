import { useEffect, useRef, useState } from 'react';
import { parseImageReference } from '../../../../common/image-reference';
import { shortId } from '../../lib/format';
import { inputClass, Modal } from '../Modal';
import { KeyValueField } from '../system/KeyValueField';
import { parseKeyValues } from '../system/key-values';
import { useStreamTask } from './useStreamTask';
import { FormField } from '../FormField';
import { PathField } from '../PathField';

type Source = 'folder' | 'paste';

const MAX_LOG_CHARS = 200_000;

interface BuildFormMemory {
  source: Source;
  contextPath: string;
  dockerfile: string;
  dockerfileContent: string;
  tag: string;
  buildArgs: string;
  target: string;
  noCache: boolean;
}

/** What the dialog held when it was last closed, so building again does not mean typing it all again (this session only). */
let remembered: BuildFormMemory = { source: 'folder', contextPath: '', dockerfile: 'Dockerfile', dockerfileContent: '', tag: '', buildArgs: '', target: '', noCache: false };

/**
 * Builds an image from a folder on the machine Berth runs on (its .dockerignore honoured) or from a pasted Dockerfile,
 * streaming the engine's output into a log pane.
 */
export function BuildDialog({ onClose, onBuilt }: { onClose(): void; onBuilt?(result: { imageId: string; tags: string[] }): void }) {
  const [source, setSource] = useState<Source>(remembered.source);
  const [contextPath, setContextPath] = useState(remembered.contextPath);
  const [dockerfile, setDockerfile] = useState(remembered.dockerfile);
  const [dockerfileContent, setDockerfileContent] = useState(remembered.dockerfileContent);
  const [tag, setTag] = useState(remembered.tag);
  const [buildArgs, setBuildArgs] = useState(remembered.buildArgs);
  const [target, setTarget] = useState(remembered.target);
  const [noCache, setNoCache] = useState(remembered.noCache);
  useEffect(() => {
    remembered = { source, contextPath, dockerfile, dockerfileContent, tag, buildArgs, target, noCache };
  }, [source, contextPath, dockerfile, dockerfileContent, tag, buildArgs, target, noCache]);
  const [invalid, setInvalid] = useState<string>();
  const [log, setLog] = useState('');
  const [built, setBuilt] = useState<{ imageId: string; tags: string[] }>();
  const logRef = useRef<HTMLPreElement>(null);
  const task = useStreamTask('images.build', (event) => {
    if (event.kind === 'log' || event.kind === 'step') setLog((text) => (text + event.text).slice(-MAX_LOG_CHARS));
    else if (event.kind === 'context') setLog((text) => `${text}Sending ${event.files} files to the engine…\n`);
    else if (event.kind === 'done') {
      setBuilt({ imageId: event.imageId, tags: event.tags });
      onBuilt?.({ imageId: event.imageId, tags: event.tags });
    }
  });
  const busy = task.state === 'running';

  useEffect(() => {
    const pane = logRef.current;
    if (pane) pane.scrollTop = pane.scrollHeight;
  }, [log]);

  const submit = () => {
    if (task.state === 'done') return onClose();
    const args = parseKeyValues(buildArgs);
    const problems = [
      source === 'folder' && !contextPath.trim().startsWith('/') ? 'Give the full path of the build folder, starting with /.' : undefined,
      source === 'paste' && !dockerfileContent.trim() ? 'Paste a Dockerfile.' : undefined,
      tag.trim() && 'error' in parseImageReference(tag) ? (parseImageReference(tag) as { error: string }).error : undefined,
      args.error ? `Build arguments: ${args.error}` : undefined,
      target.trim() && !/^[A-Za-z0-9][A-Za-z0-9_.-]*$/.test(target.trim()) ? 'The target is the name of a build stage (letters, digits, _ . -).' : undefined,
    ].filter(Boolean);
    if (problems.length) return setInvalid(problems[0]);
    setInvalid(undefined);
    setLog('');
    setBuilt(undefined);
    task.start({
      ...(source === 'folder' ? { contextPath: contextPath.trim(), dockerfile: dockerfile.trim() || 'Dockerfile' } : { dockerfileContent }),
      ...(tag.trim() ? { tag: tag.trim() } : {}),
      buildArgs: args.values,
      ...(target.trim() ? { target: target.trim() } : {}),
      noCache,
    });
  };

  return (
    <Modal
      title="Build an image"
      submitLabel={task.state === 'done' ? 'Close' : busy ? 'Building' : 'Build'}
      submitting={busy}
      onSubmit={submit}
      onClose={() => {
        task.cancel();
        onClose();
      }}
      error={invalid ?? (task.error ? task.error : undefined)}
      wide
    >
      <fieldset disabled={busy} className="space-y-4">
        <div role="radiogroup" aria-label="Build from" className="flex gap-4">
          <label className="flex items-center gap-2">
            <input type="radio" name="build-source" checked={source === 'folder'} onChange={() => setSource('folder')} /> A folder
          </label>
          <label className="flex items-center gap-2">
            <input type="radio" name="build-source" checked={source === 'paste'} onChange={() => setSource('paste')} /> A pasted Dockerfile
          </label>
        </div>
        {source === 'folder' ? (
          <div className="grid grid-cols-[1fr_12rem] gap-3">
            <FormField id="build-context" label="Build folder" note="On the computer Berth runs on; files its .dockerignore lists are not sent.">
              <PathField id="build-context" value={contextPath} onChange={setContextPath} placeholder="/home/you/projects/app" pick={{ kind: 'folder', title: 'Build folder' }} />
            </FormField>
            <FormField id="build-dockerfile" label="Dockerfile">
              <input id="build-dockerfile" value={dockerfile} onChange={(event) => setDockerfile(event.target.value)} className={`${inputClass} font-mono`} />
            </FormField>
          </div>
        ) : (
          <FormField id="build-dockerfile-content" label="Dockerfile">
            <textarea
              id="build-dockerfile-content"
              rows={6}
              value={dockerfileContent}
              onChange={(event) => setDockerfileContent(event.target.value)}
              placeholder={'FROM busybox\nRUN echo hello > /hello'}
              className={`${inputClass} font-mono text-xs`}
            />
          </FormField>
        )}
        <div className="grid grid-cols-2 gap-3">
          <FormField id="build-tag" label="Tag">
            <input id="build-tag" value={tag} onChange={(event) => setTag(event.target.value)} placeholder="team/app:dev" className={`${inputClass} font-mono`} />
          </FormField>
          <FormField id="build-target" label="Target stage" aside="optional">
            <input id="build-target" value={target} onChange={(event) => setTarget(event.target.value)} className={`${inputClass} font-mono`} />
          </FormField>
        </div>
        <KeyValueField label="Build arguments" value={buildArgs} onChange={setBuildArgs} placeholder="VERSION=1.2" />
        <label className="flex items-center gap-2">
          <input type="checkbox" checked={noCache} onChange={(event) => setNoCache(event.target.checked)} /> Do not use the build cache
        </label>
      </fieldset>
      {task.state !== 'idle' ? (
        <div>
          <p className="mb-1 font-medium">Output</p>
          <pre
            ref={logRef}
            aria-label="Build output"
            className="max-h-64 overflow-auto whitespace-pre-wrap rounded-md bg-slate-950 p-3 font-mono text-xs text-slate-100"
          >
            {log || 'Starting…'}
          </pre>
          {built ? (
            <p role="status" className="mt-2 text-emerald-700 dark:text-emerald-300">
              Built {built.tags[0] ?? shortId(built.imageId)} ({shortId(built.imageId)}).
            </p>
          ) : null}
        </div>
      ) : null}
    </Modal>
  );
}
