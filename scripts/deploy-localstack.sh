#!/usr/bin/env bash
# `npm run deploy:localstack`: the same two stacks as `npx cdk deploy`, deployed to LocalStack with cdklocal.
# Needs LocalStack running (docker compose -f compose.localstack.yaml up -d, with LOCALSTACK_AUTH_TOKEN set).
# Extra arguments go to `cdklocal deploy` (e.g. -c smsOriginationIdentity=…).
set -euo pipefail
cd "$(dirname "$0")/.."

export AWS_ENDPOINT_URL="${AWS_ENDPOINT_URL:-http://localhost.localstack.cloud:4566}"
# cdklocal uploads the assets through this one (virtual-host style S3 under the same port).
export AWS_ENDPOINT_URL_S3="${AWS_ENDPOINT_URL_S3:-http://s3.localhost.localstack.cloud:4566}"
# LocalStack accepts any credentials; its account is 000000000000.
export AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}"
export AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
export AWS_REGION="${AWS_REGION:-us-east-1}"
export CDK_DEFAULT_ACCOUNT="${CDK_DEFAULT_ACCOUNT:-000000000000}"
export CDK_DEFAULT_REGION="$AWS_REGION"

if ! curl --silent --fail --max-time 5 "$AWS_ENDPOINT_URL/_localstack/health" > /dev/null; then
  echo "LocalStack does not answer at $AWS_ENDPOINT_URL." >&2
  echo "Start it with: LOCALSTACK_AUTH_TOKEN=<your token> docker compose -f compose.localstack.yaml up -d" >&2
  exit 1
fi

# A throw-away deployment (-c dev=true): its tables, key and bucket go with the stacks.
npx cdklocal bootstrap -c dev=true
npx cdklocal deploy --all --require-approval never -c dev=true "$@"
