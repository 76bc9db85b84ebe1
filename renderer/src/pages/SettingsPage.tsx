import { useEffect, useState } from 'react';
import type { NotificationKind, SettingsPatch, SettingsView, Theme } from '../../../common/contract';
import { LOG_BUFFER_LINES, NOTIFICATION_KINDS } from '../../../common/contract/settings';
import { STATS_INTERVALS_MS } from '../../../common/contract/stats';
import { api } from '../api/client';
import { ErrorNotice } from '../components/ErrorNotice';
import { buttonClass } from '../components/Modal';
import { PageHeader } from '../components/PageHeader';
import { ChoiceSetting, SelectSetting, SettingsSection, ToggleSetting } from '../components/settings/controls';
import { EngineSettings } from '../components/settings/EngineSettings';
import { useSettings } from '../hooks/useSettings';

const THEME_OPTIONS: { value: Theme; label: string }[] = [
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
  { value: 'system', label: 'System' },
];

const NOTIFICATION_LABELS: Record<NotificationKind, string> = {
  containerCrashed: 'A container exits with an error without being stopped or killed',
  containerOom: 'A container runs out of memory',
  containerUnhealthy: 'A container turns unhealthy',
  pullPushBuild: 'A pull, push or build finishes or fails',
  engineStopped: 'The engine stops without being asked to',
};

const DESKTOP_ONLY = 'desktop app only';

/** The settings with a change applied, shown at once while it is saved (the answer then replaces it). */
function withPatch(settings: SettingsView, { proxyEnabled, keepManagedEngineRunning, notifications, ...preferences }: SettingsPatch): SettingsView {
  return {
    ...settings,
    proxyEnabled: proxyEnabled ?? settings.proxyEnabled,
    keepManagedEngineRunning: keepManagedEngineRunning ?? settings.keepManagedEngineRunning,
    preferences: { ...settings.preferences, ...preferences, notifications: { ...settings.preferences.notifications, ...notifications } },
  };
}

/** Whether this page runs in the desktop app, where the tray, login item and updates exist. */
function useDesktop(): boolean {
  const [desktop, setDesktop] = useState(Boolean(window.berth));
  useEffect(() => {
    api.call('host.info', {}).then((info) => setDesktop(info.shell === 'electron'), () => undefined);
  }, []);
  return desktop;
}

/** `#/settings`: Berth's preferences in one place, saved as they change; browser mode shows the same page. */
export function SettingsPage() {
  const { settings, error, replace } = useSettings();
  const desktop = useDesktop();
  const [saveError, setSaveError] = useState<string>();

  const update = (patch: SettingsPatch) => {
    if (!settings) return;
    const before = settings;
    setSaveError(undefined);
    replace(withPatch(settings, patch));
    api.call('settings.update', patch).then(replace, (err: Error) => {
      replace(before);
      setSaveError(`Could not save the change: ${err.message}`);
    });
  };
  const dismissNotice = () => {
    api.call('settings.notice.dismiss', {}).then(replace, (err: Error) => setSaveError(err.message));
  };

  if (!settings) {
    return (
      <>
        <PageHeader title="Settings" subtitle={error ? undefined : 'Loading…'} />
        {error ? <ErrorNotice error={error} what="the settings" /> : null}
      </>
    );
  }
  const { preferences } = settings;
  const unavailable = desktop ? undefined : DESKTOP_ONLY;
  return (
    <>
      <PageHeader title="Settings" subtitle={<>Saved as you change them, in <code className="font-mono text-xs">{settings.file}</code></>} />
      <div className="grid max-w-3xl gap-4 p-6">
        {settings.notice ? (
          <div role="alert" className="flex flex-wrap items-start justify-between gap-3 rounded-md border border-amber-300 bg-amber-50 p-4 text-sm text-amber-900 dark:border-amber-800 dark:bg-amber-950 dark:text-amber-100">
            <p>
              {settings.notice.message}
              {settings.notice.keptAs ? (
                <>
                  {' '}
                  The old file is kept as <code className="font-mono text-xs break-all">{settings.notice.keptAs}</code>.
                </>
              ) : null}
            </p>
            <button type="button" className={buttonClass} onClick={dismissNotice}>
              Dismiss
            </button>
          </div>
        ) : null}
        {saveError ? (
          <p role="alert" className="rounded-md border border-rose-300 bg-rose-50 p-3 text-sm text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100">
            {saveError}
          </p>
        ) : null}

        <SettingsSection title="Appearance">
          <div className="flex flex-wrap items-center justify-between gap-3">
            <span>
              <span className="font-medium">Theme</span>
              <span className="block text-slate-500 dark:text-slate-400">System follows your computer's light or dark mode.</span>
            </span>
            <ChoiceSetting label="Theme" value={preferences.theme} options={THEME_OPTIONS} onChange={(theme) => update({ theme })} />
          </div>
        </SettingsSection>

        <EngineSettings settings={settings} update={update} />

        <SettingsSection title="Logs and live figures">
          <SelectSetting
            id="log-buffer"
            label="Log buffer"
            description="Lines a log viewer keeps before dropping the oldest."
            value={preferences.logBufferLines}
            options={LOG_BUFFER_LINES}
            format={(lines) => `${lines.toLocaleString('en-US')} lines`}
            onChange={(logBufferLines) => update({ logBufferLines })}
          />
          <SelectSetting
            id="stats-interval"
            label="Stats interval"
            description="How often a container's Stats tab reads its figures while open (the dashboard and the list read every 5 s)."
            value={preferences.statsIntervalMs}
            options={STATS_INTERVALS_MS}
            format={(ms) => `every ${ms / 1000} s`}
            onChange={(statsIntervalMs) => update({ statsIntervalMs })}
          />
        </SettingsSection>

        <SettingsSection title="Notifications" aside={desktop ? 'Shown by your system' : 'Shown in this page'}>
          {NOTIFICATION_KINDS.map((kind) => (
            <ToggleSetting
              key={kind}
              label={NOTIFICATION_LABELS[kind]}
              checked={preferences.notifications[kind]}
              onChange={(on) => update({ notifications: { [kind]: on } })}
            />
          ))}
        </SettingsSection>

        <SettingsSection title="Desktop app">
          <ToggleSetting label="Show Berth in the tray" description="The engine's state at a glance, with its containers and actions." checked={preferences.trayEnabled} onChange={(trayEnabled) => update({ trayEnabled })} unavailable={unavailable} />
          <ToggleSetting
            label="Closing the window keeps Berth in the tray"
            description="On macOS closing the window never quits Berth."
            checked={preferences.closeToTray}
            onChange={(closeToTray) => update({ closeToTray })}
            unavailable={unavailable}
          />
          <ToggleSetting label="Start Berth when I log in" checked={preferences.startAtLogin} onChange={(startAtLogin) => update({ startAtLogin })} unavailable={unavailable} />
          <ToggleSetting
            label="Install updates automatically"
            description="Checks for a new release every 6 hours and installs it when Berth quits."
            checked={preferences.autoUpdate}
            onChange={(autoUpdate) => update({ autoUpdate })}
            unavailable={unavailable}
          />
        </SettingsSection>
      </div>
    </>
  );
}
