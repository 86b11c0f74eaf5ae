#!/usr/bin/env bash
# Makes the PDF export's fonts (worker/lib/export/fonts/*.ttf) from the dejavu-fonts-ttf package:
# DejaVu Serif in four styles and DejaVu Sans Mono, cut to the scripts and symbols a report is
# likely to hold (Latin with every extension, Greek, Cyrillic, punctuation, currency, arrows, math)
# and stripped of hinting. 750 KB instead of 2.1 MB, so they can travel in the worker bundle.
# The output is committed; run this again only to change the ranges or the DejaVu version.
# Needs fontTools (Debian: apt-get install python3-fonttools).
set -euo pipefail
cd "$(dirname "$0")/../.."
src=node_modules/dejavu-fonts-ttf/ttf
out=worker/lib/export/fonts
ranges="U+0020-007E,U+00A0-024F,U+02B0-036F,U+0370-03FF,U+0400-052F,U+1E00-1FFF,U+2000-206F,U+2070-209F,U+20A0-20CF,U+2100-218F,U+2190-21FF,U+2200-22FF,U+2300-23FF,U+25A0-25FF,U+2600-26FF,U+FB00-FB06,U+FFFD"
mkdir -p "$out"
for font in DejaVuSerif DejaVuSerif-Bold DejaVuSerif-Italic DejaVuSerif-BoldItalic DejaVuSansMono; do
  /usr/bin/python3 -m fontTools.subset "$src/$font.ttf" --unicodes="$ranges" --no-hinting --layout-features='*' --output-file="$out/$font.ttf"
done
cp "$src/../LICENSE" "$out/LICENSE"
ls -l "$out"
