import { useEffect, useRef, useState } from 'react';
import type { ComposeProject } from '../../../../common/contract/compose';
import { stackDeployArgs } from '../../../../common/stack-deploy';
import { quoteShellWord } from '../containers/run-form';
import { EquivalentCommand } from '../EquivalentCommand';
import { FormField, formControlProps } from '../FormField';
import { inputClass, Modal } from '../Modal';
import { useStreamTask } from '../images/useStreamTask';

const STACK_NAME = /^[a-zA-Z0-9][a-zA-Z0-9_-]*$/;

/** The command as the docker CLI gets it (quoted only where a shell needs it). */
function stackCommand(files: string[], stack: string, prune: boolean): string {
  return ['docker', ...stackDeployArgs(files, stack, prune)].map(quoteShellWord).join(' ');
}

/** "Deploy to Swarm": the project's files as a swarm stack (`docker stack deploy`), with the CLI's output as it runs. */
export function StackDeployDialog({ project, onClose }: { project: ComposeProject; onClose(): void }) {
  const [stack, setStack] = useState(project.name.replace(/[^a-zA-Z0-9_-]/g, ''));
  const [prune, setPrune] = useState(false);
  const [nameError, setNameError] = useState<string>();
  const [lines, setLines] = useState<{ stream: 'stdout' | 'stderr'; text: string }[]>([]);
  const [copyError, setCopyError] = useState<string>();
  const task = useStreamTask('compose.stackDeploy', (event) => {
    if (event.kind === 'line') setLines((current) => [...current, { stream: event.stream, text: event.text }].slice(-500));
  });
  const output = useRef<HTMLPreElement>(null);
  useEffect(() => {
    if (output.current) output.current.scrollTop = output.current.scrollHeight;
  }, [lines]);
  const valid = STACK_NAME.test(stack) && stack.length <= 63;
  const deploy = () => {
    if (!valid) return setNameError('A stack name is letters, digits, "_" and "-", starting with a letter or digit. Nothing was deployed.');
    setNameError(undefined);
    setLines([]);
    task.start({ project: project.name, stack, prune });
  };
  const running = task.state === 'running';
  return (
    <Modal
      title={`Deploy ${project.name} to Swarm`}
      submitLabel={task.state === 'done' ? 'Deploy again' : 'Deploy'}
      submitting={running}
      error={task.error ?? copyError}
      onClose={onClose}
      onSubmit={deploy}
      wide
    >
      <p className="text-slate-600 dark:text-slate-300">
        The project&apos;s files become a swarm stack: each Compose service becomes a swarm service named <span className="font-mono">{stack || '<stack>'}_&lt;service&gt;</span>, with its
        networks as overlay networks. <span className="font-mono">build:</span> sections are ignored (a swarm pulls images), and deploying again updates the services in place.
      </p>
      <FormField id="stack-name" label="Stack name" error={nameError}>
        <input {...formControlProps('stack-name', nameError)} className={inputClass} value={stack} onChange={(event) => setStack(event.target.value)} />
      </FormField>
      <label className="flex items-center gap-2">
        <input type="checkbox" className="h-4 w-4 accent-cyan-600" checked={prune} onChange={(event) => setPrune(event.target.checked)} />
        Remove the stack&apos;s services that the files no longer define (--prune)
      </label>
      <EquivalentCommand command={valid ? stackCommand(project.files, stack, prune) : undefined} placeholder="Give the stack a valid name to see the command." testId="stack-deploy-command" onCopyFailed={setCopyError} />
      {lines.length || task.state !== 'idle' ? (
        <pre ref={output} data-testid="stack-deploy-output" className="max-h-60 overflow-auto rounded-md bg-slate-900 p-3 font-mono text-xs whitespace-pre-wrap text-slate-100 dark:bg-slate-950">
          {lines.map((line, index) => (
            <span key={index} className={line.stream === 'stderr' ? 'text-amber-300' : undefined}>
              {line.text}
              {'\n'}
            </span>
          ))}
          {running ? 'Deploying…' : null}
        </pre>
      ) : null}
      {task.state === 'done' ? (
        <p role="status" className="text-emerald-700 dark:text-emerald-300">
          Deployed. See the stack <span className="font-mono">{stack}</span> on the{' '}
          <a href="#/services" className="text-cyan-700 underline dark:text-cyan-400">
            Services
          </a>{' '}
          page.
        </p>
      ) : null}
    </Modal>
  );
}
