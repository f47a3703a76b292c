/**
 * Class 3: a signal the guide depends on is still "configured" but can never fire for this
 * stack: the deployment-failure rule watches another cluster, the rotation rule watches
 * successes, the image rule listens to Inspector's retired source or to CRITICAL only, or the
 * source itself stops emitting (registry scanning BASIC, or its filters miss a repository).
 * Each route is judged by the events AWS would send for the stack's own resources.
 */
import { Case, edit, named, suite } from "./support";

const RULE = "aws:cloudwatch/eventRule:EventRule";
const SCANNING = "aws:ecr/registryScanningConfiguration:RegistryScanningConfiguration";
/** Rewrites the event pattern of the stack's rule `name`. */
const pattern = (name: string, change: (p: any) => void) => edit(RULE, p => { const e = JSON.parse(p.eventPattern); change(e); p.eventPattern = JSON.stringify(e); }, named(name));

const violations: Case[] = [
    { name: "deployment-failed rule watches the staging cluster", change: pattern("monitoring-ecs-deployment-failed", e => { e.resources = [{ wildcard: "arn:aws:ecs:*:*:service/expertconnect-staging-cluster/*" }]; }) },
    { name: "deployment-failed rule watches one service only (frontend deployments unwatched)", change: pattern("monitoring-ecs-deployment-failed", e => { e.resources = [{ wildcard: "arn:aws:ecs:*:*:service/expertconnect-prod-cluster/expertconnect-prod-backend" }]; }) },
    { name: "rotation rule matches RotationSucceeded instead of failures", change: pattern("monitoring-secret-rotation-failed", e => { e.detail.eventName = ["RotationSucceeded"]; }) },
    { name: "image rule uses Inspector's retired source aws.inspector", change: pattern("monitoring-image-vulnerability-found", e => { e.source = ["aws.inspector"]; }) },
    { name: "image rule takes CRITICAL findings only", change: pattern("monitoring-image-vulnerability-found", e => { e.detail.severity = ["CRITICAL"]; }) },
    { name: "registry scanning downgraded to BASIC scan on push", change: edit(SCANNING, p => { p.scanType = "BASIC"; p.rules = [{ scanFrequency: "SCAN_ON_PUSH", repositoryFilters: [{ filter: "*", filterType: "WILDCARD" }] }]; }) },
    { name: "registry scanning filters cover only the backend repository", change: edit(SCANNING, p => { p.rules = p.rules.map((r: any) => ({ ...r, repositoryFilters: [{ filter: "expertconnect-backend", filterType: "WILDCARD" }] })); }) },
];

const compliant: Case[] = [
    { name: "deployment-failed rule names the cluster's services by prefix", change: pattern("monitoring-ecs-deployment-failed", e => { e.resources = [{ prefix: "arn:aws:ecs:us-east-1:123456789012:service/expertconnect-prod-cluster/" }]; }) },
    { name: "image rule also takes MEDIUM findings", change: pattern("monitoring-image-vulnerability-found", e => { e.detail.severity = ["MEDIUM", "HIGH", "CRITICAL"]; }) },
    { name: "rotation rule watches every rotation event", change: pattern("monitoring-secret-rotation-failed", e => { e.detail.eventName = [{ prefix: "Rotation" }]; }) },
];

suite("adversarial class 3: signals judged by the events AWS sends for the stack's resources", violations, compliant);
