import { stackPolicy } from "../lib/define";
import { DESIGN_REGIONS } from "../lib/facts/drRegion";
import { bucketRegions, Placement, placementsOf } from "./placements";

/**
 * The types whose copies of data in another region the policy was written for (the type coverage
 * table); it reads every resource the same way (policy/generic/placements.ts).
 */
const COPY_TYPES = [
    "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
    "aws:rds/instance:Instance",
    "aws:rds/snapshotCopy:SnapshotCopy",
    "aws:rds/clusterSnapshotCopy:ClusterSnapshotCopy",
    "aws:secretsmanager/secret:Secret",
    "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    "aws:backup/plan:Plan",
    "aws:kms/replicaKey:ReplicaKey",
    "aws:dynamodb/table:Table",
    "aws:dynamodb/tableReplica:TableReplica",
    "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
    "aws:cloudwatch/logDestination:LogDestination",
    "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    "aws:ssm/parameter:Parameter",
    "aws:ebs/snapshotCopy:SnapshotCopy",
];

/** The placements of a resource outside `regions`, one per region and property. */
export function outsideRegions(placements: Placement[], regions: readonly string[]): Placement[] {
    const seen = new Set<string>();
    return placements.filter(p => {
        const key = `${p.field} ${p.region}`;
        if (regions.includes(p.region) || seen.has(key)) {
            return false;
        }
        seen.add(key);
        return true;
    });
}

export const dataResidency = stackPolicy<{ dataRegions: string[]; exemptTypes: string[] }>({
    name: "data-residency",
    description: "Data lives only in the regions the design places it (dataRegions: one per environment, policy/lib/facts/drRegion.ts): no resource is created, and no copy " +
        "(RDS automated-backups replication or read replica, snapshot copy, Secrets Manager replica, S3 replication destination, AWS Backup copy action, KMS replica key, " +
        "DynamoDB replica, log subscription or destination, Firehose/Kinesis/EventBridge/SNS target, container log driver) is sent, in any other region.",
    enforcementLevel: "mandatory",
    types: COPY_TYPES,
    metadata: {
        severity: "high",
        guideSection: "Disaster Recovery › AWS Multi-Region Recovery (prod in us-east-1, its copies in us-west-2; docs/guide-map.md)",
        fsbpControl: undefined,
        remediationSteps: "Point the property the message names at one of the design's regions (for a recovery copy, the dr region), or remove the copy; " +
            "a new region is a design change: add it to policy/lib/facts/drRegion.ts with its environment.",
    },
    config: {
        dataRegions: {
            type: "array", items: { type: "string", pattern: "^[a-z]{2}(-[a-z]+)+-\\d$" }, minItems: 1, uniqueItems: true, default: [...DESIGN_REGIONS],
            description: `Regions data may live in (default ${DESIGN_REGIONS.join(", ")}: the region of each environment).`,
        },
        exemptTypes: {
            type: "array", items: { type: "string", minLength: 1, format: "regex" }, default: ["^aws:ecr/"],
            description: "Regular expressions over type tokens of resources that hold no data (default ^aws:ecr/: container images are the application's code, " +
                "so a registry replicating them to a further region for start-up speed puts no customer data there).",
        },
    },
    validate: (resources, report, { config }) => {
        const exempt = config.exemptTypes.map(p => new RegExp(p));
        const buckets = bucketRegions(resources);
        for (const r of resources.filter(res => !exempt.some(p => p.test(res.type)))) {
            const outside = outsideRegions(placementsOf(r, buckets), config.dataRegions);
            if (outside.length > 0) {
                const where = outside.map(p => `${p.field} (${p.region})`).join(", ");
                report(`${r.name} puts data outside the design's regions (${config.dataRegions.join(", ")}) through ${where}: ` +
                    "point it at one of those regions or remove the copy.", r.urn);
            }
        }
    },
});
