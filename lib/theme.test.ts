import fs from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parseTheme } from "./theme";

// The dark theme remaps the palette the Console's classes read (app/theme.css). This test keeps
// that honest: a colour utility the theme does not account for — a hue it does not remap, -500/-600
// text that has no dark rule, a translucent white — fails here instead of shipping as a light patch
// on a dark page.

const root = path.resolve(import.meta.dirname, "..");
const theme = fs.readFileSync(path.join(root, "app/theme.css"), "utf8");
const REMAPPED_HUES = ["zinc", "indigo", "red", "amber", "emerald", "sky"];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(full);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith(".test.ts") ? [full] : [];
  });
}

/** Colour utilities (variant prefixes stripped) in the app's sources, and the files using each. */
function colourUtilities(): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const pattern = /(?<![\w-])((?:[\w-]+(?:-\[[^\]]+\])?:)*)((?:bg|text|ring|border|divide|fill|stroke|outline|from|to|placeholder)-(?:white|black|[a-z]+-\d{2,3})(?:\/\d+)?)(?![\w-])/g;
  for (const file of [...sourceFiles(path.join(root, "app")), ...sourceFiles(path.join(root, "components"))]) {
    for (const match of fs.readFileSync(file, "utf8").matchAll(pattern)) {
      // A class under dark: is the dark theme's own.
      if (match[1]!.includes("dark:")) continue;
      const utility = match[2]!;
      found.set(utility, [...(found.get(utility) ?? []), path.relative(root, file)]);
    }
  }
  return found;
}

function unaccounted(utility: string): string | null {
  const [, property, colour] = /^([a-z]+)-(.+)$/.exec(utility)!;
  if (colour!.startsWith("white")) return property === "text" || property === "fill" || property === "stroke" ? null : theme.includes(`.${utility.replace("/", "\\/")} `) ? null : "white surface with no dark rule";
  if (colour!.startsWith("black")) return "black has no dark counterpart";
  const [hue, shade] = colour!.split("/")[0]!.split(/-(?=\d)/);
  if (!REMAPPED_HUES.includes(hue!)) return `the dark theme does not remap ${hue}`;
  // 400–600 keep their value (button fills, focus rings); as text they need a rule of their own.
  if (property === "text" && hue !== "zinc" && ["500", "600"].includes(shade!) && !theme.includes(`.${utility}`)) return "-500/-600 text with no dark rule";
  return null;
}

describe("the dark theme", () => {
  it("accounts for every colour utility the Console uses", () => {
    const utilities = colourUtilities();
    expect(utilities.size).toBeGreaterThan(40); // the scan found the classes (a broken regex finds none)
    const problems = [...utilities]
      .map(([utility, files]) => [utility, unaccounted(utility), files[0]] as const)
      .filter(([, problem]) => problem !== null)
      .map(([utility, problem, file]) => `${utility} (${file}): ${problem}`);
    expect(problems).toEqual([]);
  });

  it("the scan would catch an unmapped hue and unmapped -600 text", () => {
    expect(unaccounted("bg-green-50")).toMatch(/does not remap green/);
    expect(unaccounted("text-emerald-600")).toMatch(/no dark rule/);
    expect(unaccounted("text-red-600")).toBeNull();
    expect(unaccounted("bg-white")).toBeNull();
  });

  it("a stored preference is one of the three themes, anything else is 'system'", () => {
    expect(parseTheme("dark")).toBe("dark");
    expect(parseTheme("light")).toBe("light");
    expect(parseTheme("system")).toBe("system");
    for (const value of [undefined, null, "", "Dark", "<script>", "dark; Path=/"]) expect(parseTheme(value)).toBe("system");
  });
});
