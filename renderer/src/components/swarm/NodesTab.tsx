import { useState } from 'react';
import type { NodeInfo } from '../../../../common/contract';
import { api } from '../../api/client';
import { useLiveData } from '../../hooks/useLiveData';
import { useSubmit } from '../../hooks/useSubmit';
import { formatBytes } from '../../lib/format';
import { EmptyState } from '../EmptyState';
import { ErrorNotice } from '../ErrorNotice';
import { FormField, formControlProps } from '../FormField';
import { inputClass, Modal } from '../Modal';
import { parseLabelLines } from '../containers/run-form';
import { smallButtonClass, inlineSelectClass } from '../system/compact';
import { Notice } from '../system/Toolbar';
import { Table, type Column } from '../Table';

const AVAILABILITY_WORDS: Record<NodeInfo['availability'], string> = {
  active: 'Active: the node takes new tasks.',
  pause: 'Pause: running tasks stay, no new tasks are placed here.',
  drain: 'Drain: running tasks stop here and are started on other nodes; on a single-node swarm they wait as pending until the node is active again.',
};

function NodeDialog({ node, availability, onClose, onDone }: { node: NodeInfo; availability: NodeInfo['availability']; onClose(): void; onDone(): void }) {
  const [labels, setLabels] = useState(
    Object.entries(node.labels)
      .map(([key, value]) => `${key}=${value}`)
      .join('\n'),
  );
  const [chosen, setChosen] = useState(availability);
  const { submitting, error, submit } = useSubmit(onDone);
  return (
    <Modal
      title={`Node ${node.hostname}`}
      submitLabel="Save"
      danger={chosen === 'drain'}
      submitting={submitting}
      error={error}
      onClose={onClose}
      onSubmit={() => void submit(() => api.call('swarm.nodes.update', { id: node.id, availability: chosen, labels: parseLabelLines(labels) }))}
    >
      <FormField id="node-availability" label="Availability" note={AVAILABILITY_WORDS[chosen]}>
        <select id="node-availability" className={inputClass} value={chosen} onChange={(e) => setChosen(e.target.value as NodeInfo['availability'])}>
          <option value="active">active</option>
          <option value="pause">pause</option>
          <option value="drain">drain</option>
        </select>
      </FormField>
      <FormField id="node-labels" label="Labels" aside="KEY=value, one per line" note="Placement constraints match them: node.labels.KEY==value.">
        <textarea {...formControlProps('node-labels', undefined)} className={`${inputClass} h-24 font-mono`} value={labels} onChange={(e) => setLabels(e.target.value)} />
      </FormField>
    </Modal>
  );
}

export function NodesTab() {
  const { data, error, reload } = useLiveData('swarm.nodes.list', {}, ['node']);
  const [editing, setEditing] = useState<{ node: NodeInfo; availability: NodeInfo['availability'] }>();
  const [notice, setNotice] = useState<string>();
  const columns: Column<NodeInfo>[] = [
    { header: 'Host', cell: (node) => <span className="font-medium">{node.hostname}</span> },
    { header: 'Role', cell: (node) => `${node.role}${node.leader ? ' (leader)' : ''}` },
    { header: 'State', cell: (node) => node.state },
    {
      header: 'Availability',
      cell: (node) => (
        <select aria-label={`Availability of ${node.hostname}`} className={inlineSelectClass} value={node.availability} onChange={(e) => setEditing({ node, availability: e.target.value as NodeInfo['availability'] })}>
          <option value="active">active</option>
          <option value="pause">pause</option>
          <option value="drain">drain</option>
        </select>
      ),
    },
    { header: 'Address', cell: (node) => <span className="font-mono text-xs">{node.address}</span> },
    { header: 'Engine', cell: (node) => node.engineVersion },
    { header: 'Resources', cell: (node) => `${node.cpus} CPUs · ${formatBytes(node.memoryBytes)}` },
    {
      header: 'Labels',
      cell: (node) =>
        Object.keys(node.labels).length ? (
          <span className="font-mono text-xs">
            {Object.entries(node.labels)
              .map(([k, v]) => `${k}=${v}`)
              .join(', ')}
          </span>
        ) : (
          <span className="text-slate-400">none</span>
        ),
    },
    {
      header: 'Actions',
      className: 'text-right',
      cell: (node) => (
        <button type="button" className={smallButtonClass} onClick={() => setEditing({ node, availability: node.availability })}>
          Edit…
        </button>
      ),
    },
  ];
  return (
    <>
      {notice ? <Notice tone="success">{notice}</Notice> : null}
      {error && !data ? <ErrorNotice error={error} what="nodes" /> : null}
      {data && !data.length ? <EmptyState title="No nodes">This engine is not a swarm manager.</EmptyState> : null}
      {data?.length ? <Table label="Nodes" columns={columns} rows={data} rowKey={(node) => node.id} /> : null}
      {editing ? (
        <NodeDialog
          key={`${editing.node.id}-${editing.availability}`}
          node={editing.node}
          availability={editing.availability}
          onClose={() => setEditing(undefined)}
          onDone={() => {
            setNotice(`Saved node ${editing.node.hostname}.`);
            setEditing(undefined);
            reload();
          }}
        />
      ) : null}
    </>
  );
}
