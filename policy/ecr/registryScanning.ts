import { PolicyResource } from "@pulumi/policy";

import { stackAccount } from "../lib/account";
import { stackPolicy } from "../lib/define";
import { knownDeep, knownString, ofType, regionOf, stackRegion } from "../lib/stack";
import { ECR_REGISTRY_SCANNING, ECR_REPOSITORY, ECS_TASK_DEFINITION } from "../lib/tokens";
import { imagesInUse } from "./imagesInUse";
import { GUIDE_ECR } from "./scanOnPush";

/**
 * Whether a repository name matches an ECR scanning filter as ECR applies it (user guide, "Image
 * scanning › Using filters"): a filter without a wildcard matches every name that contains it; one
 * with `*` matches a name where each `*` stands for any run of characters (none included).
 * Case-sensitive.
 */
export function wildcardMatches(filter: string, name: string): boolean {
    if (!filter.includes("*")) return name.includes(filter);
    const pattern = filter.split("*").map(part => part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join(".*");
    return new RegExp(`^${pattern}$`).test(name);
}

interface ScanningRule {
    scanFrequency?: string;
    repositoryFilters?: Array<{ filter?: string; filterType?: string }>;
}

/** Whether some rule of a registry scanning configuration has the repository's images scanned when pushed (continuous scanning does too, then rescans). */
export function ruleScans(rules: ScanningRule[], repository: string): boolean {
    return matchingRules(rules, repository).some(rule => rule.scanFrequency === "SCAN_ON_PUSH" || rule.scanFrequency === "CONTINUOUS_SCAN");
}

/** The rules one of whose filters matches the repository. */
function matchingRules(rules: ScanningRule[], repository: string): ScanningRule[] {
    return rules.filter(rule => (rule.repositoryFilters ?? []).some(f => typeof f.filter === "string" && wildcardMatches(f.filter, repository)));
}

/** A registry's scanning as ECR applies it to one region. */
export interface RegistryScanning {
    scanType?: string;
    rules?: ScanningRule[];
}

/**
 * Why a repository's images are not rescanned as vulnerabilities are published, or undefined when
 * they are. Only ENHANCED scanning (Amazon Inspector) scans continuously, and only a repository one
 * CONTINUOUS_SCAN rule's filter matches (it wins over a SCAN_ON_PUSH filter matching too).
 * SCAN_ON_PUSH scans an image once, when pushed, so a CVE published while that release runs is
 * never reported; BASIC has no continuous scanning; a repository no filter matches is not scanned.
 * An ENHANCED configuration without rules is not taken as "everything": the user guide's
 * continuous-for-all default is for a request without rules, while the provider always sends the
 * list, empty included, and the API reference does not say what an empty one scans.
 */
export function notScannedContinuously(scanning: RegistryScanning, repository: string): string | undefined {
    const scanType = String(scanning.scanType ?? "BASIC").toUpperCase();
    const rules = scanning.rules ?? [];
    const matching = matchingRules(rules, repository);
    if (scanType !== "ENHANCED") {
        const onPush = matching.some(rule => rule.scanFrequency === "SCAN_ON_PUSH");
        return `${scanType} scanning ${onPush ? "scans it on push only" : rules.length > 0 ? "sets it to manual scans (no filter matches it)" : "scans it at most on push, when the repository asks"}: BASIC never rescans an image`;
    }
    if (matching.some(rule => rule.scanFrequency === "CONTINUOUS_SCAN")) return undefined;
    return matching.some(rule => rule.scanFrequency === "SCAN_ON_PUSH")
        ? "its only matching rule is SCAN_ON_PUSH: each image is scanned once, when pushed, and never again as new CVEs are published while it runs"
        : "no rule's filter matches it: with enhanced scanning it is not scanned at all (its own scanOnPush is ignored)";
}

/** What a registry scanning configuration resource sets; undefined while unknown (preview). */
function scanningOf(resource: PolicyResource): RegistryScanning | undefined {
    const rules = knownDeep(() => resource.props.rules as ScanningRule[] | undefined, null);
    const scanType = knownString(resource, "scanType");
    return rules === null || scanType === undefined ? undefined : { scanType, rules: rules ?? [] };
}

export const ecrRegistryScanning = stackPolicy({
    name: "ecr-registry-scanning",
    description: "The stack that owns its registry's settings (it holds ECR repositories or a registry scanning configuration) scans continuously every repository of its own and every one of its account its task definitions pull from: ENHANCED scanning with a CONTINUOUS_SCAN rule whose filter matches the repository as ECR matches it (a filter without `*` matches names containing it, one with `*` the whole name). " +
        "SCAN_ON_PUSH scans an image once, so a vulnerability published while a release runs is never reported (the image-vulnerability event rule goes quiet); BASIC never rescans; and a region whose scanning configuration the stack does not hold (the resource removed: the provider resets the registry) is judged as AWS's default, BASIC with no rules.",
    enforcementLevel: "mandatory",
    metadata: {
        severity: "medium",
        guideSection: `${GUIDE_ECR}; Security Maintenance › Scan for vulnerabilities`,
        fsbpControl: "ECR.1",
        remediationSteps: "Keep an aws.ecr.RegistryScanningConfiguration with scanType ENHANCED and a CONTINUOUS_SCAN rule whose repositoryFilters (WILDCARD) match every repository the stack holds or its tasks pull, e.g. expertconnect-* (components/security/ImageScanning.ts).",
    },
    types: [...ECR_REGISTRY_SCANNING, ...ECR_REPOSITORY, ...ECS_TASK_DEFINITION],
    validate: (resources, report) => {
        const configurations = ofType(resources, ECR_REGISTRY_SCANNING);
        const repositories = ofType(resources, ECR_REPOSITORY);
        // Registry settings are the account's, per region: the stack that holds repositories or a
        // scanning configuration owns them (prod); dr pulls replicas of the digests prod scans.
        if (configurations.length === 0 && repositories.length === 0) return;
        const home = stackRegion(resources);
        // Each region's repositories to scan: the stack's own, and those its tasks pull in its account.
        const byRegion = new Map<string | undefined, Map<string, { urn?: string; user?: string }>>();
        const need = (region: string | undefined, name: string, held: { urn?: string; user?: string }) => {
            const names = byRegion.get(region) ?? new Map<string, { urn?: string; user?: string }>();
            names.set(name, { ...held, ...names.get(name) });
            byRegion.set(region, names);
        };
        for (const repository of repositories) {
            const name = knownString(repository, "name");
            if (name !== undefined) need(regionOf(repository) ?? home, name, { urn: repository.urn });
        }
        // Only once the stack's account is known: another account's repositories are its registry's to scan.
        const account = stackAccount(resources);
        for (const image of account === undefined ? [] : imagesInUse(resources, account).filter(i => !i.replica)) {
            need(image.region, image.repository, { user: image.user });
        }
        for (const [region, names] of byRegion) {
            const here = configurations.filter(c => {
                const where = regionOf(c) ?? home;
                return region === undefined || where === undefined || where === region;
            });
            const judged = here.length > 0 ? here.map(scanningOf) : [{ scanType: "BASIC", rules: [] }];
            if (judged.some(s => s === undefined)) continue; // Unknown during preview: judged once known.
            const by = here.length > 0
                ? `registry scanning ${here.map(c => c.name).join(", ")}`
                : `the ${region ?? "stack's"} registry, whose scanning configuration the stack does not hold (AWS's default, BASIC without rules: what the provider resets the registry to when the resource is removed)`;
            for (const [name, held] of names) {
                // One configuration per registry region: several in the stack overwrite each other, so each must scan.
                const problem = judged.map(s => notScannedContinuously(s as RegistryScanning, name)).find(p => p !== undefined);
                if (problem !== undefined) {
                    report(`repository ${name}${held.user ? ` (${held.user})` : ""} is not scanned continuously by ${by}: ${problem}. Give it a CONTINUOUS_SCAN rule under ENHANCED scanning.`,
                        here[0]?.urn ?? held.urn);
                }
            }
        }
    },
});
