import { useCallback, useEffect, useState } from 'react';
import type { ActiveChoice, DiscoveredEngine, EndpointInput, EngineSettingsView } from '../../../common/contract';
import type { ApiError } from '../../../common/errors';
import { api } from '../api/client';
import { ActiveEngineCard } from '../components/engine/ActiveEngineCard';
import { ActionError } from '../components/engine/Card';
import { DiscoveredEngineList } from '../components/engine/DiscoveredEngineList';
import { EndpointList } from '../components/engine/EndpointList';
import { LogTailCard } from '../components/engine/LogTailCard';
import { ManagedEngineCard } from '../components/engine/ManagedEngineCard';
import { ProxyCard } from '../components/engine/ProxyCard';
import { SwarmCard } from '../components/swarm/SwarmCard';
import { useVm } from '../components/engine/useVm';
import { VmCard } from '../components/engine/VmCard';
import { useEngineAction } from '../components/engine/useEngineAction';
import { useManagedEngine } from '../components/engine/useManagedEngine';
import { PageHeader } from '../components/PageHeader';
import { useEngineStatus } from '../hooks/useEngineStatus';

/** Everything about engines: the active one, Berth's managed dockerd and its log, what discovery finds, and endpoints. */
export function EnginePage() {
  const status = useEngineStatus();
  const managed = useManagedEngine();
  const vm = useVm();
  const [settings, setSettings] = useState<EngineSettingsView>();
  const [settingsError, setSettingsError] = useState<ApiError>();
  const [found, setFound] = useState<DiscoveredEngine[]>();
  const [discoverError, setDiscoverError] = useState<ApiError>();
  const [discovering, setDiscovering] = useState(false);
  const switching = useEngineAction();

  const loadSettings = useCallback(() => {
    api.call('engine.settings', {}).then(
      (value) => {
        setSettings(value);
        setSettingsError(undefined);
      },
      (err: ApiError) => setSettingsError(err),
    );
  }, []);

  const discover = useCallback(() => {
    setDiscovering(true);
    api.call('engine.discover', {}).then(
      (value) => {
        setFound(value);
        setDiscoverError(undefined);
        setDiscovering(false);
      },
      (err: ApiError) => {
        setDiscoverError(err);
        setDiscovering(false);
      },
    );
  }, []);

  useEffect(loadSettings, [loadSettings]);

  // What answers changes when engines start or stop: look again whenever the active engine or the managed one changes.
  useEffect(discover, [discover, status.state, status.endpoint, managed?.state]);

  const activate = (choice: ActiveChoice) =>
    switching.run('activate', async () => {
      await api.call('engine.activate', choice);
      loadSettings();
    });

  const afterEndpointChange = () => {
    loadSettings();
    discover();
  };

  return (
    <>
      <PageHeader title="Engine" subtitle="Which container engine Berth uses, and Berth's own engine" />
      {switching.error ? (
        <div className="px-6 pt-4">
          <ActionError message={switching.error} />
        </div>
      ) : null}
      {settingsError ? (
        <div className="px-6 pt-4">
          <ActionError message={`Could not read Berth's engine settings: ${settingsError.message}`} />
        </div>
      ) : null}
      <div className="grid gap-6 p-6 lg:grid-cols-2">
        <ActiveEngineCard status={status} />
        {managed ? (
          <ManagedEngineCard
            managed={managed}
            status={status}
            keepRunning={settings?.keepManagedEngineRunning ?? false}
            onActivate={activate}
            onKeepRunningChange={(keepRunning) => api.call('engine.keepRunning', { keepRunning }).then(setSettings)}
          />
        ) : null}
        {managed?.installed ? (
          <LogTailCard
            stream="engine.managed.log"
            title="Engine log"
            testId="engine-log"
            logFile={`${managed.dataDir}/dockerd.log`}
            emptyText="The managed engine has not written anything yet."
          />
        ) : null}
        {vm ? <VmCard vm={vm} status={status} onActivate={activate} /> : null}
        {vm?.available ? (
          <LogTailCard
            stream="vm.log"
            title="VM boot log"
            testId="vm-log"
            logFile={`${vm.dataDir}/console.log`}
            emptyText="The VM has not booted yet."
            highlight={(line) => line.startsWith('berth-guest:')}
          />
        ) : null}
        <ProxyCard />
        <SwarmCard />
        <DiscoveredEngineList
          engines={found}
          error={discoverError}
          loading={discovering}
          status={status}
          active={settings?.active}
          pending={Boolean(switching.pending)}
          onRefresh={discover}
          onActivate={(choice) => void activate(choice)}
        />
        <EndpointList
          settings={settings}
          status={status}
          pending={Boolean(switching.pending)}
          onActivate={(choice) => void activate(choice)}
          onAdd={async (input: EndpointInput) => {
            await api.call('engine.endpoints.add', input);
            afterEndpointChange();
          }}
          onUpdate={async (id, input) => {
            await api.call('engine.endpoints.update', { id, endpoint: input });
            afterEndpointChange();
          }}
          onRemove={async (endpoint) => {
            await api.call('engine.endpoints.remove', { id: endpoint.id });
            afterEndpointChange();
          }}
        />
        {settings ? (
          <p className="text-xs text-slate-500 lg:col-span-2 dark:text-slate-400">
            Settings and the managed engine's files are kept in <code className="font-mono">{settings.dataDir}</code>.
          </p>
        ) : null}
      </div>
    </>
  );
}
