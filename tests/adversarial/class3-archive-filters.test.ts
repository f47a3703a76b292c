/**
 * Class 3: GuardDuty keeps detecting, but an ARCHIVE filter archives the findings that matter
 * before the alert rule sees them — named by a kind (a resource type, an action type), by the one
 * resource every finding of the workload is on, or by attack finding types on any resource.
 * Narrow archiving (a named scanner, noise types, an attack type on the one resource it is benign
 * for) stays allowed.
 */
import { add, Case, Change, suite, tags } from "./support";

const FILTER = "aws:guardduty/filter:Filter";
/** An ARCHIVE filter on the stack's detector with `criterions`. */
const archive = (name: string, criterions: object[]): Change => rs => {
    const detector = rs.find(r => r.type === "aws:guardduty/detector:Detector")!;
    add(FILTER, name, { detectorId: detector.outputs.id, name, action: "ARCHIVE", rank: 1, description: "reduce noise", findingCriteria: { criterions }, tags: tags("threat-detection") })(rs);
};

const violations: Case[] = [
    { name: "archive every finding on ECS clusters (resource type)", change: archive("ecs-noise", [{ field: "resource.resourceType", equals: ["ECSCluster"] }]) },
    { name: "archive every AWS API call finding (action type)", change: archive("api-noise", [{ field: "service.action.actionType", equals: ["AWS_API_CALL"] }]) },
    { name: "archive credential exfiltration and runtime attack types at HIGH", change: archive("known-benign", [
        { field: "type", equals: ["UnauthorizedAccess:IAMUser/InstanceCredentialExfiltration.OutsideAWS", "Execution:Runtime/ReverseShell", "Backdoor:Runtime/C&CActivity.B"] },
        { field: "severity", greaterThanOrEqual: "7" }]) },
    { name: "archive every finding on the prod cluster by name", change: archive("cluster-noise", [{ field: "resource.ecsClusterDetails.name", equals: ["expertconnect-prod-cluster"] }]) },
    { name: "archive crypto-mining findings everywhere", change: archive("crypto-noise", [{ field: "type", equals: ["CryptoCurrency:Runtime/BitcoinTool.B", "CryptoCurrency:Runtime/BitcoinTool.B!DNS"] }]) },
    { name: "[dr] archive every runtime finding by resource type", stack: "dr", change: archive("dr-ecs-noise", [{ field: "resource.resourceType", equals: ["ECSCluster", "Container"] }]) },
];

const compliant: Case[] = [
    { name: "archive the pentest vendor's port scans from its fixed address", change: archive("pentest", [
        { field: "type", equals: ["Recon:EC2/Portscan"] }, { field: "service.action.networkConnectionAction.remoteIpDetails.ipAddressV4", equals: ["203.0.113.10"] }]) },
    { name: "archive unprotected-port probes (noise type) of any severity", change: archive("probes", [{ field: "type", equals: ["Recon:EC2/PortProbeUnprotectedPort"] }]) },
    { name: "archive an attack type on the one function it is benign for", change: archive("bench-fn", [
        { field: "type", equals: ["Execution:Runtime/NewBinaryExecuted"] }, { field: "resource.lambdaDetails.functionName", equals: ["expertconnect-prod-db-tasks"] }]) },
];

suite("adversarial class 3: GuardDuty findings archived by a kind, a resource or attack types", violations, compliant);
