/**
 * The metrics AWS publishes in the namespaces the stacks alarm on, stated once: their names, the
 * unit each datapoint carries and the dimension sets they are published with. CloudWatch accepts
 * an alarm on any name, unit and dimensions and then finds no datapoint: a misspelt name, a unit
 * other than the published one or a dimension set AWS never publishes leaves the alarm without
 * data for ever. cloudwatch-alarms-can-fire holds every alarm (and every metric of its metric
 * math) to these facts. Facts modules import nothing.
 *
 * Sources (AWS documentation, as of 2026): Amazon RDS "Amazon CloudWatch metrics for Amazon RDS"
 * (rds-metrics, instance-level table; Aurora cluster metrics); ElastiCache "Host-Level Metrics"
 * and "Metrics for Valkey and Redis OSS"; Amazon ECS "Amazon ECS CloudWatch metrics"
 * (available-metrics) and Container Insights' ECS metrics; Elastic Load Balancing "CloudWatch
 * metrics for your Application Load Balancer" and "... for your Network Load Balancer";
 * CloudWatch Synthetics "CloudWatch metrics published by canaries"; Amazon S3 "Monitoring
 * metrics with Amazon CloudWatch" (daily storage, request and replication metrics); AWS WAF
 * "AWS WAF metrics and dimensions"; CloudWatch "Create a billing alarm to monitor your estimated
 * AWS charges"; Route 53 "Monitoring health checks using CloudWatch" and "Viewing DNS query
 * metrics for a public hosted zone"; CloudFront "Types of CloudFront metrics"
 * (programming-cloudwatch-metrics).
 *
 * Beyond names, units and dimensions, each namespace states how often AWS publishes a datapoint
 * (its resolution) and, for a service that publishes in one region only, that region. An alarm
 * whose period (or a metric-math query's period) is shorter than the resolution sees periods
 * with no datapoint (PutMetricAlarm Period: "If you specify a period of 10, 20, or 30 for a
 * metric that does not have sub-minute resolution, ... it does not receive data for the attempts
 * that do not correspond to a one-minute data resolution"): treatMissingData breaching flaps or
 * sticks in ALARM, any other treatment hides the signal in most periods. An alarm reads only its
 * own region's metrics, so one on a single-region namespace anywhere else never gets data.
 */

/** One metric: the unit AWS publishes it in (undefined: not stated here, not judged). */
export interface PublishedMetric {
    unit?: string;
    /** Dimension sets it is published with, when narrower than its namespace's. */
    dimensionSets?: ReadonlyArray<readonly string[]>;
    /**
     * The dimension naming the resource in whose region CloudWatch holds the metric, when its
     * dimensions name resources of two regions (S3 replication: failures where the SourceBucket
     * is, latency and backlog where the DestinationBucket is; "Using S3 Replication metrics").
     * An alarm reads only its own region's metrics. @default every dimension's resource is in the metric's region
     */
    regionOf?: string;
    /** Seconds between its datapoints, when it differs from its namespace's (S3's daily storage metrics). */
    resolutionSeconds?: number;
}

/** A namespace AWS publishes: every metric name in it, and the dimension sets its metrics carry. */
export interface PublishedNamespace {
    metrics: Readonly<Record<string, PublishedMetric>>;
    /** Further names, as patterns, for families too large to list (per-command latencies). */
    metricPatterns?: readonly RegExp[];
    /** The dimension sets (names, order free) a metric of the namespace is published with. */
    dimensionSets: ReadonlyArray<readonly string[]>;
    /**
     * Seconds between two datapoints of its metrics: 60 for AWS's per-minute metrics (standard
     * resolution; only PutMetricData with StorageResolution 1 stores anything finer). An alarm
     * period shorter than it leaves periods without data.
     */
    resolutionSeconds: number;
    /**
     * What sets the resolution instead, read from the stack: `canarySchedule`, a canary publishes
     * once per run, so at its schedule's rate (CloudWatch Synthetics "CloudWatch metrics
     * published by canaries"). @default resolutionSeconds alone
     */
    resolutionFrom?: "canarySchedule";
    /**
     * The only regions CloudWatch holds the namespace's metrics in (a global service publishing in
     * us-east-1). An alarm elsewhere never gets a datapoint. @default the region of the resource the dimensions name
     */
    regions?: readonly string[];
}

const unit = (u: string, names: string[]): Record<string, PublishedMetric> => Object.fromEntries(names.map(n => [n, { unit: u }]));

const ALB_TARGET_SETS = [["LoadBalancer", "TargetGroup"], ["LoadBalancer", "TargetGroup", "AvailabilityZone"]] as const;
const ELB_SETS = [["LoadBalancer"], ["LoadBalancer", "AvailabilityZone"], ["TargetGroup"], ...ALB_TARGET_SETS] as const;

export const AWS_METRICS: Readonly<Record<string, PublishedNamespace>> = {
    "AWS/RDS": {
        metrics: {
            ...unit("Bytes", ["BinLogDiskUsage", "FreeableMemory", "FreeLocalStorage", "FreeStorageSpace", "FreeStorageSpaceLogVolume", "OldestReplicationSlotLag",
                "ReplicationSlotDiskUsage", "SwapUsage", "TempDbAvailableDataSpace", "TempDbAvailableLogSpace", "TransactionLogsDiskUsage", "OldestLogicalReplicationSlotLag", "VolumeBytesUsed"]),
            ...unit("Percent", ["BurstBalance", "CPUUtilization", "EBSByteBalance%", "EBSIOBalance%", "FreeLocalStoragePercent", "TempDbDataFileUsage", "TempDbLogFileUsage", "ACUUtilization", "BufferCacheHitRatio"]),
            ...unit("Seconds", ["CheckpointLag", "ReadLatency", "ReadLatencyLocalStorage", "ReadLatencyLogVolume", "ReplicaLag", "ReplicationChannelLag",
                "WriteLatency", "WriteLatencyLocalStorage", "WriteLatencyLogVolume", "EngineUptime"]),
            ...unit("Count", ["ConnectionAttempts", "CPUCreditUsage", "CPUCreditBalance", "CPUSurplusCreditBalance", "CPUSurplusCreditsCharged", "DatabaseConnections",
                "DiskQueueDepth", "DiskQueueDepthLogVolume", "MaximumUsedTransactionIDs"]),
            ...unit("Count/Minute", ["FailedSQLServerAgentJobsCount"]),
            ...unit("Count/Second", ["ReadIOPS", "ReadIOPSLocalStorage", "ReadIOPSLogVolume", "WriteIOPS", "WriteIOPSLocalStorage", "WriteIOPSLogVolume"]),
            ...unit("Bytes/Second", ["NetworkReceiveThroughput", "NetworkTransmitThroughput", "ReadThroughput", "ReadThroughputLocalStorage", "ReadThroughputLogVolume",
                "TransactionLogsGeneration", "WriteThroughput", "WriteThroughputLocalStorage", "WriteThroughputLogVolume"]),
            ...unit("Milliseconds", ["AuroraReplicaLag", "AuroraReplicaLagMaximum", "AuroraReplicaLagMinimum", "CommitLatency", "DDLLatency", "DMLLatency", "DeleteLatency",
                "InsertLatency", "SelectLatency", "UpdateLatency", "AuroraBinlogReplicaLag"]),
            ...Object.fromEntries(["CommitThroughput", "DDLThroughput", "DMLThroughput", "Deadlocks", "DeleteThroughput", "InsertThroughput", "LoginFailures", "Queries",
                "SelectThroughput", "UpdateThroughput", "ServerlessDatabaseCapacity", "VolumeReadIOPs", "VolumeWriteIOPs", "AuroraVolumeBytesLeftTotal", "BacktrackWindowActual",
                "DBLoad", "DBLoadCPU", "DBLoadNonCPU", "DBLoadRelativeToNumVCPUs", "ActiveTransactions", "BlockedTransactions", "RowLockTime"].map(n => [n, {}])),
        },
        dimensionSets: [[], ["DBInstanceIdentifier"], ["DBClusterIdentifier"], ["DBClusterIdentifier", "Role"], ["DatabaseClass"], ["EngineName"], ["SourceRegion"]],
        // "Amazon RDS sends metrics to CloudWatch every minute" (Enhanced Monitoring's finer OS metrics go to CloudWatch Logs, not here).
        resolutionSeconds: 60,
    },
    "AWS/ElastiCache": {
        metrics: {
            ...unit("Percent", ["CPUUtilization", "EngineCPUUtilization", "DatabaseMemoryUsagePercentage", "DatabaseMemoryUsageCountedForEvictPercentage",
                "DatabaseCapacityUsagePercentage", "DatabaseCapacityUsageCountedForEvictPercentage", "CacheHitRate"]),
            ...unit("Bytes", ["FreeableMemory", "NetworkBytesIn", "NetworkBytesOut", "SwapUsage", "BytesUsedForCache", "ReplicationBytes", "NetworkMaxBytesIn", "NetworkMaxBytesOut"]),
            ...unit("Count", ["CurrConnections", "NewConnections", "Evictions", "Reclaimed", "CurrItems", "CurrVolatileItems", "CacheHits", "CacheMisses", "KeyspaceHits",
                "KeyspaceMisses", "IsMaster", "SaveInProgress", "NetworkPacketsIn", "NetworkPacketsOut", "NetworkBandwidthInAllowanceExceeded", "NetworkBandwidthOutAllowanceExceeded",
                "NetworkConntrackAllowanceExceeded", "NetworkLinkLocalAllowanceExceeded", "NetworkPacketsPerSecondAllowanceExceeded", "NetworkMaxPacketsIn", "NetworkMaxPacketsOut",
                "AuthenticationFailures", "KeyAuthorizationFailures", "CommandAuthorizationFailures", "ChannelAuthorizationFailures", "ActiveDefragHits", "KeysTracked",
                "MasterLinkHealthStatus", "PrimaryLinkHealthStatus", "NumItemsReadFromDisk", "NumItemsWrittenToDisk", "TrafficManagementActive", "ErrorCount",
                "IamAuthenticationExpirations", "IamAuthenticationThrottling", "CPUCreditBalance", "CPUCreditUsage", "ClusterBasedCmds", "EvalBasedCmds"]),
            ...unit("Seconds", ["ReplicationLag", "GlobalDatastoreReplicationLag"]),
            ...unit("Milliseconds", ["DB0AverageTTL"]),
            MemoryFragmentationRatio: {},
            MaxReplicationThroughput: {},
        },
        // Per-command-family counts and latencies: GetTypeCmds, SetTypeCmdsLatency, HashBasedCmds …
        metricPatterns: [/^[A-Z][A-Za-z]*(TypeCmds|BasedCmds)(Latency)?$/, /^(SuccessfulReadRequestLatency|SuccessfulWriteRequestLatency|ElastiCacheProcessingUnits|ECPUs?)$/],
        dimensionSets: [["CacheClusterId"], ["CacheClusterId", "CacheNodeId"], ["ReplicationGroupId"], ["ReplicationGroupId", "Role"], ["clusterId"]],
        // "These metrics are measured and published for each Cache node in 60-second intervals."
        resolutionSeconds: 60,
    },
    "AWS/ECS": {
        metrics: {
            ...unit("Percent", ["CPUReservation", "CPUUtilization", "MemoryReservation", "MemoryUtilization", "GPUReservation", "EBSFilesystemUtilization"]),
            // Service Connect's traffic metrics (ClusterName, ServiceName, DiscoveryName …).
            ...unit("Count", ["ActiveConnectionCount", "NewConnectionCount", "RequestCount", "GrpcRequestCount", "HTTPCode_Target_2XX_Count", "HTTPCode_Target_3XX_Count",
                "HTTPCode_Target_4XX_Count", "HTTPCode_Target_5XX_Count", "RequestCountPerTarget", "ClientTLSNegotiationErrorCount", "TargetTLSNegotiationErrorCount"]),
            ...unit("Bytes", ["ProcessedBytes", "TargetProcessedBytes"]),
            ...unit("Milliseconds", ["TargetResponseTime"]),
        },
        dimensionSets: [["ClusterName"], ["ClusterName", "ServiceName"], ["ClusterName", "ServiceName", "DiscoveryName"], ["ClusterName", "ServiceName", "TargetDiscoveryName"],
            ["ClusterName", "ServiceName", "DiscoveryName", "TargetDiscoveryName"], ["ClusterName", "CapacityProviderName"]],
        // Service utilization is sent in 1-minute periods.
        resolutionSeconds: 60,
    },
    "ECS/ContainerInsights": {
        metrics: {
            ...unit("Count", ["ContainerInstanceCount", "DeploymentCount", "DesiredTaskCount", "PendingTaskCount", "RunningTaskCount", "ServiceCount", "TaskCount", "TaskSetCount",
                "RestartCount", "ContainerRestartCount"]),
            ...unit("Megabytes", ["MemoryReserved", "MemoryUtilized"]),
            ...unit("Gigabytes", ["EphemeralStorageReserved", "EphemeralStorageUtilized"]),
            ...Object.fromEntries(["CpuReserved", "CpuUtilized", "StorageReadBytes", "StorageWriteBytes", "NetworkRxBytes", "NetworkTxBytes"].map(n => [n, {}])),
            ...unit("Percent", ["TaskCpuUtilization", "TaskMemoryUtilization", "TaskEphemeralStorageUtilization", "ContainerCpuUtilization", "ContainerMemoryUtilization"]),
        },
        dimensionSets: [["ClusterName"], ["ClusterName", "ServiceName"], ["ClusterName", "TaskDefinitionFamily"], ["ClusterName", "ServiceName", "TaskDefinitionFamily"],
            ["ClusterName", "TaskId"], ["ClusterName", "ContainerInstanceId", "EC2InstanceId"], ["ClusterName", "TaskDefinitionFamily", "ContainerName"], ["ClusterName", "ServiceName", "ContainerName"]],
        resolutionSeconds: 60,
    },
    "AWS/ApplicationELB": {
        metrics: {
            ...unit("Count", ["ActiveConnectionCount", "AnomalousHostCount", "ClientTLSNegotiationErrorCount", "DesyncMitigationMode_NonCompliant_Request_Count", "DroppedInvalidHeaderRequestCount",
                "ForwardedInvalidHeaderRequestCount", "GrpcRequestCount", "HTTP_Fixed_Response_Count", "HTTP_Redirect_Count", "HTTP_Redirect_Url_Limit_Exceeded_Count",
                "HTTPCode_ELB_3XX_Count", "HTTPCode_ELB_4XX_Count", "HTTPCode_ELB_5XX_Count", "HTTPCode_ELB_500_Count", "HTTPCode_ELB_502_Count", "HTTPCode_ELB_503_Count",
                "HTTPCode_ELB_504_Count", "IPv6RequestCount", "MitigatedHostCount", "NewConnectionCount", "NonStickyRequestCount", "RejectedConnectionCount", "RequestCount",
                "RuleEvaluations", "HTTPCode_Target_2XX_Count", "HTTPCode_Target_3XX_Count", "HTTPCode_Target_4XX_Count", "HTTPCode_Target_5XX_Count", "RequestCountPerTarget",
                "TargetConnectionErrorCount", "TargetTLSNegotiationErrorCount", "ELBAuthError", "ELBAuthFailure", "ELBAuthRefreshTokenSuccess", "ELBAuthSuccess",
                "ELBAuthUserClaimsSizeExceeded", "LambdaInternalError", "LambdaUserError", "ZonalHealthStatus", "PeakLCUs", "LambdaTargetProcessedBytes"]),
            ...unit("Bytes", ["IPv6ProcessedBytes", "ProcessedBytes"]),
            ...unit("Seconds", ["TargetResponseTime"]),
            ...unit("Milliseconds", ["ELBAuthLatency"]),
            ConsumedLCUs: {},
            HealthyHostCount: { unit: "Count", dimensionSets: ALB_TARGET_SETS },
            UnHealthyHostCount: { unit: "Count", dimensionSets: ALB_TARGET_SETS },
            HealthyStateDNS: { unit: "Count", dimensionSets: ALB_TARGET_SETS },
            HealthyStateRouting: { unit: "Count", dimensionSets: ALB_TARGET_SETS },
            UnhealthyStateDNS: { unit: "Count", dimensionSets: ALB_TARGET_SETS },
            UnhealthyStateRouting: { unit: "Count", dimensionSets: ALB_TARGET_SETS },
            UnhealthyRoutingRequestCount: { unit: "Count", dimensionSets: ALB_TARGET_SETS },
        },
        dimensionSets: ELB_SETS,
        // "Elastic Load Balancing reports metrics to CloudWatch only when requests are flowing ... in 60-second intervals."
        resolutionSeconds: 60,
    },
    "CloudWatchSynthetics": {
        metrics: {
            ...unit("Percent", ["SuccessPercent"]),
            ...unit("Milliseconds", ["Duration"]),
            ...unit("Count", ["Failed", "Failed requests", "2xx", "4xx", "5xx", "VisualMonitoringSuccessPercent", "VisualMonitoringTotalComparisons"]),
        },
        dimensionSets: [["CanaryName"], ["CanaryName", "StepName"]],
        // One datapoint per run: at most once a minute, and at the canary's schedule (rate(5 minutes): every 300 s).
        resolutionSeconds: 60,
        resolutionFrom: "canarySchedule",
    },
    "AWS/S3": {
        metrics: {
            // Daily storage metrics: "reported once per day" (one datapoint a day per bucket and storage type).
            BucketSizeBytes: { unit: "Bytes", resolutionSeconds: 86400, dimensionSets: [["BucketName", "StorageType"]] },
            NumberOfObjects: { unit: "Count", resolutionSeconds: 86400, dimensionSets: [["BucketName", "StorageType"]] },
            ...unit("Bytes", ["BytesDownloaded", "BytesUploaded"]),
            ...unit("Count", ["AllRequests", "GetRequests", "PutRequests", "DeleteRequests", "HeadRequests", "PostRequests", "SelectRequests",
                "ListRequests", "4xxErrors", "5xxErrors"]),
            ...unit("Milliseconds", ["FirstByteLatency", "TotalRequestLatency"]),
            OperationsFailedReplication: { unit: "Count", regionOf: "SourceBucket" },
            OperationsPendingReplication: { unit: "Count", regionOf: "DestinationBucket" },
            BytesPendingReplication: { unit: "Bytes", regionOf: "DestinationBucket" },
            ReplicationLatency: { unit: "Seconds", regionOf: "DestinationBucket" },
            ...unit("Bytes", ["SelectBytesScanned", "SelectBytesReturned"]),
        },
        dimensionSets: [["BucketName", "StorageType"], ["BucketName", "FilterId"], ["SourceBucket", "DestinationBucket", "RuleId"]],
        // Request and replication metrics: 1-minute granularity.
        resolutionSeconds: 60,
    },
    "AWS/WAFV2": {
        metrics: unit("Count", ["AllowedRequests", "BlockedRequests", "CountedRequests", "CaptchaRequests", "RequestsWithValidCaptchaToken", "ChallengeRequests",
            "RequestsWithValidChallengeToken", "PassedRequests", "CaptchasAttempted", "CaptchasSolved", "SampleCount"]),
        dimensionSets: [["WebACL", "Region", "Rule"], ["WebACL", "Region"], ["WebACL", "Region", "RuleGroup"], ["WebACL", "Region", "RuleGroup", "Rule"],
            ["WebACL", "Region", "Rule", "LabelNamespace", "Label"], ["WebACL", "Region", "LabelNamespace", "Label"], ["Region", "Rule", "WebACL", "Country"], ["Region", "WebACL", "Country"]],
        // Reported once a minute.
        resolutionSeconds: 60,
    },
    "AWS/Billing": {
        metrics: { EstimatedCharges: { unit: "None" } },
        dimensionSets: [["Currency"], ["Currency", "ServiceName"], ["Currency", "LinkedAccount"], ["Currency", "LinkedAccount", "ServiceName"]],
        // "Calculated and sent several times daily"; AWS's billing-alarm procedure evaluates 6-hour periods.
        resolutionSeconds: 21600,
        // "Billing metric data is stored in the US East (N. Virginia) Region and represents worldwide charges."
        regions: ["us-east-1"],
    },
    "AWS/Route53": {
        metrics: {
            ...unit("Count", ["ChildHealthCheckHealthyCount", "DNSQueries"]),
            ...unit("Percent", ["HealthCheckPercentageHealthy"]),
            ...unit("Milliseconds", ["ConnectionTime", "SSLHandshakeTime", "TimeToFirstByte"]),
            HealthCheckStatus: { unit: "None" },
        },
        dimensionSets: [["HealthCheckId"], ["HealthCheckId", "Region"], ["HostedZoneId"]],
        // Health checks report their status every minute (the console graphs it "in one-minute intervals").
        resolutionSeconds: 60,
        // Health-check and hosted-zone metrics exist only in US East (N. Virginia): the Route 53 console
        // tells you to select that region to see them, wherever the endpoint is.
        regions: ["us-east-1"],
    },
    "AWS/CloudFront": {
        metrics: {
            ...unit("None", ["Requests", "BytesDownloaded", "BytesUploaded"]),
            ...unit("Percent", ["TotalErrorRate", "4xxErrorRate", "5xxErrorRate", "401ErrorRate", "403ErrorRate", "404ErrorRate", "502ErrorRate", "503ErrorRate", "504ErrorRate", "CacheHitRate"]),
            ...unit("Milliseconds", ["OriginLatency", "FunctionExecutionTime"]),
            ...unit("None", ["FunctionInvocations", "FunctionValidationErrors", "FunctionExecutionErrors", "FunctionThrottles", "FunctionComputeUtilization"]),
        },
        // Region is always "Global".
        dimensionSets: [["DistributionId", "Region"], ["FunctionName", "Region"], ["FunctionName", "DistributionId", "Region"]],
        resolutionSeconds: 60,
        // "To get CloudFront metrics from the CloudWatch API, you must use the US East (N. Virginia) Region."
        regions: ["us-east-1"],
    },
};

/**
 * What one I/O of an RDS volume takes in normal operation, in seconds, by storage type, as AWS
 * states it (Amazon RDS User Guide, "Amazon RDS DB instance storage"; Amazon EBS volume types):
 * General Purpose SSD (gp2, gp3) and Provisioned IOPS io1 deliver single-digit millisecond
 * latency, io2 Block Express sub-millisecond. Magnetic storage states none.
 *
 * RDS publishes its I/O latencies (ReadLatency, WriteLatency …) in Seconds, and latencies are
 * thought of in milliseconds: a threshold written in milliseconds lands a thousand times too high.
 * An average I/O a thousand times slower than the documented one (10 s per I/O on gp3) is no
 * degradation an alarm could warn of: every query reading the disk stalls beyond any request's
 * deadline first. So a latency threshold must lie below the documented latency scaled by the
 * unit step the published unit invites (1000: milliseconds written as seconds).
 */
export const RDS_STORAGE_LATENCY_SECONDS: Readonly<Record<string, number>> = { gp2: 0.01, gp3: 0.01, io1: 0.01, io2: 0.001 };

/** The factor between the unit latencies are thought in (milliseconds) and the one RDS publishes them in (seconds). */
export const MILLISECONDS_PER_SECOND = 1000;

/** RDS metrics that are the latency of one I/O of the instance's storage volume, in seconds (bounded by RDS_STORAGE_LATENCY_SECONDS; local-storage latencies are of another device). */
export const RDS_IO_LATENCY_METRICS: readonly string[] = ["ReadLatency", "WriteLatency"];
