// axe-core in the e2e suite (issue 12, item 10): every page and dialog state is checked against
// WCAG 2.1 A/AA and axe's best practices (landmarks, one <main>, names). A check does not fail on its
// own: the spec collects every state's violations and fails once with the full list, so one run
// shows everything that is wrong instead of the first problem only.
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";

export const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"];

export type AxeFinding = { state: string; rule: string; impact: string | null | undefined; targets: string[]; summary: string };

/** Runs axe on the page as it is now; returns one finding per violated rule (with its nodes). */
export async function axeFindings(page: Page, state: string): Promise<AxeFinding[]> {
  // Sonner's toasts and Radix's enter animations are transitions: wait for them to settle so that
  // colors are measured at their final opacity, not mid-fade.
  // Endless ones (spinners) are left out. A busy button (an action under way) is waited out first:
  // an error may render before its action's transition ends, and the button it re-enables then
  // fades from its disabled color while axe measures it.
  await page.waitForFunction(() => document.querySelector('[aria-busy="true"]') === null);
  await page.waitForFunction(() =>
    document
      .getAnimations()
      .every((animation) => animation.playState !== "running" || animation.effect?.getTiming().iterations === Infinity),
  );
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  return results.violations.map((violation) => ({
    state,
    rule: violation.id,
    impact: violation.impact,
    targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
    summary: violation.nodes[0]?.failureSummary?.split("\n").slice(0, 3).join(" ") ?? violation.help,
  }));
}

/** A readable list for the failure message: one line per rule and state. */
export function formatFindings(findings: AxeFinding[]): string {
  return findings
    .map((finding) => `[${finding.state}] ${finding.rule} (${finding.impact}): ${finding.targets.join(", ")} — ${finding.summary}`)
    .join("\n");
}
