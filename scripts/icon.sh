#!/bin/sh
# Redraws assets/icon.png (512x512) with ImageMagick: a desk-blue rounded
# tile with a white check mark and "FD".
set -eu
cd "$(dirname "$0")/.."
convert -size 512x512 xc:none \
	-fill '#1f4e79' -draw 'roundrectangle 16,16 496,496 96,96' \
	-stroke white -strokewidth 44 -fill none -draw 'stroke-linejoin round stroke-linecap round polyline 140,220 225,305 380,130' \
	-stroke none -fill white -font DejaVu-Sans-Bold -pointsize 96 -gravity south -annotate +0+40 'FD' \
	assets/icon.png
