import type { ServiceSummary } from '../../../../common/contract';
import { Table, type Column } from '../Table';
import { Ago, ImageName, PortList, ReplicaBar, UpdateBadge } from './swarm-bits';

export function serviceHref(id: string): string {
  return `#/services/service/${encodeURIComponent(id)}`;
}

/** Services grouped by stack (`com.docker.stack.namespace`), services outside any stack first. */
export function groupByStack(services: ServiceSummary[]): { stack: string | undefined; services: ServiceSummary[] }[] {
  const groups = new Map<string | undefined, ServiceSummary[]>();
  for (const service of services) groups.set(service.stack, [...(groups.get(service.stack) ?? []), service]);
  return [...groups.entries()]
    .sort(([a], [b]) => (a === undefined ? -1 : b === undefined ? 1 : a.localeCompare(b)))
    .map(([stack, members]) => ({ stack, services: members }));
}

const columns: Column<ServiceSummary>[] = [
  {
    header: 'Name',
    cell: (service) => (
      <a href={serviceHref(service.id)} className="font-medium text-cyan-700 hover:underline dark:text-cyan-400">
        {service.stack && service.name.startsWith(`${service.stack}_`) ? service.name.slice(service.stack.length + 1) : service.name}
      </a>
    ),
  },
  { header: 'Image', cell: (service) => <ImageName image={service.image} />, className: 'max-w-80' },
  { header: 'Mode', cell: (service) => service.mode },
  { header: 'Replicas', cell: (service) => <ReplicaBar running={service.running} desired={service.desired} /> },
  { header: 'Ports', cell: (service) => <PortList ports={service.ports} /> },
  { header: 'Update', cell: (service) => <UpdateBadge update={service.update} /> },
  { header: 'Created', cell: (service) => <Ago time={service.createdAt} /> },
  { header: 'Updated', cell: (service) => <Ago time={service.updatedAt} /> },
];

export function ServiceList({ services }: { services: ServiceSummary[] }) {
  const groups = groupByStack(services);
  return (
    <div className="space-y-4 pb-6">
      {groups.map((group) => (
        <section key={group.stack ?? ''} aria-label={group.stack ? `Stack ${group.stack}` : 'Services'}>
          {group.stack || groups.length > 1 ? (
            <h2 className="px-6 pt-4 pb-1 text-sm font-semibold">
              {group.stack ? (
                <>
                  Stack <span className="font-mono">{group.stack}</span>
                  <span className="ml-2 font-normal text-slate-500 dark:text-slate-400">{group.services.length} services</span>
                </>
              ) : (
                'Not in a stack'
              )}
            </h2>
          ) : null}
          <Table label={group.stack ? `Services of stack ${group.stack}` : 'Services'} columns={columns} rows={group.services} rowKey={(service) => service.id} />
        </section>
      ))}
    </div>
  );
}
