/**
 * Class 3: the registry's enhanced scanning stays on, but its rules stop matching the stack's
 * repositories (with enhanced scanning a repository's own scanOnPush is ignored, so their images
 * are pushed and run unscanned) or scan them only once, on push.
 */
import { Case, edit, suite } from "./support";

const SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";
const rules = (change: (rules: any[]) => void) => edit(SCANNING, p => { change(p.rules); });

const violations: Case[] = [
    { name: "the scanning rule's filter moved to sandbox-* repositories", change: rules(rs => { rs[0].repositoryFilters = [{ filter: "sandbox-*", filterType: "WILDCARD" }]; }) },
    { name: "the scanning rule lists only the backend repository", change: rules(rs => { rs[0].repositoryFilters = [{ filter: "expertconnect-backend", filterType: "WILDCARD" }]; }) },
    { name: "the scanning rule switched to manual scans", change: rules(rs => { rs[0].scanFrequency = "MANUAL"; }) },
    { name: "the scanning rule's filter misspelt", change: rules(rs => { rs[0].repositoryFilters = [{ filter: "expert-connect-*", filterType: "WILDCARD" }]; }) },
    // Scanned once, on push: a CVE published while the release runs is never reported.
    { name: "the scanning rule scans on push instead of continuously", change: rules(rs => { rs[0].scanFrequency = "SCAN_ON_PUSH"; }) },
];

const compliant: Case[] = [
    { name: "the scanning rule widened to every repository", change: rules(rs => { rs[0].repositoryFilters = [{ filter: "*", filterType: "WILDCARD" }]; }) },
];

suite("class 3: image scanning rules that match no repository of the stack", violations, compliant);
