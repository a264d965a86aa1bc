// Validates SARIF logs the way GitHub's code scanning and the SARIF spec see them:
//   1. against the SARIF 2.1.0 JSON schema shipped with the Multitool (JSON Schema 2020-12, ajv);
//   2. with the SARIF Multitool's `validate`, its SARIF rules and GitHub's ingestion rules
//      (GH1001-GH1018, GH2012) enabled. `validate` exits 0 whatever it finds, so the error-level
//      results of the log it writes are what count.
// Usage: node validate.mjs NODE_MODULES_DIR FILE.sarif...   (exit 0: every file passes)
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";

const [modules, ...logs] = process.argv.slice(2);
if (!modules || logs.length === 0) {
  console.error("usage: node validate.mjs NODE_MODULES_DIR FILE.sarif...");
  process.exit(2);
}
const require = createRequire(path.join(modules, "noop.js"));
const Ajv2020 = require("ajv/dist/2020").default;
const addFormats = require("ajv-formats").default;

const multitoolDir = path.join(modules, "@microsoft", "sarif-multitool-linux");
const multitool = path.join(multitoolDir, "Sarif.Multitool");
// npm may skip the package's postinstall (which only sets this bit).
fs.chmodSync(multitool, 0o755);
const schema = JSON.parse(fs.readFileSync(path.join(multitoolDir, "sarif-2.1.0.json"), "utf8"));
const ajv = new Ajv2020({ allErrors: true, strict: false });
addFormats(ajv);
const validateSchema = ajv.compile(schema);

const readJson = (file) => JSON.parse(fs.readFileSync(file, "utf8").replace(/^\uFEFF/, ""));
let failed = 0;
for (const log of logs) {
  const problems = [];
  if (!validateSchema(readJson(log)))
    for (const e of validateSchema.errors) problems.push(`schema: ${e.instancePath || "/"} ${e.message}`);

  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "sarif-validate-")), "validation.sarif");
  execFileSync(multitool, ["validate", log, "--output", out, "--rule-kind", "Gh;Sarif", "--log", "ForceOverwrite"],
               { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, DOTNET_CLI_TELEMETRY_OPTOUT: "1" } });
  const validation = readJson(out);
  const warnings = [];
  for (const run of validation.runs ?? []) {
    const rules = run.tool?.driver?.rules ?? [];
    for (const r of run.results ?? []) {
      const level = r.level ?? rules[r.ruleIndex]?.defaultConfiguration?.level ?? "warning";
      // The Multitool's messages are templates in its rules' messageStrings, filled with arguments.
      const template = rules[r.ruleIndex]?.messageStrings?.[r.message?.id]?.text;
      const args = r.message?.arguments ?? [];
      const message = r.message?.text ?? (template ? template.replace(/\{(\d+)\}/g, (_, i) => args[i] ?? "") : args.join(" | "));
      const text = `${r.ruleId}: ${message}`;
      (level === "error" ? problems : warnings).push(text);
    }
    for (const n of run.invocations?.flatMap((i) => i.toolExecutionNotifications ?? []) ?? [])
      if (n.level === "error") problems.push(`multitool: ${n.message?.text}`);
  }
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  for (const w of warnings) console.log(`${log}: warning: ${w}`);
  for (const p of problems) console.log(`${log}: error: ${p}`);
  console.log(`${log}: ${problems.length === 0 ? "valid" : "INVALID"} (${problems.length} errors, ${warnings.length} warnings)`);
  failed += problems.length > 0;
}
process.exit(failed ? 1 : 0);
