/**
 * Rewrites the generated tables of docs/policies.md (policies, type coverage) from the policies' metadata:
 *   node -r ts-node/register/transpile-only tests/policy/support/renderDocs.ts
 * (run with Node 22: PATH=$PWD/node_modules/.bin:$PATH). pack.test.ts fails until it is run.
 */
import * as fs from "fs";
import * as path from "path";

import { policies } from "../../../policy/policies";
import { regenerated } from "./docTable";

const file = path.resolve(__dirname, "../../../docs/policies.md");
fs.writeFileSync(file, regenerated(fs.readFileSync(file, "utf8"), policies));
