import type { NotificationCandidate } from '../../common/notifications/notification';

/** A long image operation Berth ran, as it ended. A cancelled one (the user left or pressed Cancel) is not told. */
export type ImageOperationOutcome =
  | { operation: 'pull' | 'push' | 'build'; subject: string; ok: true }
  | { operation: 'pull' | 'push' | 'build'; subject: string; ok: false; error: string };

const DONE: Record<ImageOperationOutcome['operation'], string> = { pull: 'Pulled', push: 'Pushed', build: 'Built' };
const VERB: Record<ImageOperationOutcome['operation'], string> = { pull: 'pull', push: 'push', build: 'build' };

export function imageOperationNotice(outcome: ImageOperationOutcome): NotificationCandidate {
  const kind = 'pullPushBuild';
  const key = `${outcome.operation}:${outcome.ok ? 'ok' : 'failed'}:${outcome.subject}`;
  if (outcome.ok) {
    return { kind, key, level: 'success', title: `${DONE[outcome.operation]} ${outcome.subject}`, body: `The ${VERB[outcome.operation]} finished.`, route: 'images' };
  }
  return { kind, key, level: 'error', title: `The ${VERB[outcome.operation]} of ${outcome.subject} failed`, body: outcome.error, route: 'images' };
}
