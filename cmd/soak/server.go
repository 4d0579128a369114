package main

// The server soak (soak -server): many desks of one center server
// (PostgreSQL), each a real process of its own (this program run as
// "soak desk": data.OpenDesk + app.Service, as the app opens a desk of a
// server), scanning cards from a list and appending each check-in to its
// log as soon as it is confirmed. Desks go in pairs over the same cards in
// the same order, so most cards are scanned at two desks at once. Mid-run
// one desk is killed with SIGKILL (and started again on its local copy),
// and the server is stopped for a while and started again: the desks keep
// checking people in on their local copies meanwhile and send their queues
// once it answers. At the end:
//
//   - lost: a card a desk logged as checked in that has no active
//     check-in on the server;
//   - doubled: check-ins on the server beyond one per person (the soak
//     undoes nothing, so every check-in row of the event counts);
//   - undelivered: rows left unsent in a desk's local queue;
//   - failed: scans that returned an error or were refused, and desks
//     that exited non-zero (the killed one aside).
//
// A card checked in at two desks is one check-in on the server (the rules
// keep the server's), which is not a double.

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"flag"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"time"

	"frontdesk/app"
	"frontdesk/data"

	_ "github.com/jackc/pgx/v5/stdlib"
)

// serverOptions are the settings of the server soak.
type serverOptions struct {
	url          string // a server URL whose user may create databases
	desks        int
	participants int
	duration     time.Duration // from the moment every desk is ready
	pace         time.Duration // each desk's pause between scans
	outageAt     time.Duration // when the server is stopped (0: never)
	outage       time.Duration // for how long
	killAt       time.Duration // when desk 1 is killed (0: never)
	stopCmd      string        // stops the server
	startCmd     string        // starts it again

	// set by the package's test: the URL the desks reach the soak's
	// database by (nil: its own), and how the server is taken away and
	// given back (nil: stopCmd and startCmd)
	deskURL     func(db string) string
	stop, start func() error
}

// serverFlags registers the server soak's flags on fs.
func serverFlags(fs *flag.FlagSet) *serverOptions {
	o := &serverOptions{}
	cluster := ""
	if os.Getenv("PG_CLUSTER_CONF_ROOT") != "" { // inside pg_virtualenv
		cluster = "pg_ctlcluster " + envOr("PGVERSION", "15") + " regress"
	}
	fs.StringVar(&o.url, "pg", os.Getenv("FRONTDESK_TEST_PG"), "with -server: a postgres:// URL whose user may create databases (default $FRONTDESK_TEST_PG, set by scripts/pgtest.sh)")
	fs.IntVar(&o.desks, "desks", 8, "with -server: desk processes")
	fs.IntVar(&o.participants, "participants", 12000, "with -server: participants of the demo database")
	fs.DurationVar(&o.pace, "pace", 20*time.Millisecond, "with -server: each desk's pause between scans")
	fs.DurationVar(&o.outageAt, "outage-at", 20*time.Second, "with -server: when the server is stopped (0: never)")
	fs.DurationVar(&o.outage, "outage", 30*time.Second, "with -server: how long the server stays stopped")
	fs.DurationVar(&o.killAt, "kill-at", 30*time.Second, "with -server: when desk 1 is killed with SIGKILL and started again (0: never)")
	fs.StringVar(&o.stopCmd, "stop-server", strings.TrimSpace(cluster+" stop -m fast"), "with -server: the command that stops the server (default inside pg_virtualenv: pg_ctlcluster VERSION regress stop -m fast)")
	fs.StringVar(&o.startCmd, "start-server", strings.TrimSpace(cluster+" start"), "with -server: the command that starts it again")
	return o
}

func envOr(name, def string) string {
	if v := os.Getenv(name); v != "" {
		return v
	}
	return def
}

// serverDesk is one running desk process of the server soak.
type serverDesk struct {
	n       int // 1…desks
	dir     string
	codes   string // its list of cards
	log     string // its confirmed check-ins
	cmd     *exec.Cmd
	stdin   interface{ Close() error }
	ready   chan struct{}
	exited  chan struct{}
	final   string // its last line: "done …"
	errs    strings.Builder
	killed  bool
	exitErr error
}

// serverResult is what a server soak found.
type serverResult struct {
	desks, killed            int
	confirmed, offline       int // check-ins logged (lines), of them made offline
	cards                    int // distinct cards confirmed
	lost, doubled            int
	undelivered, failed      int
	byClientID, keptServer   int // offline check-ins on the server by their own id, or kept as another desk's
	serverRows               int
	p50, p99, offP50, offP99 time.Duration
	scansPerSec              float64
	outage                   string
	restarted                time.Time       // when the server answered again
	backOnline               []time.Duration // per desk: from then to its first check-in on the server
	failures                 []string
	took                     time.Duration
}

// serverSoak runs the server soak and prints (and with out records) its
// figures; it returns whether every target was met.
func (s *soak) serverSoak(o *serverOptions, out string) bool {
	if o.url == "" || !data.IsServer(o.url) {
		check(errors.New("-server needs a postgres:// URL whose user may create databases: -pg URL or $FRONTDESK_TEST_PG (scripts/pgtest.sh sets it)"))
	}
	if o.outageAt > 0 && o.outage > 0 && o.stop == nil && (o.stopCmd == "" || o.startCmd == "") {
		check(errors.New("-server with an outage needs -stop-server and -start-server (set by default inside pg_virtualenv), or -outage-at 0"))
	}
	// the desks' anchors of the throwaway server's chain stay in the
	// working folder, not in the user's configuration folder
	check(os.Setenv(data.EnvCenterDir, filepath.Join(s.dir, "centers")))
	admin, err := sql.Open("pgx", o.url)
	check(err)
	defer admin.Close()
	name := fmt.Sprintf("frontdesk_soak_%d", os.Getpid())
	_, err = admin.Exec(`CREATE DATABASE ` + name + ` TEMPLATE template0 ENCODING 'UTF8'`)
	check(err)
	defer admin.Exec(`DROP DATABASE IF EXISTS ` + name + ` WITH (FORCE)`)
	u, err := url.Parse(o.url)
	check(err)
	u.Path = "/" + name
	s.db = u.String()
	fmt.Printf("server soak: %d desks for %v on %s, %d participants\n", o.desks, o.duration, data.RedactURL(s.db), o.participants)
	s.setup(o.participants)
	deskDB := s.db
	if o.deskURL != nil {
		deskDB = o.deskURL(s.db)
	}
	if o.stop == nil {
		o.stop = func() error { return shell(o.stopCmd) }
	}
	if o.start == nil {
		o.start = func() error { return shell(o.startCmd) }
	}
	self, err := os.Executable()
	check(err)

	// pairs of desks share a list: the same cards in the same order
	pairs := (o.desks + 1) / 2
	per := len(s.codes) / pairs
	desks := make([]*serverDesk, o.desks)
	for i := range desks {
		p := i / 2
		d := &serverDesk{n: i + 1, dir: filepath.Join(s.dir, fmt.Sprintf("desk-%d", i+1)),
			codes: filepath.Join(s.dir, fmt.Sprintf("codes-%d.txt", p+1)), log: filepath.Join(s.dir, fmt.Sprintf("desk-%d.log", i+1))}
		check(os.WriteFile(d.codes, []byte(strings.Join(s.codes[p*per:(p+1)*per], "\n")+"\n"), 0o600))
		desks[i] = d
	}
	for _, d := range desks {
		d.start(self, deskDB, s.event, o.pace)
	}
	for _, d := range desks {
		select {
		case <-d.ready:
		case <-d.exited:
			check(fmt.Errorf("desk %d stopped before it was ready: %v: %s", d.n, d.exitErr, d.errs.String()))
		case <-time.After(5 * time.Minute):
			check(fmt.Errorf("desk %d was not ready after 5 minutes: %s", d.n, d.errs.String()))
		}
	}
	fmt.Println("every desk ready: scanning")
	res := serverResult{desks: o.desks, outage: "none"}
	began := time.Now()
	var wg sync.WaitGroup
	if o.outageAt > 0 && o.outage > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(o.outageAt)
			t := time.Now()
			fmt.Printf("  %v: stopping the server %s\n", time.Since(began).Round(time.Second), o.stopCmd)
			if err := o.stop(); err != nil {
				res.failures = append(res.failures, "stopping the server: "+err.Error())
			}
			time.Sleep(o.outage)
			fmt.Printf("  %v: starting the server %s\n", time.Since(began).Round(time.Second), o.startCmd)
			// another server may hold the port a while (pg_ctlcluster
			// refuses to start then): try again for a minute
			for try := 1; ; try++ {
				err := o.start()
				if err == nil {
					break
				}
				if try == 20 {
					check(fmt.Errorf("starting the server again: %v", err))
				}
				fmt.Printf("  could not start the server (%v); trying again in 3 s\n", err)
				time.Sleep(3 * time.Second)
			}
			res.restarted = time.Now()
			res.outage = fmt.Sprintf("%v from %v", time.Since(t).Round(100*time.Millisecond), o.outageAt)
		}()
	}
	if o.killAt > 0 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			time.Sleep(o.killAt)
			d := desks[0]
			fmt.Printf("  %v: SIGKILL to desk %d, started again 1 s later on its local copy\n", time.Since(began).Round(time.Second), d.n)
			d.cmd.Process.Signal(syscall.SIGKILL)
			<-d.exited
			res.killed++
			time.Sleep(time.Second)
			nd := &serverDesk{n: d.n, dir: d.dir, codes: d.codes, log: d.log}
			nd.start(self, deskDB, s.event, o.pace)
			desks[0] = nd
		}()
	}
	time.Sleep(o.duration)
	wg.Wait()
	scanning := time.Since(began)
	fmt.Printf("  %v: stopping the desks; each sends what waits and exits\n", scanning.Round(time.Second))
	for _, d := range desks {
		d.stdin.Close()
	}
	for _, d := range desks {
		select {
		case <-d.exited:
		case <-time.After(3 * time.Minute):
			d.cmd.Process.Signal(syscall.SIGKILL)
			<-d.exited
			res.failures = append(res.failures, fmt.Sprintf("desk %d did not finish within 3 minutes of being stopped", d.n))
		}
		if d.exitErr != nil {
			res.failures = append(res.failures, fmt.Sprintf("desk %d: %v: %s", d.n, d.exitErr, lastLines(d.errs.String(), 3)))
		}
		if n := scanErrors(d.final); n > 0 {
			res.failed += n
			res.failures = append(res.failures, fmt.Sprintf("desk %d: %d scans failed: %s", d.n, n, lastLines(d.errs.String(), 3)))
		}
	}
	res.took = scanning
	s.verifyServer(desks, &res)
	res.failed += len(res.failures) - res.failed // every failure counted once
	s.printServer(o, &res)
	if out != "" {
		check(s.recordServer(out, o, &res))
	}
	return res.lost == 0 && res.doubled == 0 && res.undelivered == 0 && res.failed == 0
}

// start runs the desk process.
func (d *serverDesk) start(self, db, event string, pace time.Duration) {
	d.ready, d.exited = make(chan struct{}), make(chan struct{})
	d.cmd = exec.Command(self, "desk", "-db", db, "-event", event, "-dir", d.dir, "-codes", d.codes, "-log", d.log,
		"-name", fmt.Sprintf("Desk %d", d.n), "-pace", pace.String())
	in, err := d.cmd.StdinPipe()
	check(err)
	d.stdin = in
	stdout, err := d.cmd.StdoutPipe()
	check(err)
	d.cmd.Stderr = &d.errs
	check(d.cmd.Start())
	go func() {
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := sc.Text()
			switch {
			case line == "ready":
				close(d.ready)
			case strings.HasPrefix(line, "done "):
				d.final = line
			}
		}
		err := d.cmd.Wait()
		if ws, ok := d.cmd.ProcessState.Sys().(syscall.WaitStatus); ok && ws.Signaled() && ws.Signal() == syscall.SIGKILL {
			d.killed = true
		} else {
			d.exitErr = err
		}
		close(d.exited)
	}()
}

// scanErrors reads failed=N from a desk's last line.
func scanErrors(final string) int {
	for _, f := range strings.Fields(final) {
		if v, ok := strings.CutPrefix(f, "failed="); ok {
			n, _ := strconv.Atoi(v)
			return n
		}
	}
	return 0
}

func lastLines(s string, n int) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return strings.Join(lines[max(0, len(lines)-n):], " | ")
}

func shell(command string) error {
	cmd := exec.Command("sh", "-c", command)
	out, err := cmd.CombinedOutput()
	if err != nil {
		return fmt.Errorf("%s: %v: %s", command, err, strings.TrimSpace(string(out)))
	}
	return nil
}

// verifyServer reads the desks' logs and local queues and the server's
// check-ins, and counts what was lost, doubled and left unsent.
func (s *soak) verifyServer(desks []*serverDesk, res *serverResult) {
	db, err := sql.Open("pgx", s.db)
	check(err)
	defer db.Close()
	active := map[string]bool{} // card code → an active check-in for the event
	rows, err := db.Query(`SELECT p.code FROM checkins c JOIN participant_rows p ON p.id = c.participant_id WHERE c.event_id = $1 AND c.undone_at IS NULL`, s.event)
	check(err)
	for rows.Next() {
		var code string
		check(rows.Scan(&code))
		active[code] = true
	}
	check(rows.Err())
	rows.Close()
	var people int
	check(db.QueryRow(`SELECT count(*), count(DISTINCT participant_id) FROM checkins WHERE event_id = $1`, s.event).Scan(&res.serverRows, &people))
	res.doubled = res.serverRows - people
	clientIDs := map[string]bool{}
	rows, err = db.Query(`SELECT client_id FROM checkins WHERE event_id = $1 AND client_id IS NOT NULL`, s.event)
	check(err)
	for rows.Next() {
		var id string
		check(rows.Scan(&id))
		clientIDs[id] = true
	}
	check(rows.Err())
	rows.Close()

	cards := map[string]bool{}
	var online, offline []time.Duration
	for _, d := range desks {
		f, err := os.Open(d.log)
		if os.IsNotExist(err) {
			continue
		}
		check(err)
		sc := bufio.NewScanner(f)
		backSeen := false
		for sc.Scan() {
			// OUTCOME CODE CHECKIN_ID CLIENT_ID|- MICROSECONDS UNIX_MS
			fs := strings.Fields(sc.Text())
			if len(fs) != deskLogFields {
				continue // a line cut by the kill: never confirmed
			}
			res.confirmed++
			cards[fs[1]] = true
			if !active[fs[1]] {
				res.lost++
				if res.lost <= 5 {
					res.failures = append(res.failures, fmt.Sprintf("lost: desk %d confirmed %s (%s)", d.n, fs[1], strings.Join(fs, " ")))
				}
			}
			us, _ := strconv.ParseInt(fs[4], 10, 64)
			took := time.Duration(us) * time.Microsecond
			if fs[3] == "-" {
				online = append(online, took)
				ms, _ := strconv.ParseInt(fs[5], 10, 64)
				if at := time.UnixMilli(ms); !res.restarted.IsZero() && at.After(res.restarted) && !backSeen {
					backSeen = true
					res.backOnline = append(res.backOnline, at.Sub(res.restarted))
				}
				continue
			}
			offline = append(offline, took)
			res.offline++
			if fs[0] == "ok" {
				if clientIDs[fs[3]] {
					res.byClientID++
				} else if active[fs[1]] {
					res.keptServer++
				}
			}
		}
		check(sc.Err())
		f.Close()
		res.undelivered += unsent(d.dir)
	}
	res.cards = len(cards)
	res.p50, res.p99 = quantileOf(online, 0.5), quantileOf(online, 0.99)
	res.offP50, res.offP99 = quantileOf(offline, 0.5), quantileOf(offline, 0.99)
	res.scansPerSec = float64(res.confirmed) / res.took.Seconds()
}

// unsent counts the rows of a desk's local queue (every copy in its
// folder) not sent to the server.
func unsent(dir string) int {
	files, _ := filepath.Glob(filepath.Join(dir, "copy-*.db"))
	n := 0
	for _, f := range files {
		db, err := sql.Open("sqlite", f+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)")
		check(err)
		var k int
		if err := db.QueryRow(`SELECT count(*) FROM desk_queue WHERE sent_at IS NULL`).Scan(&k); err != nil {
			check(fmt.Errorf("%s: %v", f, err))
		}
		db.Close()
		n += k
	}
	return n
}

// quantileOf is the q-quantile of ds (sorted here).
func quantileOf(ds []time.Duration, q float64) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	slices.Sort(ds)
	return ds[int(q*float64(len(ds)-1)+0.5)]
}

func (s *soak) printServer(o *serverOptions, r *serverResult) {
	fmt.Println()
	fmt.Printf("confirmed check-ins:   %d (%d cards; %d made offline)\n", r.confirmed, r.cards, r.offline)
	fmt.Printf("confirmed lost:        %d\n", r.lost)
	fmt.Printf("doubled:               %d (%d check-in rows on the server for the event)\n", r.doubled, r.serverRows)
	fmt.Printf("left in desks' queues: %d\n", r.undelivered)
	fmt.Printf("failures:              %d\n", r.failed)
	for _, f := range r.failures {
		fmt.Println("  failure:", f)
	}
	fmt.Printf("offline check-ins on the server by their own id: %d; kept as another desk's: %d\n", r.byClientID, r.keptServer)
	if b := backOnline(r); b != "" {
		fmt.Println(b)
	}
	fmt.Printf("scan → confirmed: online p50 %v p99 %v; offline p50 %v p99 %v; %.0f confirmed a second\n",
		r.p50.Round(time.Microsecond), r.p99.Round(time.Microsecond), r.offP50.Round(time.Microsecond), r.offP99.Round(time.Microsecond), r.scansPerSec)
	// one line for scripts (scripts/bench.sh reads it)
	fmt.Printf("server-soak: desks=%d seconds=%.0f confirmed=%d cards=%d offline=%d lost=%d doubled=%d undelivered=%d failed=%d killed=%d p50-us=%d p99-us=%d per-s=%.0f\n",
		r.desks, r.took.Seconds(), r.confirmed, r.cards, r.offline, r.lost, r.doubled, r.undelivered, r.failed, r.killed,
		r.p50.Microseconds(), r.p99.Microseconds(), r.scansPerSec)
}

// backOnline says how long after the server answered again the desks
// made their first check-in on it (their queues sent by then), or "".
func backOnline(r *serverResult) string {
	if r.restarted.IsZero() {
		return ""
	}
	if len(r.backOnline) == 0 {
		return "no desk checked anyone in on the server after it answered again"
	}
	slices.Sort(r.backOnline)
	return fmt.Sprintf("desks back online (queue sent, first check-in on the server) %v to %v after the server answered again (%d of %d desks before the end)",
		r.backOnline[0].Round(100*time.Millisecond), r.backOnline[len(r.backOnline)-1].Round(100*time.Millisecond), len(r.backOnline), r.desks)
}

// recordServer writes the server soak's figures into the Markdown file
// name, between their own markers.
func (s *soak) recordServer(name string, o *serverOptions, r *serverResult) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Last run: %s, %d CPUs (load average %s at the start, %s at the end): %d desk processes for %v (pause %v between scans), %d participants; PostgreSQL 15 over loopback (pg_virtualenv).\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), runtime.NumCPU(), s.loadStart, loadAvg(), r.desks, r.took.Round(time.Second), o.pace, o.participants)
	fmt.Fprintln(&b, "| figure | result | target |")
	fmt.Fprintln(&b, "|---|---|---|")
	fmt.Fprintf(&b, "| confirmed check-ins lost | %d of %d (%d cards, %d confirmed offline) | 0 |\n", r.lost, r.confirmed, r.cards, r.offline)
	fmt.Fprintf(&b, "| doubled on the server | %d (%d check-ins of the event) | 0 |\n", r.doubled, r.serverRows)
	fmt.Fprintf(&b, "| left unsent in a desk's queue | %d | 0 |\n", r.undelivered)
	fmt.Fprintf(&b, "| failures | %d | 0 |\n\n", r.failed)
	fmt.Fprintf(&b, "- server stopped: %s (`%s`, then `%s`); desks killed with SIGKILL: %d (started again on their local copy)\n", r.outage, o.stopCmd, o.startCmd, r.killed)
	fmt.Fprintf(&b, "- offline check-ins on the server by their own id: %d; kept as another desk's check-in of the same card: %d\n", r.byClientID, r.keptServer)
	if s := backOnline(r); s != "" {
		fmt.Fprintf(&b, "- %s\n", s)
	}
	fmt.Fprintf(&b, "- scan → confirmed: online p50 %v, p99 %v; offline p50 %v, p99 %v; %.0f confirmed a second\n",
		r.p50.Round(time.Microsecond), r.p99.Round(time.Microsecond), r.offP50.Round(time.Microsecond), r.offP99.Round(time.Microsecond), r.scansPerSec)
	for _, f := range r.failures {
		fmt.Fprintf(&b, "- failure: `%s`\n", strings.ReplaceAll(f, "`", "'"))
	}
	return replaceSection(name, "<!-- soak-server:begin -->", "<!-- soak-server:end -->", b.String())
}

// runDesk is one desk of the server soak ("soak desk …", started by
// serverSoak): a desk of the center server opened as the app opens one
// (data.OpenDesk: the server while it answers, its local copy while it
// does not), scanning the cards of its list in order with app.Service. It
// appends each confirmed check-in to its log as soon as ScanCheckIn
// returns, "OUTCOME CODE CHECKIN_ID CLIENT_ID|- MICROSECONDS UNIX_MS", and skips
// the cards its log already holds (when started again after a kill); at
// the end of its list it starts over (each card then "already" in). It
// prints "ready" once its local copy exists; when its stdin closes it
// stops scanning, waits until its queue is sent, prints "done …" and exits.
func runDesk(args []string) {
	fs := flag.NewFlagSet("desk", flag.ExitOnError)
	db := fs.String("db", "", "the center server's URL")
	event := fs.Int64("event", 0, "event id")
	dir := fs.String("dir", "", "the desk's local copy folder")
	codesFile := fs.String("codes", "", "cards to scan, one a line")
	logFile := fs.String("log", "", "confirmed check-ins are appended here")
	name := fs.String("name", "Desk", "the desk's name")
	pace := fs.Duration("pace", 0, "pause between scans")
	drain := fs.Duration("drain", 2*time.Minute, "how long to wait for the queue to be sent at the end")
	fs.Parse(args)
	ctx := app.WithActor(context.Background(), app.LocalOperator)
	// as the app opens one (its retry and refresh intervals too)
	d, err := data.OpenDesk(ctx, *db, data.DeskOptions{Dir: *dir, Desk: func() string { return *name },
		Store: data.Options{MaxWait: -1}})
	check(err)
	defer d.Close()
	for d.LocalCopy() == "" {
		if err := d.Refresh(ctx); err != nil {
			fmt.Fprintln(os.Stderr, "desk: local copy:", err)
			time.Sleep(time.Second)
		}
	}
	svc := app.NewService(d, time.Now)
	check(svc.SetDesk(*name))
	raw, err := os.ReadFile(*codesFile)
	check(err)
	done := map[string]bool{}
	if old, err := os.ReadFile(*logFile); err == nil {
		for _, line := range strings.Split(string(old), "\n") {
			if f := strings.Fields(line); len(f) == deskLogFields {
				done[f[1]] = true
			}
		}
	}
	logf, err := os.OpenFile(*logFile, os.O_WRONLY|os.O_CREATE|os.O_APPEND, 0o600)
	check(err)
	stop := make(chan struct{})
	go func() { // stdin closed: stop
		bufio.NewReader(os.Stdin).ReadString(0)
		close(stop)
	}()
	fmt.Println("ready")
	ev, err := svc.Event(ctx, *event)
	check(err)
	target := app.Target{SiteID: ev.SiteID, EventID: ev.ID}
	scans, failed := 0, 0
	codes := strings.Fields(string(raw))
scanning:
	for i := 0; ; {
		select {
		case <-stop:
			break scanning
		default:
		}
		if i == len(codes) { // round again: the cards are checked in already
			i, done = 0, nil
		}
		code := codes[i]
		if done[code] {
			i++
			continue
		}
		t0 := time.Now()
		r, err := svc.ScanCheckIn(ctx, target, code)
		took := time.Since(t0)
		switch {
		case err != nil:
			failed++
			fmt.Fprintf(os.Stderr, "desk: scan %s: %v\n", code, err)
			time.Sleep(100 * time.Millisecond)
			continue // the card is scanned again
		case r.Outcome.Recorded() || r.Outcome == app.OutcomeAlready:
			client := r.CheckIn.ClientID
			if client == "" {
				client = "-"
			}
			_, err := fmt.Fprintf(logf, "%s %s %d %s %d %d\n", outcomeWord(r.Outcome), code, r.CheckIn.ID, client, took.Microseconds(), time.Now().UnixMilli())
			check(err)
			scans++
		default:
			failed++
			fmt.Fprintf(os.Stderr, "desk: scan %s refused: %s (%s)\n", code, r.Outcome, r.Message)
		}
		i++
		time.Sleep(*pace)
	}
	// send what waits
	deadline := time.Now().Add(*drain)
	for {
		st := d.Status()
		if !st.Offline && st.Waiting == 0 {
			break
		}
		if time.Now().After(deadline) {
			fmt.Printf("done scans=%d failed=%d waiting=%d offline=%v\n", scans, failed, st.Waiting, st.Offline)
			os.Exit(3)
		}
		time.Sleep(200 * time.Millisecond)
	}
	// a group being sent when Status said nothing waits is finished by
	// Close's wait for the background loop
	check(d.Close())
	fmt.Printf("done scans=%d failed=%d conflicts=%d\n", scans, failed, len(d.Status().Conflicts))
}

// deskLogFields is the number of fields of a line of a desk's log.
const deskLogFields = 6

// outcomeWord is how a desk's log names an outcome: ok (recorded) or
// already.
func outcomeWord(o app.Outcome) string {
	if o.Recorded() {
		return "ok"
	}
	return "already"
}
