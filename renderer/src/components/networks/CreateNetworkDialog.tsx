import { useEffect, useState } from 'react';
import { NETWORK_DRIVERS } from '../../../../common/contract/networks';
import { validateIpam, type IpamErrors } from '../../../../common/network-address';
import { api } from '../../api/client';
import { useSubmit } from '../../hooks/useSubmit';
import { inputClass, Modal } from '../Modal';
import { KeyValueField } from '../system/KeyValueField';
import { parseKeyValues } from '../system/key-values';
import { Checkbox } from '../system/Toolbar';
import { FormField, formControlProps } from '../FormField';

type Driver = (typeof NETWORK_DRIVERS)[number];

function Field({ id, label, hint, value, onChange, error, placeholder }: { id: string; label: string; hint?: string; value: string; onChange(text: string): void; error?: string | undefined; placeholder?: string }) {
  return (
    <FormField id={id} label={label} aside={hint} error={error}>
      <input {...formControlProps(id, error)} className={inputClass} value={value} onChange={(event) => onChange(event.target.value)} placeholder={placeholder} />
    </FormField>
  );
}

/** Create a network; subnet, gateway and range are checked as you type, before anything reaches the engine. */
export function CreateNetworkDialog({ onClose, onCreated }: { onClose(): void; onCreated(name: string, warning?: string): void }) {
  const [drivers, setDrivers] = useState<string[]>(['bridge']);
  const [name, setName] = useState('');
  const [driver, setDriver] = useState<Driver>('bridge');
  const [subnet, setSubnet] = useState('');
  const [gateway, setGateway] = useState('');
  const [ipRange, setIpRange] = useState('');
  const [parent, setParent] = useState('');
  const [internal, setInternal] = useState(false);
  const [attachable, setAttachable] = useState(false);
  const [enableIPv6, setEnableIPv6] = useState(false);
  const [labels, setLabels] = useState('');
  const { submitting, error, setError, submit: run } = useSubmit((created: { warning?: string }) => onCreated(name.trim(), created.warning));

  useEffect(() => {
    api.call('networks.drivers', {}).then(setDrivers, () => undefined);
  }, []);

  const ipamErrors: IpamErrors = validateIpam({ subnet: subnet.trim(), gateway: gateway.trim(), ipRange: ipRange.trim() });
  const needsParent = driver === 'macvlan' || driver === 'ipvlan';

  // An engine refusal was about the fields as they were: once one changes, it no longer applies.
  useEffect(() => setError(undefined), [name, driver, subnet, gateway, ipRange, parent, labels, setError]);

  const submit = async () => {
    const parsedLabels = parseKeyValues(labels);
    // Address problems already show at their fields; saying them again below would say them twice.
    if (Object.keys(ipamErrors).length) return;
    const problem = !name.trim() ? 'Name the network.' : parsedLabels.error ?? (needsParent && !parent.trim() ? `A ${driver} network needs a parent interface.` : undefined);
    if (problem) return setError(problem);
    await run(() =>
      api.call('networks.create', {
        name: name.trim(),
        driver,
        subnet,
        gateway,
        ipRange,
        internal,
        attachable,
        enableIPv6,
        ...(needsParent ? { parent } : {}),
        labels: parsedLabels.values,
      }),
    );
  };

  return (
    <Modal title="Create network" onClose={onClose} onSubmit={() => void submit()} submitLabel="Create" submitting={submitting} error={error} wide>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field id="network-name" label="Name" value={name} onChange={setName} placeholder="backend" />
        <FormField id="network-driver" label="Driver">
          <select id="network-driver" className={inputClass} value={driver} onChange={(event) => setDriver(event.target.value as Driver)}>
            {NETWORK_DRIVERS.map((option) => (
              <option key={option} value={option} disabled={!drivers.includes(option)}>
                {option}
                {drivers.includes(option) ? '' : option === 'overlay' ? ' (needs swarm)' : ' (not available)'}
              </option>
            ))}
          </select>
        </FormField>
        <Field id="network-subnet" label="Subnet" hint="CIDR, optional" value={subnet} onChange={setSubnet} error={ipamErrors.subnet} placeholder="172.30.0.0/16" />
        <Field id="network-gateway" label="Gateway" hint="optional" value={gateway} onChange={setGateway} error={ipamErrors.gateway} placeholder="172.30.0.1" />
        <Field id="network-range" label="IP range" hint="CIDR inside the subnet, optional" value={ipRange} onChange={setIpRange} error={ipamErrors.ipRange} placeholder="172.30.5.0/24" />
        {needsParent ? <Field id="network-parent" label="Parent interface" value={parent} onChange={setParent} placeholder="eth0" /> : null}
      </div>
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        <Checkbox checked={internal} onChange={setInternal}>
          Internal (no outside access)
        </Checkbox>
        <Checkbox checked={attachable} onChange={setAttachable}>
          Attachable
        </Checkbox>
        <Checkbox checked={enableIPv6} onChange={setEnableIPv6}>
          IPv6
        </Checkbox>
      </div>
      <KeyValueField label="Labels" value={labels} onChange={setLabels} />
    </Modal>
  );
}
