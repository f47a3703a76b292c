/**
 * Rewrites the generated table of docs/policies.md from the policies' metadata:
 *   node -r ts-node/register/transpile-only tests/policy/support/renderDocs.ts
 * (run with Node 22: PATH=$PWD/node_modules/.bin:$PATH). pack.test.ts fails until it is run.
 */
import * as fs from "fs";
import * as path from "path";

import { policies } from "../../../policy/policies";
import { renderPolicyTable, TABLE_END, TABLE_START } from "./docTable";

const file = path.resolve(__dirname, "../../../docs/policies.md");
const doc = fs.readFileSync(file, "utf8");
const start = doc.indexOf(TABLE_START) + TABLE_START.length;
const end = doc.indexOf(TABLE_END);
if (start < TABLE_START.length || end < start) {
    throw new Error(`${file} lacks the ${TABLE_START} / ${TABLE_END} markers`);
}
fs.writeFileSync(file, `${doc.slice(0, start)}\n${renderPolicyTable(policies)}\n${doc.slice(end)}`);
