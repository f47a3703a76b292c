/**
 * Every policy of the pack, in the order docs/policies.md lists them. index.ts serves this list;
 * tests and the documentation check read it too, so a policy cannot be added without both.
 */
import { albAccessLogs } from "./alb/accessLogs";
import { albDeletionProtection } from "./alb/deletionProtection";
import { albDropInvalidHeaders } from "./alb/dropInvalidHeaders";
import { albHttpListenerRules } from "./alb/httpListenerRules";
import { albHttpRedirect } from "./alb/httpRedirect";
import { albListenerHeaders } from "./alb/responseHeaders";
import { albTlsPolicy } from "./alb/tlsPolicy";
import { albCertificateCoversNames } from "./alb/certificateNames";
import { edgeServesApplication } from "./alb/applicationServed";
import { albCertificateIssuance } from "./alb/certificateIssuance";
import { albWafAssociated } from "./alb/waf";
import { configRecorder } from "./awsconfig/recorder";
import { costMonthlyBudget } from "./cost/monthlyBudget";
import { costCeilingBudget } from "./cost/ceilingBudget";
import { costSignals } from "./cost/costSignals";
import { cloudtrailBucketNotPublic } from "./cloudtrail/bucketNotPublic";
import { cloudtrailPresent } from "./cloudtrail/present";
import { cloudtrailTrailSettings } from "./cloudtrail/trail";
import { cloudwatchAlarmActions } from "./cloudwatch/alarmActions";
import { cloudwatchAlarmsCanFire } from "./cloudwatch/alarmsCanFire";
import { cloudwatchCisMonitoring } from "./cloudwatch/cisMonitoring";
import { cloudwatchDatabaseConnectionsAlarm } from "./cloudwatch/databaseConnectionsAlarm";
import { cloudwatchLogGroupsWritten } from "./cloudwatch/logGroupsWritten";
import { cloudwatchLogRetention } from "./cloudwatch/logRetention";
import { cloudwatchEventArchiveRetention } from "./cloudwatch/eventArchiveRetention";
import { cloudwatchMetricFiltersMatch } from "./cloudwatch/metricFilters";
import { monitoringSignalsDelivered } from "./cloudwatch/signalsDelivered";
import { cloudwatchServiceCpuAlarm } from "./cloudwatch/serviceCpuAlarm";
import { drProdBackupCopy } from "./dr/backupCopy";
import { drDatabaseReplica } from "./dr/databaseReplica";
import { backupRestoreTested } from "./backup/restoreTesting";
import { guideNamesPresent } from "./guide/names";
import { drDnsFailoverHealthChecked } from "./dr/failoverRecord";
import { drDnsFailoverHealthCanFail } from "./dr/failoverHealth";
import { drDnsNamesFailOver } from "./dr/failoverNames";
import { drFencedRegionClosed } from "./dr/fence";
import { drReplicaLagAlarm } from "./dr/replicaLagAlarm";
import { drFailoverDependenciesReplicated } from "./dr/failoverDependencies";
import { drRunsProdRelease } from "./dr/prodRelease";
import { drProdInterface } from "./dr/prodInterface";
import { ecrImmutableTags } from "./ecr/immutableTags";
import { ecrScanOnPush } from "./ecr/scanOnPush";
import { backupPlanRetention } from "./backup/retention";
import { backupVaultLock } from "./backup/vaultLock";
import { backupJobsRun } from "./backup/jobsRun";
import { ecsCircuitBreaker } from "./ecs/circuitBreaker";
import { ecsRolloutSafety } from "./ecs/rolloutSafety";
import { ecsCodeDeployRollback } from "./ecs/codeDeployRollback";
import { ecsServingCapacity } from "./ecs/servingCapacity";
import { ecsScalingCeilings } from "./ecs/scalingCeilings";
import { ecsMigrationGate } from "./ecs/migrationGate";
import { ecsContainerInsights } from "./ecs/containerInsights";
import { ecsContainerLogging } from "./ecs/logging";
import { ecsNoPrivilegedContainers } from "./ecs/privileged";
import { ecsNoPublicIp } from "./ecs/publicIp";
import { ecsReadOnlyRootFilesystem } from "./ecs/readOnlyRoot";
import { ecsNoSecretsInEnvironment } from "./ecs/secretsInEnvironment";
import { lambdaRuntimeSupported } from "./lambda/runtime";
import { elasticacheAuth } from "./elasticache/auth";
import { elasticacheEncryptionAtRest, elasticacheEncryptionInTransit } from "./elasticache/encryption";
import { elasticacheAutomaticFailover } from "./elasticache/failover";
import { elasticacheMemoryPolicy } from "./elasticache/memory";
import { elasticacheAutoMinorVersionUpgrade } from "./elasticache/autoMinorVersionUpgrade";
import { guarddutyEnabled } from "./guardduty/enabled";
import { guarddutyFindingsNotSuppressed } from "./guardduty/findingsNotSuppressed";
import { pathsVerified } from "./paths/policy";
import { iamNoBroadGrants } from "./iam/broadGrants";
import { iamApplicationReach } from "./iam/applicationReach";
import { iamTrustPolicy } from "./iam/trustPolicy";
import { iamResourcePolicyPrincipals } from "./iam/resourcePolicies";
import { iamNoUsers } from "./iam/users";
import { iamHumanRoles } from "./iam/humanRoles";
import { iamRunbookAccess } from "./iam/runbookAccess";
import { iamPasswordPolicy } from "./iam/passwordPolicy";
import { kmsDataKeyDeletionWindow, kmsDeletionWindow } from "./kms/deletionWindow";
import { ownershipDnsTargets } from "./ownership/dnsTargets";
import { ownershipReferences } from "./ownership/references";
import { kmsKeyInDataRegion } from "./kms/keyRegion";
import { kmsKeyRotation } from "./kms/rotation";
import { kmsKeyEnabled } from "./kms/enabled";
import { kmsKeysHeld } from "./kms/keysHeld";
import { GuardPolicy, stateDrift } from "./lib/define";
import { sgDataStoresNoInternetEgress } from "./network/dataEgress";
import { sgWorkloadEgressScoped } from "./network/workloadEgress";
import { sgDataPortsFromGroups } from "./network/dataPorts";
import { sgNoOpenIngress } from "./network/openIngress";
import { sgAppPortsFromLoadBalancer } from "./network/taskIngress";
import { networkDataStoresNotExposed } from "./network/dataExposure";
import { networkNoForeignNetworks } from "./network/foreignNetworks";
import { dataResourcesProtected } from "./protection/dataResources";
import { scaledPropertiesIgnored } from "./protection/scaledProperties";
import { rdsAutoMinorVersionUpgrade } from "./rds/autoMinorVersionUpgrade";
import { rdsBackupRetention } from "./rds/backupRetention";
import { rdsCopyTagsToSnapshot } from "./rds/copyTagsToSnapshot";
import { rdsDeletionProtection } from "./rds/deletionProtection";
import { rdsParametersDurable } from "./rds/durableParameters";
import { rdsEngineSupported } from "./rds/engineSupported";
import { rdsEnhancedMonitoring } from "./rds/enhancedMonitoring";
import { rdsForceSsl } from "./rds/forceSsl";
import { rdsIamAuthentication } from "./rds/iamAuthentication";
import { rdsKeepAutomatedBackups } from "./rds/keepAutomatedBackups";
import { rdsLogExports } from "./rds/logExports";
import { rdsLogExportsRead } from "./rds/logExportsRead";
import { rdsManagedPassword } from "./rds/managedPassword";
import { rdsMultiAz } from "./rds/multiAz";
import { rdsNotPublic } from "./rds/notPublic";
import { rdsParameterGroupSettings } from "./rds/parameterGroup";
import { rdsParametersFitInstance } from "./rds/parametersFitInstance";
import { rdsPerformanceInsightsEncrypted } from "./rds/performanceInsights";
import { rdsReplicaMatchesSource } from "./rds/replicaSource";
import { rdsReplicaStorage } from "./rds/replicaStorage";
import { rdsStorageAutoscaling } from "./rds/storageAutoscaling";
import { rdsStorageEncrypted } from "./rds/storageEncrypted";
import { s3BucketEncryption } from "./s3/encryption";
import { dataExportDestination } from "./s3/exportDestination";
import { s3PublicAccessBlock } from "./s3/publicAccessBlock";
import { s3AclsDisabled } from "./s3/aclsDisabled";
import { s3GrowthBounded } from "./s3/growth";
import { s3LifecycleKeepsCurrent } from "./s3/lifecycle";
import { s3StaticReplication } from "./s3/replication";
import { s3ReplicationComplete } from "./s3/replicationRules";
import { s3TlsOnly } from "./s3/tlsOnly";
import { s3Versioning } from "./s3/versioning";
import { secretsKnownValues } from "./secrets/knownValues";
import { secretsPlainValues } from "./secrets/plainValues";
import { secretsRotation } from "./secrets/rotation";
import { secretsCredentialPairs } from "./secrets/credentialPairs";
import { snsTopicEncrypted } from "./sns/encryption";
import { syntheticsCanary } from "./synthetics/canary";
import { tagsRequired } from "./tags/required";
import { cloudtrailCloudWatchLogs } from "./cloudtrail/cloudwatchLogs";
import { cloudtrailManagementEvents } from "./cloudtrail/managementEvents";
import { ecrLifecyclePolicy } from "./ecr/lifecycle";
import { ecrRegistryScanning } from "./ecr/registryScanning";
import { ecsFargatePlatformVersion } from "./ecs/platformVersion";
import { guarddutyProtections } from "./guardduty/protections";
import { vpcDefaultSecurityGroupClosed } from "./vpc/defaultSecurityGroup";
import { vpcFlowLogs } from "./vpc/flowLogs";
import { vpcNoPublicIpOnLaunch } from "./vpc/publicIpOnLaunch";
import { vpcEgressPaths } from "./vpc/egress";
import { vpcInternetSubnetsEdgeOnly } from "./vpc/internetSubnets";
import { vpcNoElasticIpOnInstances } from "./vpc/elasticIp";
import { wafLogging } from "./waf/logging";
import { wafRulesEnforced } from "./waf/enforced";
import { dataEncryptedAtRest } from "./generic/atRest";
import { dataBackupsRetained } from "./generic/backups";
import { dataDeletionProtection } from "./generic/deletionProtection";
import { dataWindowsOffPeak } from "./generic/offPeakWindows";
import { dataModificationsInWindow } from "./generic/modificationsInWindow";
import { networkEncryptedInTransit } from "./generic/inTransit";
import { dataNoDebugMode } from "./generic/debugMode";
import { ecsSecretAudience } from "./ecs/secretAudience";
import { ecsTaskSizing } from "./ecs/taskSizing";
import { ecsContainerStart } from "./ecs/containerStart";
import { loggingEnabled } from "./generic/logging";
import { networkNotPublic } from "./generic/notPublic";
import { dataResidency } from "./generic/residency";

export const policies: GuardPolicy[] = [
    rdsBackupRetention, rdsStorageEncrypted, rdsNotPublic, rdsDeletionProtection, rdsMultiAz, rdsManagedPassword,
    rdsPerformanceInsightsEncrypted, rdsLogExports, rdsLogExportsRead, rdsAutoMinorVersionUpgrade, rdsCopyTagsToSnapshot, rdsParameterGroupSettings, rdsParametersFitInstance, rdsParametersDurable, rdsReplicaStorage, rdsReplicaMatchesSource, rdsStorageAutoscaling,
    rdsForceSsl, rdsIamAuthentication, rdsEngineSupported, rdsKeepAutomatedBackups, rdsEnhancedMonitoring,
    s3BucketEncryption, s3PublicAccessBlock, s3AclsDisabled, s3TlsOnly, s3Versioning, s3StaticReplication,
    s3ReplicationComplete, s3LifecycleKeepsCurrent, s3GrowthBounded, dataExportDestination,
    cloudtrailTrailSettings, cloudtrailPresent, cloudtrailBucketNotPublic, cloudtrailManagementEvents, cloudtrailCloudWatchLogs,
    guarddutyEnabled, guarddutyProtections, guarddutyFindingsNotSuppressed,
    configRecorder,
    kmsKeyRotation, kmsKeyEnabled, kmsDeletionWindow, kmsDataKeyDeletionWindow, kmsKeysHeld,
    kmsKeyInDataRegion, dataResidency,
    ecsNoPrivilegedContainers, ecsContainerLogging, ecsNoSecretsInEnvironment, ecsNoPublicIp, ecsCircuitBreaker,
    ecsContainerInsights, ecsReadOnlyRootFilesystem, ecsFargatePlatformVersion,
    ecsCodeDeployRollback, ecsServingCapacity, ecsScalingCeilings, ecsMigrationGate, ecsSecretAudience, ecsTaskSizing, ecsRolloutSafety, ecsContainerStart,
    lambdaRuntimeSupported,
    secretsPlainValues, secretsKnownValues, secretsRotation, secretsCredentialPairs,
    albHttpRedirect, albHttpListenerRules, albTlsPolicy, albCertificateCoversNames, edgeServesApplication, albCertificateIssuance, albDropInvalidHeaders, albListenerHeaders, albAccessLogs, albDeletionProtection, albWafAssociated,
    wafRulesEnforced, wafLogging,
    sgNoOpenIngress, sgAppPortsFromLoadBalancer, sgDataPortsFromGroups, sgDataStoresNoInternetEgress, sgWorkloadEgressScoped, networkDataStoresNotExposed, networkNoForeignNetworks,
    vpcFlowLogs, vpcDefaultSecurityGroupClosed, vpcNoPublicIpOnLaunch, vpcInternetSubnetsEdgeOnly, vpcEgressPaths, vpcNoElasticIpOnInstances,
    elasticacheEncryptionAtRest, elasticacheEncryptionInTransit, elasticacheAuth, elasticacheAutomaticFailover, elasticacheAutoMinorVersionUpgrade, elasticacheMemoryPolicy,
    snsTopicEncrypted,
    cloudwatchLogRetention, cloudwatchEventArchiveRetention, cloudwatchLogGroupsWritten, cloudwatchAlarmActions, cloudwatchServiceCpuAlarm, cloudwatchDatabaseConnectionsAlarm, cloudwatchAlarmsCanFire,
    cloudwatchMetricFiltersMatch, cloudwatchCisMonitoring, monitoringSignalsDelivered, syntheticsCanary,
    ecrScanOnPush, ecrRegistryScanning, ecrImmutableTags, ecrLifecyclePolicy,
    iamNoBroadGrants, iamApplicationReach, iamTrustPolicy, iamNoUsers, iamHumanRoles, iamRunbookAccess, iamPasswordPolicy, iamResourcePolicyPrincipals, ownershipReferences, ownershipDnsTargets,
    tagsRequired,
    dataResourcesProtected, scaledPropertiesIgnored,
    drProdBackupCopy, drDatabaseReplica, drDnsFailoverHealthChecked, drDnsFailoverHealthCanFail, drDnsNamesFailOver, drFencedRegionClosed, drReplicaLagAlarm, drFailoverDependenciesReplicated, drRunsProdRelease, drProdInterface,
    dataEncryptedAtRest, networkEncryptedInTransit, networkNotPublic, dataBackupsRetained, dataDeletionProtection, dataWindowsOffPeak, dataModificationsInWindow, loggingEnabled,
    dataNoDebugMode,
    pathsVerified,
    backupPlanRetention, backupVaultLock, backupJobsRun, backupRestoreTested,
    costMonthlyBudget, costCeilingBudget, costSignals,
    guideNamesPresent,
    // Last: it runs the resource policies above on the deployed state.
    stateDrift(),
];
