import * as fs from "fs";
import * as path from "path";

import { expect } from "chai";

import { dataResourcesProtected } from "../../policy/protection/dataResources";
import { scaledPropertiesIgnored } from "../../policy/protection/scaledProperties";
import { TAGGABLE, tagsRequired } from "../../policy/tags/required";
import { named, resourceTable, stackTable } from "./support/cases";
import { ACCOUNT, backendContainer, primaryDb, TAGS, taskDefinition } from "./support/fixtures";
import { ResourceInput, StackResourceInput } from "./support/harness";

describe("tags-required (advisory)", () => {
    resourceTable(tagsRequired, { type: "aws:sns/topic:Topic", name: "alarms-topic", props: { name: "expertconnect-alarms", tags: TAGS } }, {
        violations: {
            "a taggable resource has no tags": { change: r => delete r.props.tags, message: /missing tags: Project, Environment, Component/ },
            "Environment is missing": { change: r => { r.props.tags = { Project: "expertconnect", Component: "alarms" }; }, message: /missing tags: Environment\./ },
            "Component is missing": { change: r => { r.props.tags = { Project: "expertconnect", Environment: "prod" }; }, message: /missing tags: Component\./ },
            "Project is empty": { change: r => { r.props.tags = { Project: "", Environment: "prod", Component: "alarms" }; }, message: /missing tags: Project\./ },
            "a configured tag is missing": { config: { requiredTags: ["Project", "Environment", "Component", "CostCenter"] }, message: /missing tags: CostCenter/ },
        },
        passes: {
            "a resource the stacks create beyond the policed ones is tagged": { change: r => { r.type = "aws:ec2/vpc:Vpc"; } },
            "the type takes no tags (ignored)": { change: r => { r.type = "aws:cloudwatch/dashboard:Dashboard"; delete r.props.tags; } },
        },
    });
});

describe("protection-data-resources", () => {
    const unprotected = (r: ResourceInput) => { r.protect = false; };
    const as = (type: string, props: Record<string, unknown> = {}) => (r: ResourceInput) => { r.type = type; r.props = { ...props, tags: TAGS }; };
    resourceTable(dataResourcesProtected, primaryDb, {
        passes: {
            "a protected secret": { change: as("aws:secretsmanager/secret:Secret", { name: "expertconnect/prod/django" }) },
            "a protected bucket": { change: as("aws:s3/bucket:Bucket", { bucket: "expertconnect-prod-static" }) },
            "a protected backup vault without forceDestroy": { change: as("aws:backup/vault:Vault", { name: "expertconnect-prod-backup", forceDestroy: false }) },
            "a protected image repository without forceDelete": { change: as("aws:ecr/repository:Repository", { name: "expertconnect-backend", forceDelete: false }) },
            "a protected cache": { change: as("aws:elasticache/replicationGroup:ReplicationGroup", { replicationGroupId: "expertconnect-prod-cache" }) },
            "an unprotected resource that holds no data (a parameter group, ignored)": {
                change: r => { as("aws:rds/parameterGroup:ParameterGroup", { name: `x-${ACCOUNT}` })(r); unprotected(r); },
            },
        },
        violations: {
            "a database is unprotected": { change: unprotected, message: /database-instance is not protected/ },
            "a KMS key is unprotected": { change: r => { as("aws:kms/key:Key")(r); unprotected(r); }, message: /is not protected/ },
            "a secret is unprotected": { change: r => { as("aws:secretsmanager/secret:Secret")(r); unprotected(r); }, message: /is not protected/ },
            "a data bucket is unprotected": { change: r => { as("aws:s3/bucket:Bucket", { bucket: `expertconnect-backup` })(r); unprotected(r); }, message: /is not protected/ },
            "a legacy BucketV2 is unprotected": { change: r => { as("aws:s3/bucketV2:BucketV2")(r); unprotected(r); }, message: /is not protected/ },
            "a backup vault is unprotected": { change: r => { as("aws:backup/vault:Vault", { name: "v" })(r); unprotected(r); }, message: /is not protected/ },
            "a cache is unprotected (ElastiCache has no deletion protection of its own)": {
                change: r => { as("aws:elasticache/replicationGroup:ReplicationGroup", { replicationGroupId: "expertconnect-prod-cache" })(r); unprotected(r); }, message: /is not protected: a destroy or a replacing change would delete the cache's keys/,
            },
            "a database cluster is unprotected": { change: r => { as("aws:rds/cluster:Cluster", { clusterIdentifier: "reporting" })(r); unprotected(r); }, message: /the cluster's storage/ },
            "a DynamoDB table is unprotected": { change: r => { as("aws:dynamodb/table:Table", { name: "sessions" })(r); unprotected(r); }, message: /the table's items/ },
            "a GuardDuty detector is unprotected": { change: r => { as("aws:guardduty/detector:Detector", { enable: true })(r); unprotected(r); }, message: /the detector's findings/ },
            "a database tagged HoldsData=false is still judged": { change: r => { r.props.tags = { ...TAGS, HoldsData: "false" }; unprotected(r); }, message: /database-instance is not protected/ },
            "a protected data bucket sets forceDestroy": {
                change: as("aws:s3/bucket:Bucket", { bucket: "expertconnect-prod-static", forceDestroy: true }), message: /sets forceDestroy: deleting it would first delete every object and version in it/,
            },
            "an image repository is unprotected": { change: r => { as("aws:ecr/repository:Repository", { name: "expertconnect-backend" })(r); unprotected(r); }, message: /is not protected/ },
            "a protected image repository sets forceDelete": {
                change: as("aws:ecr/repository:Repository", { name: "expertconnect-backend", forceDelete: true }), message: /sets forceDelete: deleting or replacing it would delete every image in it/,
            },
            "a protected backup vault sets forceDestroy": {
                change: as("aws:backup/vault:Vault", { name: "v", forceDestroy: true }), message: /sets forceDestroy: deleting it would first delete every recovery point in it/,
            },
        },
        notApplicable: {
            "a bucket declares it holds no data": { change: r => { as("aws:s3/bucket:Bucket", { forceDestroy: true })(r); r.props.tags = { ...TAGS, HoldsData: "false" }; unprotected(r); } },
            "the resource is exempted by name in policy config": { config: { exemptResources: ["database-instance"] }, change: unprotected },
            "a throwaway repository with forceDelete is exempted by name in policy config": {
                config: { exemptResources: ["database-instance"] }, change: r => { as("aws:ecr/repository:Repository", { forceDelete: true })(r); unprotected(r); },
            },
        },
    });
});

describe("tags-required's list of taggable types", () => {
    it("holds only types whose @pulumi/aws v7 arguments include tags", () => {
        const aws = path.dirname(require.resolve("@pulumi/aws/package.json"));
        for (const token of TAGGABLE) {
            const [, module, type] = /^aws:([a-z0-9]+)\/([A-Za-z0-9]+):/.exec(token)!;
            const declaration = fs.readFileSync(path.join(aws, module, `${type}.d.ts`), "utf8");
            const args = declaration.slice(declaration.indexOf("Args {"));
            expect(args, token).to.match(/\n {4}tags\?: /);
        }
    });
});

describe("protection-data-resources: log groups a producer of the stack writes", () => {
    const LG = "aws:cloudwatch/logGroup:LogGroup";
    const stack: StackResourceInput[] = [
        { ...taskDefinition([backendContainer]), props: { ...taskDefinition([backendContainer]).props } },
        { type: "aws:cloudtrail/trail:Trail", name: "audit-trail", props: { name: "expertconnect-trail", cloudWatchLogsGroupArn: `arn:aws:logs:us-east-1:${ACCOUNT}:log-group:/aws/cloudtrail/expertconnect-trail:*` } },
        { type: LG, name: "backend-logs", protect: true, props: { name: "/ecs/expertconnect-prod-backend", retentionInDays: 90, tags: TAGS } },
        { type: LG, name: "audit-trail-logs", protect: true, props: { name: "/aws/cloudtrail/expertconnect-trail", retentionInDays: 365, tags: TAGS } },
        // Created ahead of the worker that will write it: it holds nothing yet.
        { type: LG, name: "worker-logs", props: { name: "/ecs/expertconnect-prod-worker", retentionInDays: 90, tags: TAGS } },
    ];
    const group = (s: StackResourceInput[], name: string) => named(s, name);
    stackTable(dataResourcesProtected, stack, {
        passes: {
            "the worker's container now writes its protected group": {
                change: s => { group(s, "worker-logs").protect = true; s.push({ ...taskDefinition([{ ...backendContainer, name: "worker", logConfiguration: { logDriver: "awslogs", options: { "awslogs-group": "/ecs/expertconnect-prod-worker" } } }]), name: "worker-task" }); },
            },
            "a written group is exempted by name in policy config": { config: { exemptResources: ["backend-logs"] }, change: s => { group(s, "backend-logs").protect = false; } },
        },
        violations: {
            "the application's log group is unprotected": { change: s => { group(s, "backend-logs").protect = false; }, message: /backend-logs is not protected: a destroy or a replacing change would delete log events .* \(\/ecs\/expertconnect-prod-backend is written by a producer of the stack\)/ },
            "the trail's log group is unprotected": { change: s => { group(s, "audit-trail-logs").protect = false; }, message: /audit-trail-logs is not protected/ },
            "a log group tagged HoldsData=false is still judged (only buckets may declare they hold nothing)": {
                change: s => { group(s, "backend-logs").protect = false; group(s, "backend-logs").props.tags = { ...TAGS, HoldsData: "false" }; }, message: /backend-logs is not protected/,
            },
            "a container is pointed at the unprotected worker group": {
                change: s => { const td = named(s, "backend-task"); const list = JSON.parse(td.props.containerDefinitions as string); list[0].logConfiguration.options["awslogs-group"] = "/ecs/expertconnect-prod-worker"; td.props.containerDefinitions = JSON.stringify(list); },
                message: /worker-logs is not protected/,
            },
        },
    });
});

describe("protection-scaled-properties-ignored", () => {
    const CLUSTER_ARN = "arn:aws:ecs:us-east-1:123456789012:cluster/expertconnect-prod-cluster";
    const ecsTarget = { resourceId: "service/expertconnect-prod-cluster/expertconnect-prod-backend", scalableDimension: "ecs:service:DesiredCount", serviceNamespace: "ecs", minCapacity: 2, maxCapacity: 5 };
    const stack: StackResourceInput[] = [
        { type: "aws:ecs/service:Service", name: "backend-service", ignoreChanges: ["desiredCount"], props: { name: "expertconnect-prod-backend", cluster: CLUSTER_ARN, desiredCount: 2 } },
        { type: "aws:appautoscaling/target:Target", name: "backend-scaling", props: ecsTarget, propertyDependencies: { resourceId: ["backend-service"] } },
        // Not scaled: its count is the deploy's to set.
        { type: "aws:ecs/service:Service", name: "worker-service", props: { name: "expertconnect-prod-worker", cluster: CLUSTER_ARN, desiredCount: 1 } },
    ];
    const table = (t: Record<string, unknown>): StackResourceInput[] => [
        { type: "aws:dynamodb/table:Table", name: "sessions", props: { name: "sessions", billingMode: "PROVISIONED", readCapacity: 5, writeCapacity: 5 } },
        { type: "aws:appautoscaling/target:Target", name: "sessions-scaling", props: { serviceNamespace: "dynamodb", minCapacity: 5, maxCapacity: 100, ...t } },
    ];
    const service = (s: StackResourceInput[]) => named(s, "backend-service");
    stackTable(scaledPropertiesIgnored, stack, {
        passes: {
            "the service ignores every change (\"*\")": { change: s => { service(s).ignoreChanges = ["*"]; } },
            "a table's read capacity is scaled and ignored": { change: s => { s.push(...table({ resourceId: "table/sessions", scalableDimension: "dynamodb:table:ReadCapacityUnits" })); named(s, "sessions").ignoreChanges = ["readCapacity"]; } },
            "an index's capacity is scaled and a path under globalSecondaryIndexes is ignored": {
                change: s => { s.push(...table({ resourceId: "table/sessions/index/by-user", scalableDimension: "dynamodb:index:ReadCapacityUnits" })); named(s, "sessions").ignoreChanges = ["globalSecondaryIndexes[0].readCapacity"]; },
            },
            "a target scales a dimension that owns no input (Aurora replicas)": {
                change: s => { s.push({ type: "aws:appautoscaling/target:Target", name: "aurora-replicas", props: { resourceId: "cluster:reporting", scalableDimension: "rds:cluster:ReadReplicaCount", serviceNamespace: "rds" } }); },
            },
            "preview: the target's resource id is unknown, the dependency finds the ignoring service": { change: s => { delete named(s, "backend-scaling").props.resourceId; } },
        },
        violations: {
            "the scaled service no longer ignores desiredCount": { change: s => { service(s).ignoreChanges = []; }, message: /backend-service does not ignore desiredCount, which scalable target backend-scaling \(ecs:service:DesiredCount\) sets/ },
            "the service ignores another property only": { change: s => { service(s).ignoreChanges = ["taskDefinition"]; }, message: /does not ignore desiredCount/ },
            "a look-alike property is ignored (desiredCountX)": { change: s => { service(s).ignoreChanges = ["desiredCountX"]; }, message: /does not ignore desiredCount/ },
            "the target is linked only by its dependency (preview) and the service ignores nothing": {
                change: s => { delete named(s, "backend-scaling").props.resourceId; service(s).ignoreChanges = []; }, message: /does not ignore desiredCount/,
            },
            "the cluster is given by name rather than ARN": { change: s => { service(s).props.cluster = "expertconnect-prod-cluster"; service(s).ignoreChanges = []; named(s, "backend-scaling").propertyDependencies = {}; }, message: /does not ignore desiredCount/ },
            "a second, unscaled service gets a target and sets its count on every deploy": {
                change: s => { s.push({ type: "aws:appautoscaling/target:Target", name: "worker-scaling", props: { ...ecsTarget, resourceId: "service/expertconnect-prod-cluster/expertconnect-prod-worker" } }); },
                message: /worker-service does not ignore desiredCount/,
            },
            "a table's write capacity is scaled and not ignored": {
                change: s => { s.push(...table({ resourceId: "table/sessions", scalableDimension: "dynamodb:table:WriteCapacityUnits" })); named(s, "sessions").ignoreChanges = ["readCapacity"]; }, message: /sessions does not ignore writeCapacity/,
            },
            "an index's capacity is scaled and the table ignores nothing": {
                change: s => { s.push(...table({ resourceId: "table/sessions/index/by-user", scalableDimension: "dynamodb:index:WriteCapacityUnits" })); }, message: /sessions does not ignore globalSecondaryIndexes/,
            },
            "a replication group's replicas are scaled and not ignored": {
                change: s => {
                    s.push({ type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "cache", props: { replicationGroupId: "expertconnect-prod-cache", replicasPerNodeGroup: 1 } },
                        { type: "aws:appautoscaling/target:Target", name: "cache-scaling", props: { resourceId: "replication-group/expertconnect-prod-cache", scalableDimension: "elasticache:replication-group:Replicas", serviceNamespace: "elasticache" } });
                }, message: /cache does not ignore replicasPerNodeGroup/,
            },
            "an EC2 Auto Scaling group driven by a scaling policy sets its desired capacity on every deploy": {
                change: s => {
                    s.push({ type: "aws:autoscaling/group:Group", name: "workers", props: { name: "workers", desiredCapacity: 2, minSize: 1, maxSize: 6 } },
                        { type: "aws:autoscaling/policy:Policy", name: "workers-cpu", props: { autoscalingGroupName: "workers", policyType: "TargetTrackingScaling" } });
                }, message: /workers does not ignore desiredCapacity, which scaling policy workers-cpu sets/,
            },
        },
    });
});
