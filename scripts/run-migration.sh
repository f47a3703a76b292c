#!/usr/bin/env bash
# Runs the Django migrations of a backend task definition as a one-off Fargate task, waits for
# it to stop and fails when the migration failed, so `pulumi up` stops before the backend
# service rolls to the new revision (the service depends on the command that runs this).
#
# Called by components/operations/Migration.ts (a @pulumi/command local.Command) on create and
# update, from the project directory. Every input comes from the environment and none is a
# secret: the task reads its database credentials from Secrets Manager itself.
#
#   TASK_DEFINITION    ARN of the task definition revision to migrate with
#   CLUSTER            ECS cluster name
#   SUBNETS            comma-separated private subnet ids (the task gets no public IP)
#   SECURITY_GROUPS    comma-separated security group ids
#   CONTAINER          container to run the command in
#   COMMAND_JSON       the command, as a JSON array of strings
#   LOG_GROUP          the container's CloudWatch log group
#   LOG_STREAM_PREFIX  the container's awslogs stream prefix
#   AWS_REGION         region of the cluster
#   TIMEOUT_MINUTES    how long to wait for the task to stop (default 30)
#
# Exit codes: 0 migrated; 1 the migration failed, could not start or timed out; 2 bad input.
set -euo pipefail

for name in TASK_DEFINITION CLUSTER SUBNETS SECURITY_GROUPS CONTAINER COMMAND_JSON LOG_GROUP LOG_STREAM_PREFIX AWS_REGION; do
    if [ -z "${!name:-}" ]; then
        echo "run-migration: ${name} is not set" >&2
        exit 2
    fi
done
# The container name is spliced into JSON and a JMESPath filter below: keep it to ECS's own charset.
if [[ ! "${CONTAINER}" =~ ^[A-Za-z0-9_-]+$ ]]; then
    echo "run-migration: CONTAINER must match [A-Za-z0-9_-]+, got '${CONTAINER}'" >&2
    exit 2
fi
timeout_minutes="${TIMEOUT_MINUTES:-30}"
if [[ ! "${timeout_minutes}" =~ ^[1-9][0-9]*$ ]]; then
    echo "run-migration: TIMEOUT_MINUTES must be a positive whole number, got '${timeout_minutes}'" >&2
    exit 2
fi
export AWS_PAGER=""

fail() {
    echo "run-migration: FAILED: $1" >&2
    if [ -n "${stream:-}" ]; then
        echo "run-migration: read the migration's output with:" >&2
        echo "  aws logs tail ${LOG_GROUP} --log-stream-names ${stream} --region ${AWS_REGION} --since 1h" >&2
    fi
    exit 1
}

overrides=$(printf '{"containerOverrides":[{"name":"%s","command":%s}]}' "${CONTAINER}" "${COMMAND_JSON}")
network="awsvpcConfiguration={subnets=[${SUBNETS}],securityGroups=[${SECURITY_GROUPS}],assignPublicIp=DISABLED}"

echo "run-migration: running ${COMMAND_JSON} in container ${CONTAINER} of ${TASK_DEFINITION} on cluster ${CLUSTER} (${AWS_REGION})"
started=$(aws ecs run-task \
    --region "${AWS_REGION}" \
    --cluster "${CLUSTER}" \
    --task-definition "${TASK_DEFINITION}" \
    --launch-type FARGATE \
    --count 1 \
    --started-by pulumi-migration \
    --propagate-tags TASK_DEFINITION \
    --network-configuration "${network}" \
    --overrides "${overrides}" \
    --query '[tasks[0].taskArn, failures[0].reason]' \
    --output text) || fail "aws ecs run-task was refused (see the error above)"
task_arn=${started%%$'\t'*}
if [ -z "${task_arn}" ] || [ "${task_arn}" = "None" ]; then
    fail "ECS did not start the task: ${started#*$'\t'}"
fi

stream="${LOG_STREAM_PREFIX}/${CONTAINER}/${task_arn##*/}"
echo "run-migration: task ${task_arn} started"
echo "run-migration: logs: log group ${LOG_GROUP}, stream ${stream}"
echo "  aws logs tail ${LOG_GROUP} --log-stream-names ${stream} --region ${AWS_REGION} --follow"

# One waiter round polls for up to 10 minutes; a round that fails early (throttling, a
# network error) counts as a round too, so the loop always ends.
rounds=$(( (timeout_minutes + 9) / 10 ))
stopped=false
for _ in $(seq 1 "${rounds}"); do
    if aws ecs wait tasks-stopped --region "${AWS_REGION}" --cluster "${CLUSTER}" --tasks "${task_arn}"; then
        stopped=true
        break
    fi
done
if [ "${stopped}" != true ]; then
    aws ecs stop-task --region "${AWS_REGION}" --cluster "${CLUSTER}" --task "${task_arn}" \
        --reason "migration did not finish within ${timeout_minutes} minutes" >/dev/null || true
    fail "the task did not stop within ${timeout_minutes} minutes; it was asked to stop"
fi

result=$(aws ecs describe-tasks \
    --region "${AWS_REGION}" \
    --cluster "${CLUSTER}" \
    --tasks "${task_arn}" \
    --query "tasks[0].[stopCode, containers[?name=='${CONTAINER}'] | [0].exitCode, stoppedReason]" \
    --output text) || fail "aws ecs describe-tasks was refused (see the error above)"
IFS=$'\t' read -r stop_code exit_code reason <<<"${result}"

# A migration that ran to its end stops the task with EssentialContainerExited; anything else
# (TaskFailedToStart, UserInitiated, SpotInterruption…) means it did not run to its end.
if [ "${stop_code}" != "EssentialContainerExited" ]; then
    fail "the task stopped with ${stop_code}: ${reason}"
fi
if [ "${exit_code}" != "0" ]; then
    fail "the migration exited with code ${exit_code}"
fi
echo "run-migration: migrations applied (exit code 0)"
