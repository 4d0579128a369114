# Front Desk: build, run, test, benchmark and package.
# `make run` and `make test` install missing Debian/Ubuntu packages first.

GO        ?= go
FYNE_TOOL ?= fyne.io/tools/cmd/fyne@v1.7.4
FUZZTIME  ?= 5s
# 1: without PostgreSQL (pg_virtualenv) the store tests' server half is
# skipped with a message; CI sets 0, so there it must run
PGTEST_OPTIONAL ?= 1
BIN       := $(CURDIR)/bin
DIST      := $(CURDIR)/dist

.PHONY: help deps run build ctl test unit fuzz bench soak soak-server check-workbook package windows clean

help:
	@echo "make run      install missing packages, build and start Front Desk"
	@echo "make test     install missing packages, then the whole test suite"
	@echo "make bench    benchmarks at 100k participants / 1M check-ins -> BENCHMARKS.md"
	@echo "make soak     kills, a busy minute with a 150,000-row import, restore and backup kills; then make soak-server -> RELIABILITY.md"
	@echo "make soak-server  8 desk processes on one PostgreSQL server, one killed, the server stopped 30 s -> RELIABILITY.md"
	@echo "make check-workbook  open the report and roster workbooks with LibreOffice and check them (installs it)"
	@echo "make package  Linux package with the fyne tool, in dist/"
	@echo "make windows  cross-build frontdesk.exe (MinGW-w64)"

deps:
	@scripts/deps.sh

build: deps
	$(GO) build -o $(BIN)/frontdesk ./cmd/frontdesk
	CGO_ENABLED=0 $(GO) build -o $(BIN)/frontdeskctl ./cmd/frontdeskctl

run: build
	$(BIN)/frontdesk

test: deps
	$(GO) vet ./...
	CGO_ENABLED=0 FRONTDESK_REQUIRE_TOOLS=1 $(GO) test -count=1 -timeout 20m ./app/... ./data/... ./cmd/frontdeskctl/...
	PGTEST_OPTIONAL=$(PGTEST_OPTIONAL) scripts/pgtest.sh env CGO_ENABLED=0 FRONTDESK_REQUIRE_TOOLS=1 $(GO) test -count=1 -timeout 30m ./app/... ./data/... ./cmd/frontdeskctl/... ./cmd/soak/
	$(GO) build -o $(BIN)/frontdesk ./cmd/frontdesk
	FRONTDESK_REQUIRE_TOOLS=1 $(GO) test -count=1 -timeout 10m ./cmd/frontdesk/
	$(MAKE) --no-print-directory fuzz

# A short pass of every fuzz test (the seed corpus runs in `go test` too);
# see scripts/fuzz.sh.
fuzz:
	@GO="$(GO)" FUZZTIME=$(FUZZTIME) scripts/fuzz.sh

bench: deps
	scripts/bench.sh

# Not part of `make test` (a few minutes): many frontdeskctl processes on one
# database, killed and crowded (cmd/soak); prints and records in
# RELIABILITY.md the confirmed check-ins lost, the commands failed and the
# p99 of the write-lock holds. SOAK_FLAGS="-duration 20s -import-rows 20000"
# makes a quicker run.
soak:
	CGO_ENABLED=0 $(GO) run ./cmd/soak -out RELIABILITY.md $(SOAK_FLAGS)
	$(MAKE) --no-print-directory soak-server

# Not part of `make test` (about 3 minutes): cmd/soak -server on a throwaway
# PostgreSQL 15 (scripts/pgtest.sh; skipped with a message without
# pg_virtualenv): 8 desk processes (data.OpenDesk) scanning for 90 s, one
# killed with SIGKILL at 30 s and started again, the server stopped
# (pg_ctlcluster … stop -m fast) from 20 s to 50 s; prints and records in
# RELIABILITY.md the confirmed check-ins lost, doubled, left unsent and the
# failures. SOAK_SERVER_FLAGS="-desks 16 -duration 2m" changes it (go run
# ./cmd/soak -h lists the flags). make test's server half runs a short one.
# The server gets a port away from 5432 and up, which another throwaway
# server started meanwhile would take while this one is stopped.
soak-server:
	PGPORT=$$((5600 + $$$$ % 400)) PGTEST_OPTIONAL=$(PGTEST_OPTIONAL) scripts/pgtest.sh env CGO_ENABLED=0 $(GO) run ./cmd/soak -server -duration 90s -out RELIABILITY.md $(SOAK_SERVER_FLAGS)

# Not part of `make test`: installs LibreOffice Calc, then has it open the
# director report and follow-up roster workbooks and checks what it shows
# (scripts/check-workbook.sh).
check-workbook:
	scripts/check-workbook.sh

package: deps
	GOBIN=$(BIN) $(GO) install $(FYNE_TOOL)
	mkdir -p $(DIST)
	cd cmd/frontdesk && $(BIN)/fyne package --os linux --release --icon ../../assets/icon.png --app-id org.frontdesk.app --name "Front Desk" --app-version "$$(sed -n 's/^Version *= *"\(.*\)"/\1/p' ../../FyneApp.toml)"
	mv cmd/frontdesk/*.tar.xz $(DIST)/
	@ls -l $(DIST)

windows:
	@scripts/deps.sh --windows
	GOOS=windows GOARCH=amd64 CGO_ENABLED=1 CC=x86_64-w64-mingw32-gcc $(GO) build -ldflags "-H=windowsgui" -o $(DIST)/frontdesk.exe ./cmd/frontdesk
	GOOS=windows GOARCH=amd64 CGO_ENABLED=0 $(GO) build -o $(DIST)/frontdeskctl.exe ./cmd/frontdeskctl
	@ls -l $(DIST)/*.exe

clean:
	rm -rf $(BIN) $(DIST)
