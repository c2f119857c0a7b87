#!/bin/bash
# Submits the sweep as a job array and the merge as a job that starts when every shard succeeded.
# Usage: examples/cluster/slurm/submit.sh   (REPLAY, RESULTS and SEEDS pass through to the jobs)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
sweep=$(sbatch --parsable --export=ALL "$here/sweep.sbatch")
merge=$(sbatch --parsable --export=ALL --dependency=afterok:"$sweep" "$here/merge.sbatch")
echo "sweep $sweep, merge $merge"
