import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { expect } from "chai";

import { analyzeDiagnostics, violations } from "../../../tools/engine/pack/protocol";

function diagnostic(policyName: string, message: string): analyzer.AnalyzeDiagnostic {
    const d = new analyzer.AnalyzeDiagnostic();
    d.setPolicyname(policyName);
    d.setMessage(message);
    d.setEnforcementlevel(analyzer.EnforcementLevel.MANDATORY);
    d.setSeverity(analyzer.PolicySeverity.POLICY_SEVERITY_HIGH);
    d.setUrn("urn:pulumi:s::p::aws:kms/key:Key::k");
    return d;
}

describe("analyzeDiagnostics", () => {
    it("decodes every diagnostic, in order, and skips the policies that did not apply", () => {
        const res = new analyzer.AnalyzeResponse();
        res.addDiagnostics(diagnostic("kms-key-rotation", "rotation off"));
        for (const name of ["rds-multi-az", "sns-topic-encrypted"]) {
            const na = new analyzer.PolicyNotApplicable();
            na.setPolicyName(name);
            na.setReason("Policy only applies to resources of type 'x'");
            res.addNotApplicable(na);
        }
        res.addDiagnostics(diagnostic("kms-deletion-window", "window 7 days"));

        const decoded = analyzeDiagnostics(res.serializeBinary());

        expect(decoded.getNotApplicableList()).to.deep.equal([]);
        expect(violations(decoded, "")).to.deep.equal(violations(res, ""));
        expect(violations(decoded, "").map((v) => v.policyName)).to.deep.equal(["kms-key-rotation", "kms-deletion-window"]);
    });

    it("decodes an empty response to no diagnostics", () => {
        expect(analyzeDiagnostics(new analyzer.AnalyzeResponse().serializeBinary()).getDiagnosticsList()).to.deep.equal([]);
    });
});
