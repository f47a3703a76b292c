import * as analyzer from "@pulumi/pulumi/proto/analyzer_pb";
import { expect } from "chai";

import { violations } from "../../../tools/engine/pack/protocol";

function diagnostic(policyName: string, message: string, description = ""): analyzer.AnalyzeDiagnostic {
    const d = new analyzer.AnalyzeDiagnostic();
    d.setPolicyname(policyName);
    d.setMessage(message);
    d.setDescription(description);
    d.setEnforcementlevel(analyzer.EnforcementLevel.MANDATORY);
    d.setSeverity(analyzer.PolicySeverity.POLICY_SEVERITY_HIGH);
    return d;
}

describe("violations", () => {
    it("reports every diagnostic in order, with level, severity and the request's URN when the pack gives none", () => {
        const res = new analyzer.AnalyzeResponse();
        res.addDiagnostics(diagnostic("kms-key-rotation", "rotation off"));
        const withUrn = diagnostic("kms-deletion-window", "window 7 days");
        withUrn.setUrn("urn:pulumi:s::p::aws:kms/key:Key::other");
        res.addDiagnostics(withUrn);
        const na = new analyzer.PolicyNotApplicable();
        na.setPolicyName("rds-multi-az");
        res.addNotApplicable(na);

        expect(violations(res, "urn:pulumi:s::p::aws:kms/key:Key::k")).to.deep.equal([
            { policyName: "kms-key-rotation", enforcementLevel: "mandatory", severity: "high", message: "rotation off", urn: "urn:pulumi:s::p::aws:kms/key:Key::k" },
            { policyName: "kms-deletion-window", enforcementLevel: "mandatory", severity: "high", message: "window 7 days", urn: "urn:pulumi:s::p::aws:kms/key:Key::other" },
        ]);
    });

    it("falls back to the description when a diagnostic has no message", () => {
        const res = new analyzer.AnalyzeResponse();
        res.addDiagnostics(diagnostic("p", "", "the policy's description"));
        expect(violations(res, "u")[0].message).to.equal("the policy's description");
    });
});
