import type { ActiveChoice, SettingsPatch, SettingsView } from '../../../../common/contract';
import { SettingsSection, ToggleSetting } from './controls';

function describeChoice(active: ActiveChoice): string {
  switch (active.mode) {
    case 'auto':
      return 'Automatic: the first engine that answers, in discovery order';
    case 'endpoint':
      return 'A saved endpoint';
    case 'address':
      return active.url;
    case 'managed':
      return "Berth's managed engine (its own dockerd)";
    case 'vm':
      return "Berth's VM";
  }
}

/**
 * The engine part of the settings. Choosing an engine and sizing the VM stay on the Engine page, which checks and
 * explains them (discovery, endpoints, the VM's state); this section says what is chosen and links there.
 */
export function EngineSettings({ settings, update }: { settings: SettingsView; update(patch: SettingsPatch): void }) {
  const { vm } = settings;
  return (
    <SettingsSection title="Engine" aside={<a href="#/engine" className="text-cyan-700 hover:underline dark:text-cyan-400">Engine page →</a>}>
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt className="text-slate-500 dark:text-slate-400">Engine</dt>
        <dd>
          {describeChoice(settings.active)}{' '}
          <a href="#/engine" className="text-cyan-700 hover:underline dark:text-cyan-400">
            Change…
          </a>
        </dd>
        <dt className="text-slate-500 dark:text-slate-400">Berth's VM</dt>
        <dd>
          {vm.cpus} CPUs, {vm.memoryMiB >= 1024 ? `${vm.memoryMiB / 1024} GiB` : `${vm.memoryMiB} MiB`} memory, {vm.diskGiB} GiB disk
          {vm.keepRunning ? ', kept running after Berth quits' : ''}{' '}
          <a href="#/engine" className="text-cyan-700 hover:underline dark:text-cyan-400">
            Resize…
          </a>
        </dd>
      </dl>
      <ToggleSetting
        label="Berth's engine socket"
        description="Serve the active engine on Berth's own socket, for the docker CLI and other tools (the berth context)."
        checked={settings.proxyEnabled}
        onChange={(proxyEnabled) => update({ proxyEnabled })}
      />
      <ToggleSetting
        label="Keep the managed engine running after Berth quits"
        description="Its containers keep running; the next start of Berth adopts it."
        checked={settings.keepManagedEngineRunning}
        onChange={(keepManagedEngineRunning) => update({ keepManagedEngineRunning })}
      />
    </SettingsSection>
  );
}
