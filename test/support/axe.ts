/**
 * Browser only: axe-core (the package's own build, served by the test runner) over an
 * element, its shadow DOM included.
 */
interface AxeResult {
  violations: Array<{ id: string; impact: string; help: string; nodes: Array<{ target: unknown; failureSummary?: string }> }>;
}
declare global {
  interface Window {
    axe?: { run(context: unknown, options?: unknown): Promise<AxeResult> };
  }
}

async function loadAxe(): Promise<NonNullable<Window['axe']>> {
  if (!window.axe) {
    const script = document.createElement('script');
    script.src = '/node_modules/axe-core/axe.min.js';
    const loaded = new Promise((resolve, reject) => {
      script.onload = resolve;
      script.onerror = () => reject(new Error('could not load axe-core'));
    });
    document.head.append(script);
    await loaded;
  }
  return window.axe!;
}

/** axe-core's violations inside `el` (its shadow DOM included), as readable lines. */
export async function violations(el: Element): Promise<string[]> {
  const axe = await loadAxe();
  const result = await axe.run(el, { resultTypes: ['violations'] });
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`).join(' | ')}`);
}
