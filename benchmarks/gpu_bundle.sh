#!/usr/bin/env bash
# Build .gpu-bundle/ (git-ignored) for benchmarks/gpu.py on a lent GPU machine, which has no network:
#   wheels/  CTranslate2 (the version installed here) and platformdirs, for CPython 3.12 on x86-64
#            (the image has torch, transformers, sentencepiece, numpy, regex, protobuf; not these).
#            Not nvidia-cublas-cu12: its wheel is 554 MB, over the 64 MiB a call carries; gpu.py names
#            the image's cuBLAS 13 libcublas.so.12 instead (see its docstring).
#   data/    newstest2019's German side (../shared/data does not travel).
#   twin/    the twin's subword models, so the twin built there tokenizes as the one here.
# Run in the checkout the device tool sends (the repository root), then carry .gpu-bundle:
#   bash benchmarks/gpu_bundle.sh
#   run: python3 benchmarks/gpu.py --device cuda --out $OUT     (carry: [".gpu-bundle"])
# Environment: PYTHON (default: python3), SHARED_DATA (default: ../shared/data), TWIN (default:
# benchmarks/out/opus-mt-de-en-twin; built with make_twin_model.py when missing).
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
SHARED_DATA=${SHARED_DATA:-../shared/data}
TWIN=${TWIN:-benchmarks/out/opus-mt-de-en-twin}
B=.gpu-bundle
rm -rf "$B"
mkdir -p "$B/wheels" "$B/data" "$B/twin"
ct2=$("$PYTHON" -c 'import importlib.metadata as m; print(m.version("ctranslate2"))')
"$PYTHON" -m pip download -q --no-deps --only-binary=:all: --python-version 3.12 --implementation cp \
    --platform manylinux_2_28_x86_64 --platform manylinux_2_27_x86_64 --platform manylinux_2_17_x86_64 \
    --platform manylinux2014_x86_64 -d "$B/wheels" "ctranslate2==$ct2" "platformdirs>=4"
cp "$SHARED_DATA/parallel/newstest2019.de" "$B/data/"
if [ ! -f "$TWIN/source.spm" ]; then
    "$PYTHON" benchmarks/make_twin_model.py "$TWIN"
fi
cp "$TWIN/source.spm" "$TWIN/target.spm" "$B/twin/"
size=$(du -sm "$B" | cut -f1)
echo "$B: ${size} MiB ($(ls "$B/wheels" | tr '\n' ' '))"
if [ "$size" -gt 56 ]; then
    echo "warning: with the working tree this may exceed the 64 MiB a device call carries" >&2
fi
