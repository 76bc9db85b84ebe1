import { inlineSelectClass } from '../system/compact';
import { Checkbox, SearchBox, Toolbar } from '../system/Toolbar';
import { METHODS, STATUS_CLASSES, type ActivityFilter, type StatusClass } from './activity-filter';

export function ActivityFilters({ filter, onChange }: { filter: ActivityFilter; onChange(filter: ActivityFilter): void }) {
  return (
    <Toolbar>
      <select aria-label="Method" className={inlineSelectClass} value={filter.method} onChange={(event) => onChange({ ...filter, method: event.target.value })}>
        <option value="">All methods</option>
        {METHODS.map((method) => (
          <option key={method} value={method}>
            {method}
          </option>
        ))}
      </select>
      <select aria-label="Status" className={inlineSelectClass} value={filter.status} onChange={(event) => onChange({ ...filter, status: event.target.value as StatusClass })}>
        <option value="">All statuses</option>
        {Object.entries(STATUS_CLASSES).map(([value, label]) => (
          <option key={value} value={value}>
            {label}
          </option>
        ))}
      </select>
      <div className="w-44">
        <SearchBox label="Client" value={filter.client} onChange={(client) => onChange({ ...filter, client })} />
      </div>
      <div className="w-64">
        <SearchBox label="Path" value={filter.path} onChange={(path) => onChange({ ...filter, path })} />
      </div>
      <Checkbox checked={filter.showBerth} onChange={(showBerth) => onChange({ ...filter, showBerth })}>
        Berth's own calls
      </Checkbox>
    </Toolbar>
  );
}
