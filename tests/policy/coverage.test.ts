/**
 * Coverage by type and by control: every type in scope has an entry, every entry is judged or
 * says why not, and the FSBP table of docs/policies.md names only real policies and lists each
 * policy's own control.
 */
import * as fs from "fs";
import * as path from "path";

import { expect } from "chai";

import { TYPE_CATEGORIES, typeCoverage } from "../../policy/lib/coverage";
import { policies } from "../../policy/policies";
import { awsTypeTokens, inScope } from "./support/awsTypes";

const tokens = awsTypeTokens();
const names = new Set(policies.map(p => p.name));

describe("type coverage (policy/lib/coverage.ts)", () => {
    it("reads a plausible number of type tokens from @pulumi/aws", () => {
        expect(tokens.size).to.be.greaterThan(1000);
        expect(tokens).to.include("aws:elasticache/cluster:Cluster").and.include("aws:rds/cluster:Cluster");
    });

    it("has an entry, with its categories, for every type in scope", () => {
        const missing: string[] = [];
        for (const [type, categories] of inScope(tokens)) {
            const entry = TYPE_CATEGORIES[type];
            if (!entry || !categories.every(c => entry.categories.includes(c))) {
                missing.push(`${type} (${categories.join(", ")})`);
            }
        }
        expect(missing, "types in scope without a matching entry").to.deep.equal([]);
    });

    it("names only types @pulumi/aws has", () => {
        expect(Object.keys(TYPE_CATEGORIES).filter(t => !tokens.has(t))).to.deep.equal([]);
    });

    it("names only policies the pack has", () => {
        const unknown = Object.entries(TYPE_CATEGORIES).flatMap(([type, e]) => (e.also ?? []).filter(n => !names.has(n)).map(n => `${type}: ${n}`));
        expect(unknown).to.deep.equal([]);
    });

    it("judges every type by at least one policy, or says why none is needed", () => {
        const bare = typeCoverage(policies).filter(r => r.policies.length === 0 && !r.note).map(r => r.type);
        expect(bare).to.deep.equal([]);
    });

    it("finds an Aurora cluster and a cache cluster added beside the components judged for encryption and backups", () => {
        const rows = new Map(typeCoverage(policies).map(r => [r.type, r.policies]));
        expect(rows.get("aws:rds/cluster:Cluster")).to.include.members(["data-encrypted-at-rest", "data-backups-retained", "data-deletion-protection"]);
        expect(rows.get("aws:elasticache/cluster:Cluster")).to.include.members(["data-encrypted-at-rest", "network-encrypted-in-transit", "data-backups-retained"]);
    });
});

describe("policy types", () => {
    it("every type token a policy declares exists in @pulumi/aws (a typo would judge nothing)", () => {
        const declared = policies.flatMap(p => (p.types ?? []).map(t => ({ policy: p.name, type: t })));
        expect(declared.filter(d => d.type.startsWith("aws:") && !tokens.has(d.type)).map(d => `${d.policy}: ${d.type}`)).to.deep.equal([]);
    });
});

/** The FSBP coverage rows of docs/policies.md: control, policy names, reason. */
function fsbpRows(): { control: string; policies: string[]; reason: string }[] {
    const doc = fs.readFileSync(path.resolve(__dirname, "../../docs/policies.md"), "utf8");
    const start = doc.indexOf("<!-- fsbp-coverage:start -->");
    const end = doc.indexOf("<!-- fsbp-coverage:end -->");
    expect(start, "FSBP table markers").to.be.greaterThan(-1);
    return doc.slice(start, end).split("\n").filter(l => /^\| [A-Za-z0-9]+\.\d+ \|/.test(l)).map(line => {
        const cells = line.split(" | ");
        return {
            control: cells[0].slice(2).trim(),
            policies: [...cells[2].matchAll(/`([a-z0-9-]+)`/g)].map(m => m[1]),
            reason: cells[3].replace(/\|\s*$/, "").trim(),
        };
    });
}

describe("FSBP coverage table (docs/policies.md)", () => {
    const rows = fsbpRows();

    it("lists each control once", () => {
        const controls = rows.map(r => r.control);
        expect(controls.length).to.be.greaterThan(150);
        expect(new Set(controls).size).to.equal(controls.length);
    });

    it("names only policies the pack has", () => {
        expect(rows.flatMap(r => r.policies.filter(p => !names.has(p)).map(p => `${r.control}: ${p}`))).to.deep.equal([]);
    });

    it("gives every control a policy or a reason", () => {
        expect(rows.filter(r => r.policies.length === 0 && r.reason === "").map(r => r.control)).to.deep.equal([]);
    });

    it("lists every policy's own FSBP control with that policy", () => {
        const byControl = new Map(rows.map(r => [r.control, r.policies]));
        const missing = policies.filter(p => p.metadata.fsbpControl && !(byControl.get(p.metadata.fsbpControl) ?? []).includes(p.name))
            .map(p => `${p.name} (${p.metadata.fsbpControl})`);
        expect(missing).to.deep.equal([]);
    });

    it("states the counts it shows", () => {
        const doc = fs.readFileSync(path.resolve(__dirname, "../../docs/policies.md"), "utf8");
        const covered = rows.filter(r => r.policies.length > 0).length;
        expect(doc).to.include(`${rows.length} controls: ${covered} implemented by a policy, ${rows.length - covered} with the reason`);
    });
});
