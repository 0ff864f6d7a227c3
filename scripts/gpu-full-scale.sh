#!/usr/bin/env bash
# The full-scale presets (784-800-800-10 students, the shipped 784-1200-1200-10 teacher) through WebGPU on a
# lent GPU machine, one seed at a time (runs sharing the GPU were slower in all than one after another),
# each seed's output in $OUT; after `SIDES="14 28" bash scripts/gpu-bundle.sh` here. RUNS="preset:seed …"
# and STOP_AFTER (seconds: no run starts later) choose what fits the machine's time.
cd "$(dirname "$0")/.."
source scripts/gpu-setup.sh
start=$SECONDS
for run in ${RUNS:-paper-full:1 paper-full:2 paper-full:3 omitted-full:4}; do
  preset=${run%:*} seed=${run#*:}
  if (( SECONDS - start > ${STOP_AFTER:-300} )); then echo "$run: not started (time)"; continue; fi
  timeout "${RUN_LIMIT:-150}" .gpu/run experiment --preset "$preset" --seed "$seed" --backend webgpu --progress > "$out/$preset-$seed.txt" 2>&1
  echo "$run: exit $? after $((SECONDS - start)) s"
  quiet < "$out/$preset-$seed.txt" | tail -8
done
