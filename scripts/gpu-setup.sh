# Sourced by the scripts run on a lent GPU machine (gpu-measure.sh, gpu-full-scale.sh), from the repository root:
# the Vulkan and GL loaders (.gl/*.deb, device tool README), the packed command line (.gpu, gpu-bundle.sh),
# the NVIDIA Vulkan driver, and a note of the machine in $out/machine.txt.
out=${OUT:-/tmp/gpu-out}
mkdir -p "$out"
if [ -z "${KEEP_ROOT:-}" ]; then for f in .gl/*.deb; do dpkg -x "$f" /; done; ldconfig; fi  # KEEP_ROOT=1: a trial here
bash .gpu/unpack.sh
driver=/usr/local/nvidia/share/vulkan/icd.d/nvidia_icd.json
[ -f $driver ] && export VK_DRIVER_FILES=$driver
{ nvidia-smi -L; nproc; /tmp/node --version; ldconfig -p | grep -c libvulkan; } > "$out/machine.txt" 2>&1
cat "$out/machine.txt"
# TF.js's banner about its Node backend, left out of the logs.
quiet() { grep -v -e '^====' -e 'Hi, looks like' -e 'tfjs-node'; }
