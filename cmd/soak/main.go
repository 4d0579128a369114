// Command soak puts one Front Desk database through what a busy center and
// an unlucky day do to it, with real frontdeskctl processes, and reports
// three figures: confirmed check-ins lost, commands failed, and the p99 of
// how long any write transaction held the write lock (targets: 0, 0 and
// ≤ 50 ms). `make soak` runs it and records the figures in RELIABILITY.md.
//
// The steps:
//
//	a. a desk checking cards in (frontdeskctl checkin --scan -, which prints
//	   each confirmed check-in) is killed with SIGKILL mid-burst, 20 times;
//	b. for -duration (60 s): a long-running desk checking people in, loops
//	   of participant adds, kit loans and follow-up updates, export, report
//	   and backup loops, one import of -import-rows (150,000) rows, and,
//	   10 s in, a second import of everyone the set-up made (3,000) with a
//	   new ZIP, while the desk checks them in: it fails unless it updates
//	   them all and every one has the new ZIP at the end;
//	c. a restore attempted while a desk is checking people in;
//	d. a backup killed at each of its steps (FRONTDESK_CRASH_AT), after
//	   which the database must be whole and the next backup must work;
//	e. a restore killed at each of its steps, after which the database
//	   (the old one or the restored one) must open whole, and the next
//	   restore must work.
//
// A confirmed check-in is lost when the database does not have it, active,
// at the end of its step. A command fails when it exits non-zero without
// that being the point (the restore of step c is expected to be refused
// while the desk has the database open).
//
// With -server it soaks a center server (PostgreSQL) instead: many desk
// processes, one killed, the server stopped and started again (server.go).
package main

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"frontdesk/data"

	_ "modernc.org/sqlite"
)

type soak struct {
	bin, dir, db, holdLog string
	event                 string
	codes                 []string // participants' card codes
	next                  atomic.Int64
	measuring             bool   // lock holds are logged (not during set-up)
	loadStart             string // the machine's load average when the steps began

	mu       sync.Mutex
	commands int
	failed   []string // "command: exit N: message"
	lost     int
	notes    []string
}

func main() {
	if len(os.Args) > 1 && os.Args[1] == "desk" { // a desk of the server soak
		runDesk(os.Args[2:])
		return
	}
	server := flag.Bool("server", false, "soak a center server: many desk processes, one killed, the server stopped a while (see -desks and the flags marked with -server)")
	srv := serverFlags(flag.CommandLine)
	duration := flag.Duration("duration", 60*time.Second, "how long step b runs its loops (with -server: how long the desks scan)")
	importRows := flag.Int("import-rows", 150000, "rows of the import in step b")
	kills := flag.Int("kills", 20, "SIGKILLs of a check-in burst in step a")
	out := flag.String("out", "", "write the figures into this Markdown file (RELIABILITY.md)")
	keep := flag.Bool("keep", false, "keep the working folder")
	flag.Parse()

	dir, err := os.MkdirTemp("", "frontdesk-soak-")
	check(err)
	if !*keep {
		defer os.RemoveAll(dir)
	}
	s := &soak{dir: dir, db: filepath.Join(dir, "soak.db"), bin: buildCtl(dir), holdLog: filepath.Join(dir, "holds.jsonl")}
	if *server {
		s.loadStart = loadAvg()
		srv.duration = *duration
		if !s.serverSoak(srv, *out) {
			os.Exit(1)
		}
		return
	}
	s.setup(3000)
	s.measuring = true
	s.loadStart = loadAvg()

	start := time.Now()
	fmt.Println("a. kill -9 mid-burst ×", *kills)
	s.killBursts(*kills)
	fmt.Println("b. 4 writers + export + report + backup + import of", *importRows, "rows for", *duration)
	s.mix(*duration, *importRows)
	fmt.Println("c. restore while a desk is running")
	s.restoreWhileDesk()
	fmt.Println("d. a kill at every step of a backup")
	s.killBackups()
	fmt.Println("e. a kill at every step of a restore")
	s.killRestores()

	holds, byCommand := s.holds()
	fmt.Println()
	fmt.Printf("confirmed check-ins lost: %d\n", s.lost)
	fmt.Printf("commands failed:          %d of %d\n", len(s.failed), s.commands)
	fmt.Printf("lock-hold p99:            %v (%d write transactions; max %v)\n", holds.Quantile(0.99), holds.Count(), time.Duration(holds.MaxUS)*time.Microsecond)
	for _, f := range s.failed {
		fmt.Println("  failed:", f)
	}
	for _, c := range sortedKeys(byCommand) {
		s.note("lock holds of %s: %v", c, byCommand[c])
	}
	for _, n := range s.notes {
		fmt.Println("  note:", n)
	}
	if *out != "" {
		check(s.record(*out, holds, time.Since(start), *duration, *importRows, *kills))
	}
	if s.lost > 0 || len(s.failed) > 0 || holds.Quantile(0.99) > 50*time.Millisecond {
		os.Exit(1)
	}
}

// buildCtl builds frontdeskctl into dir and returns its path.
func buildCtl(dir string) string {
	bin := filepath.Join(dir, "frontdeskctl")
	build := exec.Command("go", "build", "-o", bin, "frontdesk/cmd/frontdeskctl")
	build.Env = append(os.Environ(), "CGO_ENABLED=0")
	build.Stdout, build.Stderr = os.Stderr, os.Stderr
	check(build.Run())
	return bin
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "soak:", err)
		os.Exit(2)
	}
}

func (s *soak) note(format string, args ...any) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.notes = append(s.notes, fmt.Sprintf(format, args...))
}

// holdFile is the file the lock holds of a command go to: one per command,
// so the figures say who held the lock; none during set-up.
func (s *soak) holdFile(command string) string {
	if !s.measuring {
		return ""
	}
	return s.holdLog + "." + command
}

// holds adds up the lock holds of every command, and gives them by command.
func (s *soak) holds() (data.HoldStats, map[string]data.HoldStats) {
	var total data.HoldStats
	by := map[string]data.HoldStats{}
	files, _ := filepath.Glob(s.holdLog + ".*")
	for _, f := range files {
		h, err := data.ReadHoldLog(f)
		check(err)
		by[strings.TrimPrefix(filepath.Ext(f), ".")] = h
		total.Add(h)
	}
	return total, by
}

// ctl runs frontdeskctl on the database and returns what it printed and
// its exit code; a non-zero exit counts as a failed command unless mayFail.
func (s *soak) ctl(mayFail bool, args ...string) (string, int) {
	out, _, code := s.run(mayFail, args...)
	return out, code
}

// ctlErr is ctl returning what the command said on stderr.
func (s *soak) ctlErr(mayFail bool, args ...string) (string, int) {
	_, errs, code := s.run(mayFail, args...)
	return errs, code
}

func (s *soak) run(mayFail bool, args ...string) (string, string, int) {
	cmd := exec.Command(s.bin, append(args, "--db", s.db)...)
	cmd.Env = append(os.Environ(), data.HoldLogEnv+"="+s.holdFile(args[0]))
	var out, errb strings.Builder
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		check(err)
	}
	s.mu.Lock()
	s.commands++
	if code != 0 && !mayFail {
		s.failed = append(s.failed, fmt.Sprintf("%s: exit %d: %s", strings.Join(args[:min(2, len(args))], " "), code, strings.TrimSpace(errb.String())))
	}
	s.mu.Unlock()
	return out.String(), errb.String(), code
}

func (s *soak) must(args ...string) string {
	out, code := s.ctl(false, args...)
	if code != 0 {
		check(fmt.Errorf("set-up: frontdeskctl %v failed", args))
	}
	return out
}

// setup makes the demo database: n participants, an event running now.
func (s *soak) setup(n int) {
	var sum struct{ CurrentEventID int64 }
	check(json.Unmarshal([]byte(s.must("demo", "--participants", strconv.Itoa(n), "--checkins", "10", "--json")), &sum))
	var ps []struct{ Code string }
	check(json.Unmarshal([]byte(s.must("participant", "list", "--limit", strconv.Itoa(n), "--json")), &ps))
	for _, p := range ps {
		s.codes = append(s.codes, p.Code)
	}
	s.event = strconv.FormatInt(sum.CurrentEventID, 10)
	if sum.CurrentEventID == 0 || len(s.codes) < n {
		check(fmt.Errorf("set-up: event %d, %d participants", sum.CurrentEventID, len(s.codes)))
	}
}

// desk is a running `frontdeskctl checkin --scan -`: feed it codes, it
// reports each confirmed check-in.
type desk struct {
	cmd       *exec.Cmd
	in        *bufio.Writer
	stdin     io.WriteCloser
	mu        sync.Mutex
	confirmed map[int64]bool // check-in ids it printed "ok" or "already" for
	done      chan struct{}
	errs      strings.Builder
}

func (s *soak) startDesk() *desk {
	d := &desk{cmd: exec.Command(s.bin, "checkin", "--db", s.db, "--event", s.event, "--scan", "-"), confirmed: map[int64]bool{}, done: make(chan struct{})}
	d.cmd.Env = append(os.Environ(), data.HoldLogEnv+"="+s.holdFile("desk"))
	d.stdin, _ = d.cmd.StdinPipe()
	d.in = bufio.NewWriter(d.stdin)
	stdout, _ := d.cmd.StdoutPipe()
	d.cmd.Stderr = &d.errs
	check(d.cmd.Start())
	go func() {
		defer close(d.done)
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			f := strings.Fields(sc.Text())
			if len(f) == 3 && (f[0] == "ok" || f[0] == "already") {
				id, _ := strconv.ParseInt(f[1], 10, 64)
				d.mu.Lock()
				d.confirmed[id] = true
				d.mu.Unlock()
			}
		}
	}()
	return d
}

// scan feeds the desk the next participant's code.
func (s *soak) scan(d *desk) error {
	i := s.next.Add(1) % int64(len(s.codes))
	if _, err := d.in.WriteString(s.codes[i] + "\n"); err != nil {
		return err
	}
	return d.in.Flush()
}

// finish closes the desk's input and waits for it; it returns its exit code.
func (d *desk) finish() int {
	d.stdin.Close()
	<-d.done
	err := d.cmd.Wait()
	if ee, ok := err.(*exec.ExitError); ok {
		return ee.ExitCode()
	}
	return 0
}

// missing counts the check-ins of ids that the database does not have, active.
func (s *soak) missing(ids map[int64]bool) int {
	db, err := sql.Open("sqlite", s.db+"?_pragma=busy_timeout(5000)&_pragma=query_only(1)")
	check(err)
	defer db.Close()
	n := 0
	for id := range ids {
		var active bool
		err := db.QueryRow("SELECT undone_at IS NULL FROM checkins WHERE id = ?", id).Scan(&active)
		if err != nil || !active {
			n++
		}
	}
	var ok string
	check(db.QueryRow("PRAGMA integrity_check").Scan(&ok))
	if ok != "ok" {
		s.note("integrity_check: %s", ok)
		s.mu.Lock()
		s.failed = append(s.failed, "integrity_check: "+ok)
		s.mu.Unlock()
	}
	return n
}

// a. kill -9 mid-burst.
func (s *soak) killBursts(rounds int) {
	rng := rand.New(rand.NewPCG(7, 11))
	all := map[int64]bool{}
	for r := 0; r < rounds; r++ {
		d := s.startDesk()
		stop := make(chan struct{})
		go func() {
			for {
				select {
				case <-stop:
					return
				default:
				}
				if s.scan(d) != nil {
					return
				}
			}
		}()
		// kill once it has confirmed something, 20–140 ms later
		for {
			d.mu.Lock()
			n := len(d.confirmed)
			d.mu.Unlock()
			if n > 0 {
				break
			}
			time.Sleep(5 * time.Millisecond)
		}
		time.Sleep(time.Duration(20+rng.IntN(120)) * time.Millisecond)
		d.cmd.Process.Signal(syscall.SIGKILL)
		close(stop)
		<-d.done
		d.cmd.Wait()
		for id := range d.confirmed {
			all[id] = true
		}
		s.mu.Lock()
		s.commands++
		s.mu.Unlock()
	}
	lost := s.missing(all)
	s.lost += lost
	s.note("a: %d check-ins confirmed over %d killed bursts, %d lost", len(all), rounds, lost)
}

// b. the busy day.
func (s *soak) mix(d time.Duration, importRows int) {
	// what the loops work on
	var kits []string
	for i := 0; i < 4; i++ {
		var k struct{ Tag string }
		check(json.Unmarshal([]byte(s.must("kit", "add", "--kind", "laptop", "--json")), &k))
		kits = append(kits, k.Tag)
	}
	cases := s.codes[100:104]
	for _, c := range cases {
		s.must("followup", "case", "--participant", c, "--employment-start", time.Now().AddDate(0, -1, 0).Format("2006-01-02"), "--employer", "Acme Logistics", "--wage", "18.50")
	}
	file := filepath.Join(s.dir, "import.csv")
	writeImport(file, importRows)
	refile := filepath.Join(s.dir, "reimport.csv")
	s.writeReimport(refile)

	ctx, cancel := context.WithTimeout(context.Background(), d)
	defer cancel()
	var wg sync.WaitGroup
	loop := func(name string, f func(i int)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; ctx.Err() == nil; i++ {
				f(i)
			}
		}()
	}
	// the import starts first: everything else runs while it writes
	importDone := make(chan time.Duration, 1)
	go func() {
		t := time.Now()
		s.ctl(false, "import", "participants", file)
		importDone <- time.Since(t)
	}()
	// 10 s in, everyone on file is imported again with a new ZIP, while
	// the desk checks them in (which makes some of them oriented)
	reimported := make(chan int, 1)
	go func() {
		time.Sleep(10 * time.Second)
		out, _ := s.ctl(false, "import", "participants", refile)
		n := -1
		if m := regexp.MustCompile(`(\d+) updated`).FindStringSubmatch(out); m != nil {
			n, _ = strconv.Atoi(m[1])
		}
		reimported <- n
	}()
	dk := s.startDesk()
	loop("desk", func(int) {
		if s.scan(dk) != nil {
			cancel()
		}
		time.Sleep(100 * time.Millisecond)
	})
	loop("participants", func(i int) {
		s.ctl(false, "participant", "add", "--first", "Soak", "--last", fmt.Sprintf("Writer%d", i), "--phone", fmt.Sprintf("+1310%07d", 2000000+i))
	})
	loop("loans", func(i int) {
		k := kits[i%len(kits)]
		s.ctl(false, "loan", "checkout", "--participant", s.codes[200+i%len(kits)], "--kit", k)
		s.ctl(false, "loan", "return", "--kit", k)
	})
	loop("followups", func(i int) {
		s.ctl(false, "followup", "case", "--participant", cases[i%len(cases)], "--wage", fmt.Sprintf("%d.%02d", 18+i%5, i%100))
	})
	from, to := time.Now().AddDate(0, -1, 0).Format("2006-01-02"), time.Now().AddDate(0, 1, 0).Format("2006-01-02")
	loop("export", func(i int) {
		s.ctl(false, "export", "roster", "--profile", "csv", "--out", filepath.Join(s.dir, fmt.Sprintf("export-%d", i)), "--from", from, "--to", to)
	})
	loop("report", func(int) {
		s.ctl(false, "report", "--from", from, "--to", to)
	})
	loop("backup", func(i int) {
		out := filepath.Join(s.dir, "backups", fmt.Sprintf("loop-%d.db", i))
		s.ctl(false, "backup", "--out", out)
		os.Remove(out)
		time.Sleep(time.Second)
	})
	wg.Wait()
	took := <-importDone
	code := dk.finish()
	s.mu.Lock()
	s.commands++
	if code != 0 {
		s.failed = append(s.failed, fmt.Sprintf("desk (checkin --scan -): exit %d: %s", code, strings.TrimSpace(dk.errs.String())))
	}
	s.mu.Unlock()
	lost := s.missing(dk.confirmed)
	s.lost += lost
	s.note("b: the %d-row import took %v; the desk confirmed %d check-ins, %d lost", importRows, took.Round(time.Second), len(dk.confirmed), lost)
	updated := <-reimported
	stale := s.notReimported()
	if stale > 0 || updated != len(s.codes) {
		s.mu.Lock()
		s.failed = append(s.failed, fmt.Sprintf("re-import: %d of %d updated, %d without their new ZIP afterwards", updated, len(s.codes), stale))
		s.mu.Unlock()
	}
	s.note("b: %d people imported again with a new ZIP while the desk checked them in: %d updated, %d without their new ZIP", len(s.codes), updated, stale)
}

// reimportZIP is the ZIP the re-import of step b gives everyone.
const reimportZIP = "90099"

// writeReimport writes a participants CSV of everyone the set-up made, as
// they are on file but for their ZIP.
func (s *soak) writeReimport(name string) {
	var ps []struct {
		FirstName string `json:"first_name"`
		LastName  string `json:"last_name"`
		Phone     string `json:"phone"`
	}
	check(json.Unmarshal([]byte(s.must("participant", "list", "--limit", strconv.Itoa(len(s.codes)), "--json")), &ps))
	f, err := os.Create(name)
	check(err)
	w := csv.NewWriter(f)
	w.Write([]string{"First name", "Last name", "Phone", "ZIP"})
	for _, p := range ps {
		w.Write([]string{p.FirstName, p.LastName, p.Phone, reimportZIP})
	}
	w.Flush()
	check(w.Error())
	check(f.Close())
}

// notReimported counts the people of the set-up whose ZIP is not the
// re-import's: changes the import reported made and then lost.
func (s *soak) notReimported() int {
	var ps []struct{ ZIP string }
	check(json.Unmarshal([]byte(s.must("participant", "list", "--limit", strconv.Itoa(len(s.codes)), "--json")), &ps))
	n := 0
	for _, p := range ps {
		if p.ZIP != reimportZIP {
			n++
		}
	}
	return n
}

// writeImport writes a participants CSV of n different people.
func writeImport(name string, n int) {
	f, err := os.Create(name)
	check(err)
	w := csv.NewWriter(f)
	w.Write([]string{"First name", "Last name", "Phone", "Email", "ZIP"})
	for i := 0; i < n; i++ {
		w.Write([]string{fmt.Sprintf("Imported%d", i), "Soak", fmt.Sprintf("+1818%07d", 2000000+i), fmt.Sprintf("imported%d@example.org", i), "90031"})
	}
	w.Flush()
	check(w.Error())
	check(f.Close())
}

// c. restore while a desk is running.
func (s *soak) restoreWhileDesk() {
	backup := filepath.Join(s.dir, "backups", "before-restore-test.db")
	s.must("backup", "--out", backup)
	dk := s.startDesk()
	for i := 0; i < 60; i++ {
		s.scan(dk)
		time.Sleep(10 * time.Millisecond)
	}
	said, code := s.ctlErr(true, "restore", backup)
	for i := 0; i < 60; i++ {
		s.scan(dk)
		time.Sleep(10 * time.Millisecond)
	}
	if c := dk.finish(); c != 0 {
		s.mu.Lock()
		s.failed = append(s.failed, fmt.Sprintf("desk during restore: exit %d: %s", c, strings.TrimSpace(dk.errs.String())))
		s.mu.Unlock()
	}
	lost := s.missing(dk.confirmed)
	s.lost += lost
	verdict := fmt.Sprintf("refused (exit %d: %s)", code, strings.TrimSpace(said))
	if code == 0 {
		verdict = "carried out (exit 0)"
	}
	s.note("c: restore while the desk ran was %s; the desk confirmed %d check-ins, %d lost", verdict, len(dk.confirmed), lost)
}

// backupSteps are the points of data.Store.BackupTo where FRONTDESK_CRASH_AT
// kills the process.
var backupSteps = []string{"backup.created", "backup.copied", "backup.synced", "backup.renamed"}

// d. a kill at every step of a backup.
func (s *soak) killBackups() {
	for _, step := range backupSteps {
		out := filepath.Join(s.dir, "backups", "killed-"+step+".db")
		if !s.killedAt(step, "backup", "--out", out) {
			continue
		}
		// the database is whole and usable, and the next backup works
		s.missing(nil)
		s.ctl(false, "participant", "list", "--limit", "1")
		s.ctl(false, "backup", "--out", filepath.Join(s.dir, "backups", "after-"+step+".db"))
		if info, err := os.Stat(out + ".partial"); err == nil && info.Mode().Perm()&0o077 != 0 {
			s.mu.Lock()
			s.failed = append(s.failed, fmt.Sprintf("backup killed at %s left %s readable by others (%v)", step, out+".partial", info.Mode().Perm()))
			s.mu.Unlock()
		}
	}
	s.note("d: a backup killed at each of %s; the database stayed whole and the next backup worked", strings.Join(backupSteps, ", "))
}

// killedAt runs frontdeskctl with args, set to kill itself at step
// (data.CrashAtEnv), and reports whether it was killed there; a command
// that was not is counted as failed.
func (s *soak) killedAt(step string, args ...string) bool {
	cmd := exec.Command(s.bin, append(args, "--db", s.db)...)
	cmd.Env = append(os.Environ(), data.CrashAtEnv+"="+step)
	err := cmd.Run()
	s.mu.Lock()
	defer s.mu.Unlock()
	s.commands++
	if ee, ok := err.(*exec.ExitError); !ok || ee.Sys().(syscall.WaitStatus).Signal() != syscall.SIGKILL {
		s.failed = append(s.failed, fmt.Sprintf("%s killed at %s: the kill did not happen (%v)", args[0], step, err))
		return false
	}
	return true
}

// e. a kill at every step of a restore (data.RestoreSteps). Each restore
// replaces the database with the same backup, so after each kill the
// database must open (old or restored, never none), pass its integrity and
// audit checks, and the next restore must go through.
func (s *soak) killRestores() {
	backup := filepath.Join(s.dir, "backups", "for-restore-kills.db")
	s.must("backup", "--out", backup)
	for _, step := range data.RestoreSteps {
		if !s.killedAt("restore:"+step, "restore", backup) {
			continue
		}
		s.ctl(false, "participant", "list", "--limit", "1")
		s.ctl(false, "audit", "verify")
		s.ctl(false, "restore", backup)
	}
	s.note("e: a restore killed at each of %s; the database opened whole and verified each time, and the next restore worked", strings.Join(data.RestoreSteps, ", "))
}

// record writes the run's figures into the Markdown file name, replacing
// the part between the soak markers (or adding it).
func (s *soak) record(name string, holds data.HoldStats, took, d time.Duration, rows, kills int) error {
	var b strings.Builder
	fmt.Fprintf(&b, "Last run: %s, %d CPUs (load average %s at the start, %s at the end), %v in all (`make soak`: %d kills, %v of mixed load, a %d-row import).\n\n",
		time.Now().UTC().Format("2006-01-02 15:04 MST"), runtime.NumCPU(), s.loadStart, loadAvg(), took.Round(time.Second), kills, d, rows)
	fmt.Fprintln(&b, "| figure | result | target |")
	fmt.Fprintln(&b, "|---|---|---|")
	fmt.Fprintf(&b, "| confirmed check-ins lost | %d | 0 |\n", s.lost)
	fmt.Fprintf(&b, "| commands failed | %d of %d | 0 |\n", len(s.failed), s.commands)
	fmt.Fprintf(&b, "| write-lock hold p99 | %v (max %v, %d transactions) | ≤ 50 ms |\n\n",
		holds.Quantile(0.99), time.Duration(holds.MaxUS)*time.Microsecond, holds.Count())
	for _, n := range s.notes {
		fmt.Fprintf(&b, "- %s\n", n)
	}
	sort.Strings(s.failed)
	for _, f := range s.failed {
		fmt.Fprintf(&b, "- failed: `%s`\n", strings.ReplaceAll(f, "`", "'"))
	}
	return replaceSection(name, "<!-- soak:begin -->", "<!-- soak:end -->", b.String())
}

// replaceSection puts body between the markers begin and end of the
// Markdown file name, replacing what was there (or adding it at the end).
func replaceSection(name, begin, end, body string) error {
	section := begin + "\n" + body + end + "\n"
	old, err := os.ReadFile(name)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	text := string(old)
	if i, j := strings.Index(text, begin), strings.Index(text, end); i >= 0 && j > i {
		text = text[:i] + section + strings.TrimPrefix(text[j+len(end):], "\n")
	} else {
		text += "\n" + section
	}
	return os.WriteFile(name, []byte(text), 0o644)
}

func sortedKeys[V any](m map[string]V) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

// loadAvg is the machine's 1-minute load average (Linux), or "?".
func loadAvg() string {
	b, err := os.ReadFile("/proc/loadavg")
	if f := strings.Fields(string(b)); err == nil && len(f) > 0 {
		return f[0]
	}
	return "?"
}
