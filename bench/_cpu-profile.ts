/** A V8 CPU profile as the inspector's Profiler.stop returns it (Node's and Chromium's alike). */
export interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
export interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** A function as the summaries name it: name, the last two parts of its file, line. */
export function frameName(node: ProfileNode): string {
  const f = node.callFrame;
  return `${f.functionName || '(anon)'} ${f.url.split('/').slice(-2).join('/')}:${f.lineNumber}`;
}

/** Self time (µs) per profile node. */
export function selfTimes(profile: Profile): Map<number, number> {
  const self = new Map<number, number>();
  profile.samples.forEach((s, i) => self.set(s, (self.get(s) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  return self;
}

/** The functions with the most self time, idle left out. */
export function topSelf(profile: Profile, label: string, n = 25): string {
  const self = selfTimes(profile);
  const byKey = new Map<string, number>();
  let total = 0;
  for (const node of profile.nodes) {
    const t = self.get(node.id) ?? 0;
    if (node.callFrame.functionName === '(idle)') continue;
    total += t;
    const key = frameName(node);
    byKey.set(key, (byKey.get(key) ?? 0) + t);
  }
  const rows = [...byKey.entries()].sort((a, b) => b[1] - a[1]).slice(0, n);
  return [`## ${label}: ${(total / 1000).toFixed(0)} ms of JS/native sampled (not idle)`, ...rows.map(([k, t]) => `${(t / 1000).toFixed(1).padStart(8)} ms  ${k}`)].join('\n');
}
