#!/usr/bin/env bash
# The WebGPU measurement on a lent GPU machine (README, "WebGPU on a real GPU"): run from the
# repository root there after `bash scripts/gpu-bundle.sh` here, carrying .gpu and .gl (the Vulkan
# and GL loaders as .deb files, device tool README). Writes to $OUT: the engine's bench through
# WebGPU (Dawn) and on the same machine's CPU (wasm, beside it: one core of sixteen), and each
# lecture preset with its shipped teacher on both. Every step has its own time limit, so what
# finished comes back even if a later step does not.
cd "$(dirname "$0")/.."
source scripts/gpu-setup.sh

presets=${PRESETS:-low-data paper-mnist omitted-class sevens-eights three-percent sweep dark-matrix}
experiments() {  # $1 = backend
  for p in $presets; do
    timeout 90 .gpu/run experiment --preset "$p" --seed 1 --backend "$1" 2>&1 | quiet
  done
}
bench="--budget-ms ${BUDGET_MS:-500} --repeat ${REPEAT:-3}"
# The CPU's share, beside the GPU's (wasm is one thread; the GPU's process keeps its own core).
( timeout 300 .gpu/run bench --backends wasm --no-forms --no-presets $bench > "$out/wasm-models.md" 2> "$out/wasm-models.err"
  experiments wasm > "$out/wasm-presets.txt" ) &

echo "== webgpu: a first check"
timeout 60 .gpu/run experiment --preset tiny-student --seed 1 --backend webgpu 2>&1 | tail -5
echo "== webgpu: models"
timeout 200 .gpu/run bench --backends webgpu --no-forms --no-presets $bench > "$out/webgpu-models.md" 2> "$out/webgpu-models.err"
tail -3 "$out/webgpu-models.err"
echo "== webgpu: presets"
experiments webgpu > "$out/webgpu-presets.txt"
grep ' · ' "$out/webgpu-presets.txt"
echo "== webgpu: forms"
timeout 80 .gpu/run bench --backends webgpu --no-models --no-presets $bench > "$out/webgpu-forms.md" 2>&1
wait
echo "== wasm presets"
grep ' · ' "$out/wasm-presets.txt"
