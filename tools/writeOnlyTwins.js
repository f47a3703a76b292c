/**
 * Writes policy/secrets/writeOnlyTwins.ts from the AWS provider's type declarations: for every
 * resource whose Args interface has both `x` and its write-only twin `xWo`, the input `x`.
 * Run after upgrading @pulumi/aws: node tools/writeOnlyTwins.js [output file, default that module]
 * (tests/policy/writeOnlyTwins.test.ts fails when the module no longer matches the provider).
 */
const fs = require("fs");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const AWS = path.join(ROOT, "node_modules", "@pulumi", "aws");
const OUT = process.argv[2] ? path.resolve(process.argv[2]) : path.join(ROOT, "policy", "secrets", "writeOnlyTwins.ts");

function* declarations(dir) {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
        const full = path.join(dir, entry.name);
        if (entry.isDirectory() && entry.name !== "types" && entry.name !== "node_modules") {
            yield* declarations(full);
        } else if (entry.name.endsWith(".d.ts")) {
            yield full;
        }
    }
}

const twins = {};
for (const file of declarations(AWS)) {
    const text = fs.readFileSync(file, "utf8");
    const token = /__pulumiType: ['"]([^'"]+)['"]|pulumi import (aws:[\w/]+:\w+)/.exec(text);
    const args = /export interface \w+Args \{([\s\S]*?)\n\}/.exec(text);
    if (!token || !args) {
        continue;
    }
    const type = token[1] ?? token[2];
    const members = new Set([...args[1].matchAll(/^ {4}(\w+)\?:/gm)].map(m => m[1]));
    const plain = [...members].filter(m => members.has(`${m}Wo`)).sort();
    if (plain.length > 0) {
        twins[type] = plain;
    }
}
const lines = Object.keys(twins).sort().map(type => `    "${type}": ${JSON.stringify(twins[type])},`);
fs.writeFileSync(OUT, `/**
 * Inputs that have a write-only twin (\`x\` beside \`xWo\`) in the AWS provider (v7), by resource
 * type. Generated from @pulumi/aws's type declarations by tools/writeOnlyTwins.js; do not edit.
 */
export const WRITE_ONLY_TWINS: Readonly<Record<string, readonly string[]>> = {
${lines.join("\n")}
};
`);
console.log(`${Object.keys(twins).length} types`);
