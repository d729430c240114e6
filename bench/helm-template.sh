#!/bin/sh
# The helm program that `npm run bench` times: `helm template` of a chart once per environment, in sequence, each
# into its own file, as a Helm user's deploy step would run it.
# Usage: helm-template.sh <helm> <chart> <values folder, with <environment>.yaml> <output folder> <environment>...
set -eu
helm=$1 chart=$2 values=$3 out=$4
shift 4
mkdir -p "$out"
for environment in "$@"; do
  "$helm" template "$environment" "$chart" -f "$values/$environment.yaml" > "$out/$environment.yaml"
done
