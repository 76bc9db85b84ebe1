import type { ApiError } from '../../../common/errors';

export function ErrorNotice({ error, what }: { error: ApiError; what: string }) {
  return (
    <div role="alert" className="m-6 rounded-md border border-rose-300 bg-rose-50 p-4 text-sm text-rose-900 dark:border-rose-800 dark:bg-rose-950 dark:text-rose-100">
      <p className="font-semibold">Could not load {what}.</p>
      <p className="mt-1">{error.message}</p>
    </div>
  );
}
