// Command frontdesk is Front Desk's desktop app: it opens the site's
// database (FRONTDESK_DB, --db, or frontdesk.db in the user's data
// directory), takes the day's automatic backup and shows the sign-in screen
// (or, on first start, the set-up of the site and first administrator).
// It is wiring only; the screens live in package frontdesk/app/ui.
package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync/atomic"
	"time"
	_ "time/tzdata" // sites name their time zone; Windows has no zoneinfo

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/app/deskconf"
	"frontdesk/app/ui"
	"frontdesk/app/viewer"
	"frontdesk/assets"
	"frontdesk/data"
)

// keepBackups is how many daily backups are kept.
const keepBackups = 14

func main() {
	started := time.Now()
	dbFlag := flag.String("db", "", "database: a file, or a center server's postgres:// address (default: the server this desk joined, else "+data.DefaultPath()+")")
	probe := flag.Bool("probe-startup", false, "print how long the window took to appear and the idle memory, then quit (for benchmarks)")
	flag.Parse()

	a := fyneapp.NewWithID("org.frontdesk.app")
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	ui.LoadTranslations()
	w := a.NewWindow("Front Desk")
	w.Resize(fyne.NewSize(1180, 760))
	w.SetMaster()

	// The window comes up at once; the database is opened and checked
	// (which reads the whole file) behind a progress bar.
	opening := widget.NewProgressBarInfinite()
	w.SetContent(container.NewCenter(container.NewVBox(widget.NewLabel(lang.L("Opening the database…")), opening)))
	// No actor: the interface signs people in and runs each person's
	// screens as them.
	ctx := context.Background()
	// st and closed belong to the UI goroutine: the store is opened in the
	// background and handed over with fyne.Do, and the window's close
	// (also on the UI goroutine) closes it.
	var st app.Store
	closed := false
	// desk is the interface once built; a write waiting for another
	// program says so on it ("Waiting for the database…").
	var desk atomic.Pointer[ui.UI]
	sounder := newToneSounder() // opens the audio device meanwhile
	storeOptions := data.Options{
		// a desk's change waits for the database rather than fail
		MaxWait: -1,
		OnWait: func(waiting bool) {
			if u := desk.Load(); u != nil {
				u.SetWaiting(waiting)
			}
		},
	}
	confPath, confErr := deskconf.Path()
	var conf deskconf.Settings
	if confErr == nil {
		conf, confErr = deskconf.Load(confPath)
	}
	dbPath, firstStart := chooseDatabase(*dbFlag, conf)
	var shown time.Duration // until the window was on screen
	// run builds the interface on the opened store, as the desk conf names.
	// svc is the desk's service once built (its name goes with what a
	// desk of a center server sends after an outage)
	var svc atomic.Pointer[app.Service]
	run := func(opened app.Store, dbPath string) {
		st = opened
		var status func() app.DeskStatus
		switch opened := opened.(type) {
		case *data.Store:
			go dailyBackup(ctx, opened, dbPath)
		case *data.DeskStore:
			status = opened.Status
		}
		s := app.NewService(st, nil)
		if err := s.SetDesk(deskName(conf)); err != nil {
			log.Printf("desk name: %v", err)
		}
		s.SetSite(conf.SiteID)
		svc.Store(s)
		desk.Store(ui.New(ctx, s, w, ui.Options{
			DeskStatus: status,
			CardDir:    cardDir(dbPath),
			Open:       viewer.Open,
			Sounder:    sounder,
			SaveDesk: func(name string, siteID int64) error {
				next := conf
				next.Name, next.SiteID = name, siteID
				if err := deskconf.Save(confPath, next); err != nil {
					return err
				}
				conf = next
				return nil
			},
			OnReady: func() {
				if *probe {
					go probeReport(a, shown, time.Since(started))
				}
			},
		}))
	}
	// openStore opens a file, or a desk of a center server: one that
	// keeps working from its local copy when the server cannot be reached.
	openStore := func(dbPath string) (app.Store, error) {
		if !data.IsServer(dbPath) {
			st, err := data.Open(ctx, dbPath, storeOptions)
			if err != nil {
				return nil, err // not a nil *data.Store in an interface
			}
			return st, nil
		}
		d, err := data.OpenDesk(ctx, dbPath, data.DeskOptions{
			Store: storeOptions,
			Dir:   filepath.Join(data.DefaultDir(), "local-copy"),
			Desk: func() string {
				if s := svc.Load(); s != nil {
					return s.Desk()
				}
				return ""
			},
		})
		if err != nil {
			return nil, err
		}
		return d, nil
	}
	// open opens dbPath in the background and then runs the desk on it.
	open := func(dbPath string) {
		go func() {
			opened, err := openStore(dbPath)
			fyne.Do(func() {
				if closed { // the window went away while the database opened
					if opened != nil {
						opened.Close()
					}
					return
				}
				opening.Stop()
				if err != nil {
					log.Printf("open %s: %v", data.Shown(dbPath), err)
					showOpenError(a, w, err)
					return
				}
				run(opened, dbPath)
			})
		}()
	}
	a.Lifecycle().SetOnStarted(func() {
		shown = time.Since(started)
		switch {
		case confErr != nil:
			opening.Stop()
			showOpenError(a, w, confErr)
		case firstStart:
			opening.Stop()
			ui.ShowFirstStart(w, ui.FirstStartOptions{
				DeskName: deskName(conf),
				OwnFile: func() {
					w.SetContent(container.NewCenter(container.NewVBox(widget.NewLabel(lang.L("Opening the database…")), opening)))
					opening.Start()
					open(dbPath)
				},
				Join: func(c deskconf.Settings) error {
					// the server must already hold the center's records: a
					// desk never sets a server up (OpenDesk refuses an
					// empty one)
					url := c.Server.URL()
					opened, err := openStore(url)
					if err != nil {
						return err
					}
					if err := deskconf.Save(confPath, c); err != nil {
						opened.Close()
						return err
					}
					fyne.Do(func() {
						if closed {
							opened.Close()
							return
						}
						conf = c
						log.Printf("this desk joined the center server %s as %q", data.Shown(url), c.Name)
						run(opened, url)
					})
					return nil
				},
			})
			if *probe {
				go probeReport(a, shown, time.Since(started))
			}
		default:
			open(dbPath)
		}
	})
	w.SetOnClosed(func() {
		closed = true
		if st != nil {
			st.Close()
		}
	})
	w.ShowAndRun()
}

// chooseDatabase picks the database: --db, else $FRONTDESK_DB, else the
// center server this desk joined, else the file in the user's data folder.
// firstStart is true when none of these is set and that file does not
// exist yet: the app then asks how the desk works.
func chooseDatabase(flagDB string, conf deskconf.Settings) (path string, firstStart bool) {
	switch {
	case flagDB != "":
		return flagDB, false
	case os.Getenv(data.EnvDB) != "":
		return os.Getenv(data.EnvDB), false
	case conf.Server != nil:
		return conf.Server.URL(), false
	}
	path = data.DefaultPath()
	_, err := os.Stat(path)
	return path, errors.Is(err, os.ErrNotExist)
}

// deskName is the desk's name as kept on this computer, or the computer's
// own name until someone names the desk.
func deskName(conf deskconf.Settings) string {
	if conf.Name != "" {
		return conf.Name
	}
	host, _ := os.Hostname()
	if name, err := app.CleanDeskName(host); err == nil {
		return name
	}
	return ""
}

// showOpenError replaces the window's content with why the database could
// not be opened (it was left unchanged) and a Quit button.
func showOpenError(a fyne.App, w fyne.Window, err error) {
	msg := widget.NewLabel(ui.ErrorText(err))
	msg.Wrapping = fyne.TextWrapWord
	w.SetContent(container.NewPadded(container.NewVBox(
		widget.NewLabelWithStyle(lang.L("Front Desk cannot open its database"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
		msg, container.NewHBox(widget.NewButton(lang.L("Quit"), a.Quit)))))
}

// cardDir is where printed cards are saved: beside the database file, or
// for a desk of a center server, in this computer's Front Desk folder.
func cardDir(db string) string {
	if data.IsServer(db) {
		db = data.DefaultPath()
	}
	return filepath.Join(filepath.Dir(db), "cards")
}

// dailyBackup takes the day's backup if there is none yet, keeping 14.
func dailyBackup(ctx context.Context, st *data.Store, dbPath string) {
	if path, made, err := st.DailyBackup(ctx, data.BackupDir(dbPath), time.Now(), keepBackups); err != nil {
		log.Printf("daily backup: %v", err)
	} else if made {
		log.Printf("daily backup written to %s", path)
	}
}

// probeReport prints the start-up figures the benchmarks read, after the
// app has idled a while, and quits: window-shown-ms (the window is on
// screen), window-ready-ms (the sign-in screen, or the first-start set-up,
// is usable) and idle-rss-kb.
func probeReport(a fyne.App, shown, ready time.Duration) {
	time.Sleep(3 * time.Second)
	runtime.GC()
	fmt.Printf("window-shown-ms %d\nwindow-ready-ms %d\nidle-rss-kb %d\n", shown.Milliseconds(), ready.Milliseconds(), rssKB())
	fyne.Do(a.Quit)
}

// rssKB reads the process's resident memory from /proc (Linux), or 0.
func rssKB() int {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return 0
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmRSS:"); ok {
			var kb int
			fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), " kB"), &kb)
			return kb
		}
	}
	return 0
}
