import { useState } from 'react';
import type { ConfigInfo, SwarmObjectInfo } from '../../../../common/contract';
import { MAX_SWARM_OBJECT_BYTES } from '../../../../common/contract/swarm';
import { api } from '../../api/client';
import { useLiveData } from '../../hooks/useLiveData';
import { useSubmit } from '../../hooks/useSubmit';
import { EmptyState } from '../EmptyState';
import { ErrorNotice } from '../ErrorNotice';
import { FormField, formControlProps } from '../FormField';
import { inputClass, Modal, primaryButtonClass } from '../Modal';
import { smallButtonClass } from '../system/compact';
import { Notice } from '../system/Toolbar';
import { Table, type Column } from '../Table';
import { Ago } from './swarm-bits';

type Kind = 'secrets' | 'configs';

export function bytesToBase64(bytes: Uint8Array): string {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function CreateDialog({ kind, onClose, onDone }: { kind: Kind; onClose(): void; onDone(name: string): void }) {
  const noun = kind === 'secrets' ? 'secret' : 'config';
  const [name, setName] = useState('');
  const [text, setText] = useState('');
  const [file, setFile] = useState<{ name: string; bytes: Uint8Array }>();
  const [fieldError, setFieldError] = useState<{ name?: string; value?: string }>({});
  const { submitting, error, submit } = useSubmit<string>(onDone);
  const create = () => {
    const bytes = file?.bytes ?? new TextEncoder().encode(text);
    const problems = {
      ...(!/^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(name.trim()) ? { name: 'Use letters, digits, "_", "." or "-", starting with a letter or digit.' } : {}),
      ...(bytes.length === 0 ? { value: `Type the ${noun}'s value or choose a file.` } : bytes.length > MAX_SWARM_OBJECT_BYTES ? { value: `At most 500 KB; this is ${Math.ceil(bytes.length / 1024)} KB.` } : {}),
    };
    setFieldError(problems);
    if (Object.keys(problems).length) return;
    void submit(async () => {
      await api.call(kind === 'secrets' ? 'swarm.secrets.create' : 'swarm.configs.create', { name: name.trim(), dataBase64: bytesToBase64(bytes), labels: {} });
      return name.trim();
    });
  };
  return (
    <Modal title={`Create a ${noun}`} submitLabel={`Create ${noun}`} submitting={submitting} error={error} onClose={onClose} onSubmit={create}>
      <FormField id="object-name" label="Name" error={fieldError.name}>
        <input {...formControlProps('object-name', fieldError.name)} autoFocus className={inputClass} value={name} onChange={(e) => setName(e.target.value)} />
      </FormField>
      <FormField
        id="object-value"
        label="Value"
        error={fieldError.value}
        note={kind === 'secrets' ? 'Sent once to the swarm, which keeps it encrypted; Berth never shows or records it. Tasks read it at /run/secrets/<name>.' : 'Tasks read it at /<name>.'}
      >
        {file ? (
          <p className="flex items-center gap-2">
            <span className="font-mono text-xs">{file.name}</span> ({file.bytes.length} bytes)
            <button type="button" className={smallButtonClass} onClick={() => setFile(undefined)}>
              Type a value instead
            </button>
          </p>
        ) : (
          <textarea
            {...formControlProps('object-value', fieldError.value)}
            className={`${inputClass} h-28 font-mono`}
            value={text}
            autoComplete="off"
            spellCheck={false}
            onChange={(e) => setText(e.target.value)}
          />
        )}
      </FormField>
      <label className="block text-sm">
        <span className="mb-1 block font-medium">…or from a file</span>
        <input
          type="file"
          aria-label={`${noun} file`}
          onChange={(e) => {
            const chosen = e.target.files?.[0];
            if (chosen) void chosen.arrayBuffer().then((buffer) => setFile({ name: chosen.name, bytes: new Uint8Array(buffer) }));
          }}
        />
      </label>
    </Modal>
  );
}

function RemoveDialog({ kind, item, onClose, onDone }: { kind: Kind; item: SwarmObjectInfo; onClose(): void; onDone(): void }) {
  const noun = kind === 'secrets' ? 'secret' : 'config';
  const { submitting, error, submit } = useSubmit(onDone);
  return (
    <Modal
      title={`Remove ${noun} ${item.name}`}
      submitLabel={`Remove ${noun}`}
      danger
      submitting={submitting}
      error={error}
      onClose={onClose}
      onSubmit={() => void submit(() => api.call(kind === 'secrets' ? 'swarm.secrets.remove' : 'swarm.configs.remove', { id: item.id }))}
    >
      {item.usedBy.length ? <p>It is used by {item.usedBy.join(', ')}: the swarm refuses to remove it until those services no longer use it.</p> : <p>No service uses it. It cannot be brought back.</p>}
    </Modal>
  );
}

/** Secrets or configs: list, create from text or a file, remove. A secret's value is never shown. */
export function SwarmObjectsTab({ kind }: { kind: Kind }) {
  const { data, error, reload } = useLiveData(kind === 'secrets' ? 'swarm.secrets.list' : 'swarm.configs.list', {}, [kind === 'secrets' ? 'secret' : 'config', 'service']);
  const [dialog, setDialog] = useState<{ kind: 'create' } | { kind: 'remove'; item: SwarmObjectInfo }>();
  const [notice, setNotice] = useState<string>();
  const noun = kind === 'secrets' ? 'secret' : 'config';
  const columns: Column<SwarmObjectInfo>[] = [
    { header: 'Name', cell: (item) => <span className="font-medium">{item.name}</span> },
    {
      header: 'Used by',
      cell: (item) => (item.usedBy.length ? <span className="text-xs">{item.usedBy.join(', ')}</span> : <span className="text-slate-400">no service</span>),
    },
    ...(kind === 'configs'
      ? [
          {
            header: 'Data',
            className: 'max-w-96',
            cell: (item: SwarmObjectInfo) => (
              <details>
                <summary className="cursor-pointer text-xs text-cyan-700 dark:text-cyan-400">Show</summary>
                <pre className="mt-1 max-h-40 overflow-auto rounded bg-slate-100 p-2 font-mono text-xs whitespace-pre-wrap dark:bg-slate-950">{(item as ConfigInfo).data}</pre>
              </details>
            ),
          },
        ]
      : []),
    { header: 'Created', cell: (item) => <Ago time={item.createdAt} /> },
    {
      header: 'Actions',
      className: 'text-right',
      cell: (item) => (
        <button type="button" className={smallButtonClass} aria-label={`Remove ${item.name}`} onClick={() => setDialog({ kind: 'remove', item })}>
          Remove…
        </button>
      ),
    },
  ];
  return (
    <>
      <div className="flex items-center justify-between gap-3 px-6 py-3">
        <p className="text-sm text-slate-500 dark:text-slate-400">
          {kind === 'secrets' ? 'Passwords, keys and tokens for services; values are write-only.' : 'Configuration files for services, stored in the swarm.'}
        </p>
        <button type="button" className={primaryButtonClass} onClick={() => setDialog({ kind: 'create' })}>
          Create {noun}
        </button>
      </div>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      {error && !data ? <ErrorNotice error={error} what={kind} /> : null}
      {data && !data.length ? <EmptyState title={`No ${kind}`}>Create one to use it in services.</EmptyState> : null}
      {data?.length ? <Table label={kind === 'secrets' ? 'Secrets' : 'Configs'} columns={columns} rows={data} rowKey={(item) => item.id} /> : null}
      {dialog?.kind === 'create' ? (
        <CreateDialog
          kind={kind}
          onClose={() => setDialog(undefined)}
          onDone={(name) => {
            setDialog(undefined);
            setNotice(`Created ${noun} ${name}.`);
            reload();
          }}
        />
      ) : null}
      {dialog?.kind === 'remove' ? (
        <RemoveDialog
          kind={kind}
          item={dialog.item}
          onClose={() => setDialog(undefined)}
          onDone={() => {
            setDialog(undefined);
            setNotice(`Removed ${noun} ${dialog.item.name}.`);
            reload();
          }}
        />
      ) : null}
    </>
  );
}
