#!/bin/sh
# A short pass of every fuzz test in the project (`make fuzz`; the seed
# corpora also run in `go test`). A run that saved a failing input under
# testdata/fuzz/ fails at once and prints it. A run that failed without
# saving one (the fuzzing engine's own trouble on a busy machine, such as a
# worker it lost) is printed and run once more, and fails only if it fails
# again.
set -eu
go=${GO:-go}
fuzztime=${FUZZTIME:-5s}
log=$(mktemp)
trap 'rm -f "$log"' EXIT
for f in $(grep -rl --include='*_test.go' '^func Fuzz' app data cmd); do
	dir=$(dirname "$f")
	for fn in $(sed -n 's/^func \(Fuzz[A-Za-z0-9_]*\).*/\1/p' "$f"); do
		echo "fuzz ./$dir $fn"
		corpus=$dir/testdata/fuzz/$fn
		before=$(ls "$corpus" 2>/dev/null | wc -l)
		if CGO_ENABLED=0 $go test -run '^$' -fuzz "^$fn\$" -fuzztime "$fuzztime" "./$dir" >"$log" 2>&1; then
			continue
		fi
		cat "$log"
		after=$(ls "$corpus" 2>/dev/null | wc -l)
		if [ "$after" -gt "$before" ]; then
			echo "fuzz: $fn found a failing input, saved in $corpus"
			exit 1
		fi
		echo "fuzz: $fn stopped without a failing input; running it once more"
		CGO_ENABLED=0 $go test -run '^$' -fuzz "^$fn\$" -fuzztime "$fuzztime" "./$dir"
	done
done
