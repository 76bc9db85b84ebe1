import { useEffect, useState } from 'react';
import type { AdvertiseAddressChoice, SwarmState } from '../../../../common/contract';
import { api } from '../../api/client';
import { useSubmit } from '../../hooks/useSubmit';
import { useSwarmState } from '../../hooks/useSwarm';
import { ActionError, Card } from '../engine/Card';
import { FormField, formControlProps } from '../FormField';
import { InfoList } from '../InfoList';
import { buttonClass, inputClass, Modal, primaryButtonClass } from '../Modal';

function InitDialog({ onClose, onDone }: { onClose(): void; onDone(state: SwarmState): void }) {
  const [choices, setChoices] = useState<AdvertiseAddressChoice[]>();
  const [address, setAddress] = useState('');
  const [listenPort, setListenPort] = useState('2377');
  const [portError, setPortError] = useState<string>();
  const { submitting, error, setError, submit } = useSubmit<SwarmState>(onDone);
  useEffect(() => {
    api.call('swarm.addresses', {}).then(
      (found) => {
        setChoices(found);
        setAddress((current) => current || (found[0]?.address ?? '127.0.0.1'));
      },
      (err: Error) => setError(`Could not read the engine's addresses: ${err.message}`),
    );
  }, [setError]);
  const chosen = choices?.find((choice) => choice.address === address);
  return (
    <Modal title="Initialise a single-node swarm" submitLabel="Initialise" submitting={submitting || !choices} error={error} onClose={onClose} onSubmit={() => {
        const port = Number(listenPort.trim());
        if (!/^\d+$/.test(listenPort.trim()) || port < 1 || port > 65535) return setPortError('The manager port is a number from 1 to 65535. Nothing was changed.');
        setPortError(undefined);
        void submit(() => api.call('swarm.init', { advertiseAddress: address, listenPort: port }));
      }}
    >
      <p className="text-slate-600 dark:text-slate-300">
        This engine becomes the manager of a new swarm of one node. Containers already running keep running; services can then be created on the Services page.
        Leaving later removes the swarm&apos;s services, secrets and configs.
      </p>
      <FormField
        id="swarm-address"
        label="Advertise address"
        note={
          chosen?.loopback
            ? `Loopback: the swarm listens on 127.0.0.1:${listenPort} only, so no other machine can join. Right for trying services on one machine.`
            : `Other nodes would join at this address on port ${listenPort}, and the engine listens there on every interface.`
        }
      >
        <select {...formControlProps('swarm-address', undefined)} className={inputClass} value={address} onChange={(event) => setAddress(event.target.value)}>
          {(choices ?? []).map((choice) => (
            <option key={choice.address} value={choice.address}>
              {choice.address}
              {choice.interface ? ` (${choice.interface})` : ''}
            </option>
          ))}
        </select>
      </FormField>
      <FormField id="swarm-port" label="Manager port" error={portError} note="2377 unless another swarm manager on this host uses it.">
        <input {...formControlProps('swarm-port', portError)} inputMode="numeric" className={inputClass} value={listenPort} onChange={(event) => setListenPort(event.target.value)} />
      </FormField>
    </Modal>
  );
}

function LeaveDialog({ state, onClose, onDone }: { state: Exclude<SwarmState, { state: 'inactive' }>; onClose(): void; onDone(state: SwarmState): void }) {
  const [services, setServices] = useState<string[]>();
  const { submitting, error, submit } = useSubmit<SwarmState>(onDone);
  const manager = state.state === 'active' && state.role === 'manager';
  useEffect(() => {
    if (!manager) return setServices([]);
    api.call('swarm.services.list', {}).then(
      (list) => setServices(list.map((service) => service.name)),
      () => setServices([]),
    );
  }, [manager]);
  const last = state.state === 'active' && state.role === 'manager' && state.managers <= 1;
  return (
    <Modal title="Leave the swarm" submitLabel="Leave swarm" danger submitting={submitting || !services} error={error} onClose={onClose} onSubmit={() => void submit(() => api.call('swarm.leave', { force: true }))}>
      {last ? (
        <p>
          This engine is the swarm&apos;s only manager: leaving ends the swarm. Its services stop and are removed with their tasks, and its secrets, configs and overlay
          networks are gone. Volumes and plain containers stay.
        </p>
      ) : state.state !== 'active' ? (
        <p>The engine reports the swarm as {state.state}. Leaving resets its swarm state; tasks of services on this engine stop.</p>
      ) : state.role === 'manager' ? (
        <p>This manager leaves the swarm; the other managers keep it and move this node&apos;s tasks to other nodes.</p>
      ) : (
        <p>This worker leaves the swarm; its tasks stop here and the managers start them on other nodes.</p>
      )}
      {services?.length ? (
        <div data-testid="leave-services">
          <p className="font-medium">{last ? 'These services are removed:' : 'These services lose their tasks on this node:'}</p>
          <ul className="mt-1 list-disc pl-6">
            {services.map((name) => (
              <li key={name} className="font-mono text-xs">
                {name}
              </li>
            ))}
          </ul>
        </div>
      ) : services ? (
        <p className="text-slate-500 dark:text-slate-400">No services run in the swarm.</p>
      ) : null}
    </Modal>
  );
}

/** The Engine page's swarm panel: the engine's part in a swarm, and starting or leaving one. */
export function SwarmCard() {
  const { data: state, error, reload } = useSwarmState();
  const [dialog, setDialog] = useState<'init' | 'leave'>();
  const done = () => {
    setDialog(undefined);
    reload();
  };
  const actions =
    state?.state === 'inactive' ? (
      <button type="button" className={primaryButtonClass} onClick={() => setDialog('init')}>
        Initialise a single-node swarm
      </button>
    ) : state && state.state !== 'pending' ? (
      <>
        {state.state === 'active' && state.role === 'manager' ? (
          <a href="#/services" className={buttonClass}>
            Services
          </a>
        ) : null}
        {state.state === 'active' || state.state === 'error' || state.state === 'locked' ? (
          <button type="button" className={buttonClass} onClick={() => setDialog('leave')}>
            Leave…
          </button>
        ) : null}
      </>
    ) : null;
  return (
    <Card title="Swarm" actions={actions} label="Swarm">
      {!state && !error ? <p className="text-sm text-slate-500 dark:text-slate-400">Reading the swarm state…</p> : null}
      <ActionError message={error ? `Could not read the swarm state: ${error.message}` : undefined} />
      {state?.state === 'inactive' ? (
        <p data-testid="swarm-state" className="text-sm text-slate-600 dark:text-slate-300">
          Inactive: this engine is not part of a swarm. A single-node swarm lets you run services with replicas, health checks, rolling updates and secrets on
          this machine.
        </p>
      ) : null}
      {state && (state.state === 'pending' || state.state === 'locked' || state.state === 'error') ? (
        <p data-testid="swarm-state" className="text-sm text-amber-800 dark:text-amber-200">
          {state.state === 'pending' ? 'Pending' : state.state === 'locked' ? 'Locked' : 'Error'}: {state.message}
        </p>
      ) : null}
      {state?.state === 'active' ? (
        <div data-testid="swarm-state">
          <InfoList
            label="Swarm state"
            items={[
              ['State', `Active · ${state.role}`],
              ['Node id', <code key="id" className="font-mono text-xs">{state.nodeId}</code>],
              ['Address', state.nodeAddress],
              ['Managers', String(state.managers)],
              ['Nodes', String(state.nodes)],
              ...(state.role === 'manager' ? ([['Services', String(state.services)]] as [string, string][]) : []),
            ]}
          />
        </div>
      ) : null}
      {dialog === 'init' ? <InitDialog onClose={() => setDialog(undefined)} onDone={done} /> : null}
      {dialog === 'leave' && state && state.state !== 'inactive' ? <LeaveDialog state={state} onClose={() => setDialog(undefined)} onDone={done} /> : null}
    </Card>
  );
}
