import { spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import { fileURLToPath } from "node:url";
import type { FullConfig } from "@playwright/test";

// The Nu HTML Checker's jar, from the vnu-jar package; run with the machine's Java.
const vnuJar = String(require("vnu-jar"));

/**
 * Where tests/helpers.ts keeps every HTML page the tests load, for this check: inside
 * Playwright's output folder, which each run empties first.
 */
export function pagesDir(outputDir: string): string {
  return path.join(outputDir, "html-pages");
}

type Message = {
  type: string;
  subType?: string;
  url?: string;
  firstLine?: number;
  lastLine?: number;
  firstColumn?: number;
  lastColumn?: number;
  message: string;
  extract?: string;
};

type Kept = { url: string; method: string; status: number; test: string };

/**
 * Global teardown: the Nu HTML Checker, once over every page the tests loaded (tests/helpers.ts
 * keeps them); the run fails on any HTML error, listed by page, line and message.
 */
export default async function checkHtml(config: FullConfig) {
  const folders = [...new Set(config.projects.map((project) => pagesDir(project.outputDir)))];
  const files = folders.flatMap((folder) =>
    fs.existsSync(folder)
      ? fs
          .readdirSync(folder)
          .filter((name) => name.endsWith(".html"))
          .sort()
          .map((name) => path.join(folder, name))
      : [],
  );
  const unread = folders.flatMap((folder) => {
    const file = path.join(folder, "unread.jsonl");
    return fs.existsSync(file)
      ? fs.readFileSync(file, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line) as { url: string; test: string; error: string })
      : [];
  });
  for (const page of unread) console.warn(`Nu HTML Checker: not checked, the body of ${page.url} could not be read (${page.test}): ${page.error}`);
  if (files.length === 0) {
    console.log("Nu HTML Checker: no page was kept, nothing to check");
    return;
  }

  const java = process.env.JAVA ?? "java";
  const started = Date.now();
  const run = spawnSync(java, ["-jar", vnuJar, "--errors-only", "--format", "json", "--stdout", ...files], {
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (run.error) {
    throw new Error(
      `Nu HTML Checker: could not run "${java}" (${run.error.message}); install a Java runtime ` +
        "(apt-get install default-jre-headless) or set JAVA to one",
    );
  }
  let messages: Message[];
  try {
    messages = (JSON.parse(run.stdout) as { messages: Message[] }).messages;
  } catch {
    throw new Error(`Nu HTML Checker: exit status ${run.status} and no JSON report:\n${run.stdout}\n${run.stderr}`);
  }
  const errors = messages.filter((m) => m.type === "error" || m.type === "non-document-error");
  console.log(`Nu HTML Checker: ${files.length} pages checked in ${seconds} s, ${errors.length} error(s) (pages in ${folders.join(", ")})`);
  if (errors.length === 0) {
    if (run.status !== 0) throw new Error(`Nu HTML Checker: exit status ${run.status}:\n${run.stderr}`);
    return;
  }

  const byFile = new Map<string, Message[]>();
  for (const error of errors) {
    const file = error.url ? fileURLToPath(error.url) : "(no file)";
    byFile.set(file, [...(byFile.get(file) ?? []), error]);
  }
  const report = [...byFile].map(([file, found]) => {
    const sidecar = file.replace(/\.html$/, ".json");
    const kept: Kept | undefined = fs.existsSync(sidecar) ? JSON.parse(fs.readFileSync(sidecar, "utf8")) : undefined;
    const heading = kept
      ? `${kept.method} ${kept.url} → ${kept.status}, in "${kept.test}"\n  (${file})`
      : file;
    const lines = found.map((m) => {
      const where = m.lastLine ? `line ${m.lastLine}${m.lastColumn ? `:${m.lastColumn}` : ""}` : "";
      const extract = m.extract ? `\n      ${m.extract.replace(/\s+/g, " ").trim()}` : "";
      return `  ${where ? `${where}: ` : ""}${m.message}${extract}`;
    });
    return `${heading}\n${lines.join("\n")}`;
  });
  const failure = new Error(`Nu HTML Checker: ${errors.length} HTML error(s) in ${byFile.size} page(s)\n\n${report.join("\n\n")}`);
  failure.stack = failure.message; // the list is the whole story: no code frame of this file
  throw failure;
}
