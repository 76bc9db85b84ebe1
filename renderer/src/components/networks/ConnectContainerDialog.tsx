import { useEffect, useState } from 'react';
import type { ContainerSummary, NetworkDetails } from '../../../../common/contract';
import type { ApiError } from '../../../../common/errors';
import { validateStaticAddress } from '../../../../common/network-address';
import { api } from '../../api/client';
import { useSubmit } from '../../hooks/useSubmit';
import { inputClass, Modal } from '../Modal';
import { FormField } from '../FormField';

/** Connects a container to a network, optionally with aliases and a static IPv4 address checked against the subnet. */
export function ConnectContainerDialog({ network, onClose, onConnected }: { network: NetworkDetails; onClose(): void; onConnected(name: string): void }) {
  const [containers, setContainers] = useState<ContainerSummary[]>();
  const [container, setContainer] = useState('');
  const [aliases, setAliases] = useState('');
  const [address, setAddress] = useState('');
  const { submitting, error, setError, submit: run } = useSubmit(onConnected);
  const connected = new Set(network.endpoints.map((endpoint) => endpoint.containerId));

  useEffect(() => {
    api.call('containers.list', {}).then(
      (list) => {
        const candidates = list.filter((candidate) => !connected.has(candidate.id)).sort((a, b) => a.name.localeCompare(b.name));
        setContainers(candidates);
        setContainer((current) => current || candidates[0]?.id || '');
      },
      (err: ApiError) => setError(`Could not list containers: ${err.message}`),
    );
    // The candidates are read once when the dialog opens.
  }, []);

  const subnets = network.subnets.map((subnet) => subnet.subnet).filter((subnet): subnet is string => Boolean(subnet));
  const addressError = address.trim()
    ? subnets.length
      ? validateStaticAddress(address.trim(), subnets)
      : 'This network has no configured subnet, so the engine accepts no static address on it.'
    : undefined;

  const submit = async () => {
    if (!container) return setError('Choose a container.');
    if (addressError) return setError(addressError);
    await run(async () => {
      await api.call('networks.connect', {
        id: network.id,
        container,
        aliases: aliases.split(/[\s,]+/).filter(Boolean),
        ...(address.trim() ? { ipv4Address: address.trim() } : {}),
      });
      return containers?.find((candidate) => candidate.id === container)?.name ?? container;
    });
  };

  return (
    <Modal title={`Connect a container to ${network.name}`} onClose={onClose} onSubmit={() => void submit()} submitLabel="Connect" submitting={submitting} error={error}>
      <FormField id="connect-container" label="Container">
        {containers && containers.length === 0 ? (
          <p className="text-slate-500">Every container is already connected to this network.</p>
        ) : (
          <select id="connect-container" className={inputClass} value={container} onChange={(event) => setContainer(event.target.value)}>
            {(containers ?? []).map((candidate) => (
              <option key={candidate.id} value={candidate.id}>
                {candidate.name} ({candidate.state})
              </option>
            ))}
          </select>
        )}
      </FormField>
      <FormField id="connect-aliases" label="Aliases" aside="optional, comma-separated">
        <input id="connect-aliases" className={inputClass} value={aliases} onChange={(event) => setAliases(event.target.value)} placeholder="db, primary" />
      </FormField>
      <FormField id="connect-address" label="Static IPv4" aside={<>optional{subnets.length ? `, inside ${subnets.join(', ')}` : ''}</>}>
        <input id="connect-address" className={inputClass} value={address} onChange={(event) => setAddress(event.target.value)} aria-invalid={Boolean(addressError)} />
        {addressError ? <p className="mt-1 text-xs text-rose-700 dark:text-rose-300">{addressError}</p> : null}
      </FormField>
    </Modal>
  );
}
