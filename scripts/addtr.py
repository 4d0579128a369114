#!/usr/bin/env python3
"""Add English/Spanish strings to assets/translations: addtr.py FILE.json
where FILE.json is {"English key": "Spanish text", ...}. A counted string
(lang.N) gives its plural forms instead: {"{{.N}} kits": {"en": {"one":
"{{.N}} kit", "other": "{{.N}} kits"}, "es": {"one": "{{.N}} kit", "many":
"{{.N}} kits", "other": "{{.N}} kits"}}}. Keeps the files' one-space indent
and sorted keys."""
import json, sys
new = json.load(open(sys.argv[1]))
for lang in ("en", "es"):
    p = "assets/translations/%s.json" % lang
    d = json.load(open(p))
    for k, v in new.items():
        if isinstance(v, dict):
            d[k] = v[lang]
        else:
            d[k] = k if lang == "en" else v
    with open(p, "w") as f:
        json.dump(d, f, ensure_ascii=False, indent=1, sort_keys=True)
        f.write("\n")
