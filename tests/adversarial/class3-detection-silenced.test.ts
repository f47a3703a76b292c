/**
 * Class 3: the audit and detection services stay on but record or report less than they
 * seem to: the trail leaves out a service's management events, a GuardDuty filter archives the
 * findings the alert rule forwards, a trusted IP list silences detection, and the VPC's flow log
 * moves to one subnet, records one kind of traffic or drops the fields an investigation needs.
 */
import { Case, ExportedResource, add, edit, named, suite, tags } from "./support";

const TRAIL = "aws:cloudtrail/trail:Trail";
const FLOW_LOG = "aws:ec2/flowLog:FlowLog";
const trail = (change: (p: any) => void) => edit(TRAIL, change, named("audit-trail"));
/** Adds a resource naming the stack's own GuardDuty detector. */
const onDetector = (type: string, name: string, props: (detectorId: string) => Record<string, any>) => (rs: ExportedResource[]) => {
    const detector = rs.find(r => r.type === "aws:guardduty/detector:Detector")!;
    add(type, name, props(String(detector.outputs?.id ?? detector.id)))(rs);
};
const archive = (name: string, criterions: object[], environment = "prod") => onDetector("aws:guardduty/filter:Filter", name, detectorId => ({
    detectorId, name, action: "ARCHIVE", rank: 1, findingCriteria: { criterions }, tags: tags("threat-detection", environment),
}));
const trustedIps = (location: string, activate: boolean) => onDetector("aws:guardduty/iPSet:IPSet", "trusted-ips", detectorId => ({
    detectorId, name: "trusted", activate, format: "TXT", location, tags: tags("threat-detection"),
}));

const violations: Case[] = [
    { name: "the trail's basic selector leaves out KMS (key disabling and deletion unrecorded)", change: trail(p => { p.eventSelectors = [{ readWriteType: "All", includeManagementEvents: true, excludeManagementEventSources: ["kms.amazonaws.com"] }]; }) },
    { name: "the trail's advanced selector records management events except KMS", change: trail(p => { p.advancedEventSelectors = [{ name: "mgmt minus kms", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }, { field: "eventSource", notEquals: ["kms.amazonaws.com"] }] }]; }) },
    { name: "the trail's advanced selector leaves out StopLogging and DeleteTrail by name", change: trail(p => { p.advancedEventSelectors = [{ name: "quiet", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }, { field: "eventName", notEquals: ["StopLogging", "DeleteTrail"] }] }]; }) },
    { name: "a GuardDuty filter archives every finding of severity 4 and above", change: archive("noise", [{ field: "severity", greaterThanOrEqual: "4" }]) },
    { name: "a GuardDuty filter archives every finding but one type", change: archive("mostly-noise", [{ field: "type", notEquals: ["CryptoCurrency:Runtime/BitcoinTool.B"] }]) },
    { name: "a trusted IP list activated from the static bucket", change: trustedIps("https://s3.amazonaws.com/expertconnect-prod-static/trusted-ips.txt", true) },
    { name: "dr: a GuardDuty filter archives every finding", stack: "dr", change: archive("archive-all", [{ field: "severity", greaterThanOrEqual: "0" }], "dr") },
    { name: "the flow log narrowed from the VPC to one subnet", change: edit(FLOW_LOG, p => { const subnet = "subnet-0949b1ba3955b83ef"; delete p.vpcId; p.subnetId = subnet; }) },
    { name: "the flow log records rejected traffic only", change: edit(FLOW_LOG, p => { p.trafficType = "REJECT"; }) },
    { name: "the flow log's custom format keeps packet counts only", change: edit(FLOW_LOG, p => { p.logFormat = "${version} ${account-id} ${interface-id} ${packets}"; }) },
    { name: "dr: the flow log narrowed to one network interface", stack: "dr", change: edit(FLOW_LOG, p => { delete p.vpcId; p.eniId = "eni-0123456789abcdef0"; }) },
];

const compliant: Case[] = [
    { name: "the trail adds S3 data events filtered by event name beside full management events", change: trail(p => {
        p.advancedEventSelectors = [
            { name: "mgmt", fieldSelectors: [{ field: "eventCategory", equals: ["Management"] }] },
            { name: "static writes", fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }, { field: "resources.type", equals: ["AWS::S3::Object"] }, { field: "eventName", equals: ["PutObject", "DeleteObject"] }] },
        ];
    }) },
    { name: "a GuardDuty filter archives low-severity findings below the alert rule", change: archive("low-noise", [{ field: "severity", lessThan: "4" }]) },
    { name: "a GuardDuty filter archives one benign finding type", change: archive("port-probes", [{ field: "type", equals: ["Recon:EC2/PortProbeUnprotectedPort"] }]) },
    { name: "an inactive trusted IP list", change: trustedIps("https://s3.amazonaws.com/expertconnect-prod-static/trusted-ips.txt", false) },
    { name: "the flow log's custom format adds fields and keeps addresses, ports and action", change: edit(FLOW_LOG, p => { p.logFormat = "${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes} ${start} ${end} ${action} ${log-status} ${flow-direction} ${pkt-srcaddr}"; }) },
];

suite("class 3: detection that records or reports less than it seems", violations, compliant);
