import { stackPolicy } from "../lib/define";
import { knownDeep, knownString, linker, ofType } from "../lib/stack";
import { ECR_CREATION_TEMPLATE, ECR_LIFECYCLE_POLICY, ECR_REPOSITORY } from "../lib/tokens";
import { GUIDE_ECR } from "./scanOnPush";

/** The rules of a lifecycle policy document (JSON text), or undefined when it does not parse. */
function rulesOf(policy: unknown): unknown[] | undefined {
    try {
        const parsed = typeof policy === "string" ? JSON.parse(policy) : policy;
        return Array.isArray(parsed?.rules) ? parsed.rules : undefined;
    } catch {
        return undefined;
    }
}

export const ecrLifecyclePolicy = stackPolicy({
    name: "ecr-lifecycle-policy",
    description: "Every ECR repository of the stack has a lifecycle policy with at least one rule, so old and untagged images expire; so does every repository creation template (its lifecyclePolicy is the one the repositories it creates get).",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: GUIDE_ECR,
        fsbpControl: "ECR.3",
        remediationSteps: "Add an aws.ecr.LifecyclePolicy for the repository, or a lifecyclePolicy on the creation template (e.g. expire untagged images after 7 days, keep the newest 30 tagged ones).",
    },
    types: [...ECR_REPOSITORY, ...ECR_LIFECYCLE_POLICY, ...ECR_CREATION_TEMPLATE],
    // The templates the program writes sit beside the repositories whose images they receive.
    onlyWith: ECR_REPOSITORY[0],
    validate: (resources, report) => {
        const repositories = ofType(resources, ECR_REPOSITORY);
        const repositoryOf = linker(repositories, ["name", "id"]);
        const withRules = new Set<object>();
        for (const lifecycle of ofType(resources, ECR_LIFECYCLE_POLICY)) {
            const raw = knownDeep(() => lifecycle.props.policy, "unknown");
            const rules = raw === "unknown" ? ["unknown"] : rulesOf(raw);
            if (!rules || rules.length === 0) {
                report(`lifecycle policy ${lifecycle.name} has no rules: no image ever expires.`, lifecycle.urn);
                continue;
            }
            repositoryOf(lifecycle, "repository").forEach(r => withRules.add(r));
        }
        for (const template of ofType(resources, ECR_CREATION_TEMPLATE)) {
            const raw = knownDeep(() => template.props.lifecyclePolicy, "unknown");
            const rules = raw === "unknown" ? ["unknown"] : rulesOf(raw);
            if (!rules || rules.length === 0) {
                report(`creation template ${template.name} (prefix ${knownString(template, "prefix") ?? "?"}) has no lifecyclePolicy with rules: no image ever expires in the repositories it creates.`, template.urn);
            }
        }
        for (const repository of repositories.filter(r => !withRules.has(r))) {
            report(`repository ${knownString(repository, "name") ?? repository.name} has no lifecycle policy.`, repository.urn);
        }
    },
});
