/**
 * First-deploy traps, both ways: the WAF's body-size rule scoped out of the large-body paths only,
 * and the CIS change alarms scoped to changes the deploy roles did not make.
 */
import { expect } from "chai";
import { cisFilters, notByRoles } from "../../../components/security/cisAlarms";
import { BODY_SIZE_LABEL, BODY_SIZE_RULE, webAclRules } from "../../../components/security/wafRules";

describe("WAF body-size rule scoping", () => {
    const common = (rules: any[]) => rules.find((r) => r.name === "AWSManagedRulesCommonRuleSet").statement.managedRuleGroupStatement;

    it("counts the managed 8 KB body rule and blocks its label outside the large-body paths", () => {
        const rules = webAclRules("p", 2000, ["/api/", "/admin/"]) as any[];
        expect(common(rules).ruleActionOverrides).to.deep.equal([{ name: BODY_SIZE_RULE, actionToUse: { count: {} } }]);
        const scoped = rules.find((r) => r.name === "body-size-outside-large-body-paths");
        expect(scoped.action).to.deep.equal({ block: {} });
        expect(scoped.priority).to.be.greaterThan(rules.find((r) => r.name === "AWSManagedRulesCommonRuleSet").priority);
        const [label, not] = scoped.statement.andStatement.statements;
        expect(label).to.deep.equal({ labelMatchStatement: { scope: "LABEL", key: BODY_SIZE_LABEL } });
        const prefixes = not.notStatement.statement.orStatement.statements.map((s: any) => s.byteMatchStatement);
        expect(prefixes.map((b: any) => [b.searchString, b.positionalConstraint, b.fieldToMatch])).to.deep.equal([
            ["/api/", "STARTS_WITH", { uriPath: {} }], ["/admin/", "STARTS_WITH", { uriPath: {} }],
        ]);
        const priorities = rules.map((r) => r.priority);
        expect(new Set(priorities).size).to.equal(priorities.length);
    });

    it("uses a single match for one path", () => {
        const scoped = (webAclRules("p", 2000, ["/api/uploads/"]) as any[]).find((r) => r.name === "body-size-outside-large-body-paths");
        expect(scoped.statement.andStatement.statements[1].notStatement.statement.byteMatchStatement.searchString).to.equal("/api/uploads/");
    });

    it("leaves the managed rule blocking everywhere when no path is configured", () => {
        const rules = webAclRules("p", 2000, []) as any[];
        expect(common(rules)).to.not.have.property("ruleActionOverrides");
        expect(rules.map((r) => r.name)).to.not.include("body-size-outside-large-body-paths");
    });

    it("refuses a path that is not a plain prefix, naming the config key", () => {
        for (const bad of ["api/", "/api/*", "/a b"]) {
            expect(() => webAclRules("p", 2000, [bad]), bad).to.throw(/expertconnect:security.wafLargeBodyPaths/);
        }
    });
});

describe("CIS change alarms scoped to changes outside deployments", () => {
    const byKey = (roles: string[]) => Object.fromEntries(cisFilters(roles).map((f) => [f.key, f.pattern]));

    it("leaves the deploy roles' IAM and security-group changes out, and keeps users, root and other roles in", () => {
        const patterns = byKey(["expertconnect-deploy-prod", "expertconnect-deploy-dr"]);
        for (const key of ["iam-policy-changes", "security-group-changes"]) {
            expect(patterns[key]).to.contain('($.userIdentity.type != "AssumedRole") || (');
            expect(patterns[key]).to.contain('($.userIdentity.sessionContext.sessionIssuer.userName != "expertconnect-deploy-prod") && ' +
                '($.userIdentity.sessionContext.sessionIssuer.userName != "expertconnect-deploy-dr")');
        }
        expect(patterns["root-account-usage"]).to.not.contain("sessionIssuer");
        expect(patterns["unauthorized-api-calls"]).to.not.contain("sessionIssuer");
    });

    it("alarms on every change when no deploy role is named", () => {
        const patterns = byKey([]);
        expect(patterns["iam-policy-changes"]).to.not.contain("sessionIssuer");
        expect(patterns["security-group-changes"]).to.match(/^\{ \(\(\$\.eventName = AuthorizeSecurityGroupIngress\).*\) \}$/);
    });

    it("refuses a role name that would break the filter pattern", () => {
        expect(() => notByRoles(['x" || "1'])).to.throw(/deployRoleNames/);
    });
});
