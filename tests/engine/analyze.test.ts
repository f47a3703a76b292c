import { expect } from "chai";
import * as path from "path";
import { sharedAnalyze } from "../support/stackPreview";
import { FIXTURE_PACK } from "./engine";

/** An export in the shape `pulumi stack export` writes: encrypted secrets, bookkeeping fields, a pending delete. */
const CLI_EXPORT = path.resolve(__dirname, "..", "fixtures", "engine", "cli-export.json");

describe("engine: analyze --file on a CLI export", () => {
    let run: ReturnType<typeof sharedAnalyze>;
    let report: any;
    before(() => {
        run = sharedAnalyze({ files: [CLI_EXPORT], policyPack: FIXTURE_PACK });
        report = run.report;
    });

    it("exits 1 on the mandatory violation it contains", () => {
        expect(run.code, run.stderr).to.equal(1);
        const v = report.violations.find((x: any) => x.policyName === "topic-encrypted");
        expect(v).to.include({ enforcementLevel: "mandatory", urn: "urn:pulumi:staging::fixture::aws:sns/topic:Topic::alerts" });
    });

    it("takes stack and project from the URNs and skips resources pending deletion", () => {
        expect(report.stack).to.equal("staging");
        expect(report.resourceCount).to.equal(5);
        expect(JSON.stringify(report.violations)).not.to.contain("old-alerts");
        expect(report.violations.find((x: any) => x.policyName === "echo-config").message).to.contain("project=fixture");
    });

    it("analyzes resources whose secrets it cannot decrypt", () => {
        // An export's resources exist already: no `+`, no Plan.
        expect(run.stdout).to.match(/^ {5}[├└]─ aws:ssm:Parameter +api-key$/m);
        expect(report.violations.map((x: any) => x.policyName)).to.include("key-rotation");
    });
});
