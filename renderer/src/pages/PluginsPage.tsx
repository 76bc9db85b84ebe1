import { useState } from 'react';
import type { PluginSummary } from '../../../common/contract';
import type { ApiError } from '../../../common/errors';
import { api } from '../api/client';
import { EmptyState } from '../components/EmptyState';
import { ErrorNotice } from '../components/ErrorNotice';
import { PageHeader } from '../components/PageHeader';
import { Table, type Column } from '../components/Table';
import { smallButtonClass } from '../components/system/compact';
import { Notice } from '../components/system/Toolbar';
import { useLiveData } from '../hooks/useLiveData';

/** Managed engine plugins (volume, network, log and authz drivers), with enable/disable. */
export function PluginsPage() {
  const { data, error, reload } = useLiveData('plugins.list', {}, ['plugin']);
  const [busy, setBusy] = useState<string>();
  const [notice, setNotice] = useState<{ ok: boolean; text: string }>();

  const toggle = async (plugin: PluginSummary) => {
    setBusy(plugin.name);
    setNotice(undefined);
    try {
      const updated = await api.call('plugins.setEnabled', { name: plugin.name, enabled: !plugin.enabled });
      setNotice({ ok: true, text: `${updated.name} is ${updated.enabled ? 'enabled' : 'disabled'}.` });
    } catch (err) {
      setNotice({ ok: false, text: (err as ApiError).message });
    } finally {
      setBusy(undefined);
      reload();
    }
  };

  const columns: Column<PluginSummary>[] = [
    {
      header: 'Name',
      cell: (plugin) => (
        <div>
          <div className="font-medium">{plugin.name}</div>
          {plugin.description ? <div className="text-xs text-slate-500 dark:text-slate-400">{plugin.description}</div> : null}
        </div>
      ),
    },
    { header: 'Type', cell: (plugin) => <span className="font-mono text-xs">{plugin.types.join(', ') || '—'}</span> },
    { header: 'Enabled', cell: (plugin) => (plugin.enabled ? 'yes' : 'no') },
    {
      header: 'Actions',
      className: 'text-right',
      cell: (plugin) => (
        <button type="button" className={smallButtonClass} disabled={busy !== undefined} onClick={() => void toggle(plugin)}>
          {busy === plugin.name ? '…' : plugin.enabled ? 'Disable' : 'Enable'}
        </button>
      ),
    },
  ];

  return (
    <>
      <PageHeader needsEngine title="Plugins" subtitle={data ? `${data.length} installed` : undefined} />
      {notice ? <Notice tone={notice.ok ? 'success' : 'error'}>{notice.text}</Notice> : null}
      {error && !data ? <ErrorNotice error={error} what="plugins" /> : null}
      {data && data.length === 0 ? (
        <EmptyState title="No plugins installed">
          Managed plugins add volume, network and logging drivers to the engine. Install one with{' '}
          <code className="font-mono">docker plugin install &lt;name&gt;</code>; it appears here, where you can enable or disable it.
        </EmptyState>
      ) : data ? (
        <Table label="Plugins" columns={columns} rows={data} rowKey={(plugin) => plugin.id} />
      ) : null}
    </>
  );
}
