import { PolicyResource } from "@pulumi/policy";

import { stackPolicy } from "../lib/define";
import { knownDeep, knownString, ofType } from "../lib/stack";
import { ECR_REGISTRY_SCANNING, ECR_REPOSITORY } from "../lib/tokens";
import { GUIDE_ECR } from "./scanOnPush";

/** Scan frequencies that scan an image when it is pushed (continuous scanning does too, then rescans). */
const SCANS_ON_PUSH = ["SCAN_ON_PUSH", "CONTINUOUS_SCAN"];

/** Whether a repository name matches an ECR WILDCARD filter (`*` any run of characters, case-sensitive as ECR applies it). */
export function wildcardMatches(filter: string, name: string): boolean {
    const pattern = filter.split("*").map(part => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*");
    return new RegExp(`^${pattern}$`).test(name);
}

interface ScanningRule {
    scanFrequency?: string;
    repositoryFilters?: Array<{ filter?: string; filterType?: string }>;
}

/** Whether some rule of a registry scanning configuration scans the repository's images when pushed. */
export function ruleScans(rules: ScanningRule[], repository: string): boolean {
    return rules.some(rule => SCANS_ON_PUSH.includes(String(rule.scanFrequency))
        && (rule.repositoryFilters ?? []).some(f => typeof f.filter === "string" && wildcardMatches(f.filter, repository)));
}

export const ecrRegistryScanning = stackPolicy({
    name: "ecr-registry-scanning",
    description: "When the stack sets its registry's scanning configuration, every ECR repository of the stack is scanned on push by it: with ENHANCED scanning only a rule whose repository filter matches the repository's name scans it (the repository's own scanOnPush is ignored); with BASIC and rules likewise (AWS sets a repository no filter matches to manual scans); with BASIC and no rules, the repository's own scanOnPush.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: `${GUIDE_ECR}; Security Maintenance › Scan for vulnerabilities`,
        fsbpControl: "ECR.1",
        remediationSteps: "Give the aws.ecr.RegistryScanningConfiguration a rule with scanFrequency SCAN_ON_PUSH or CONTINUOUS_SCAN whose repositoryFilters (WILDCARD) match every repository of the stack, e.g. expertconnect-*.",
    },
    types: [...ECR_REGISTRY_SCANNING, ...ECR_REPOSITORY],
    onlyWith: ECR_REGISTRY_SCANNING[0],
    validate: (resources, report) => {
        const repositories = ofType(resources, ECR_REPOSITORY);
        for (const scanning of ofType(resources, ECR_REGISTRY_SCANNING)) {
            const rules = knownDeep(() => scanning.props.rules as ScanningRule[] | undefined, null);
            const scanType = knownString(scanning, "scanType");
            if (rules === null || scanType === undefined) {
                continue; // Unknown during preview: can't judge.
            }
            const enhanced = scanType.toUpperCase() === "ENHANCED";
            const unscanned = (repository: PolicyResource) => {
                const name = knownString(repository, "name");
                if (name === undefined || ruleScans(rules ?? [], name)) {
                    return false;
                }
                // With BASIC scanning and filters, AWS sets every repository no filter matches to manual scans; only BASIC without rules (the registry's default) leaves it to the repository's scanOnPush.
                const filtered = enhanced || (rules ?? []).length > 0;
                return filtered || knownDeep(() => repository.props.imageScanningConfiguration as { scanOnPush?: boolean } | undefined)?.scanOnPush !== true;
            };
            for (const repository of repositories.filter(unscanned)) {
                report(`repository ${knownString(repository, "name")} is matched by no ${scanType} scanning rule (scanFrequency SCAN_ON_PUSH or CONTINUOUS_SCAN) of ${scanning.name}${enhanced ? ": with enhanced scanning its own scanOnPush is ignored" : (rules ?? []).length > 0 ? ": a repository no basic filter matches is set to manual scans, whatever its own scanOnPush" : ""}, so its images are never scanned; add a repositoryFilter matching it.`, scanning.urn);
            }
        }
    },
});
