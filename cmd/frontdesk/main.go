// Command frontdesk is Front Desk's desktop app: it opens the site's
// database (FRONTDESK_DB, --db, or frontdesk.db in the user's data
// directory), takes the day's automatic backup and shows the check-in desk.
// It is wiring only; the screens live in package frontdesk/app/ui.
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"
	_ "time/tzdata" // sites name their time zone; Windows has no zoneinfo

	"fyne.io/fyne/v2"
	fyneapp "fyne.io/fyne/v2/app"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/lang"
	"fyne.io/fyne/v2/widget"

	"frontdesk/app"
	"frontdesk/app/ui"
	"frontdesk/assets"
	"frontdesk/data"
)

// keepBackups is how many daily backups are kept.
const keepBackups = 14

func main() {
	started := time.Now()
	dbPath := flag.String("db", data.DefaultPath(), "database file")
	probe := flag.Bool("probe-startup", false, "print how long the window took to appear and the idle memory, then quit (for benchmarks)")
	flag.Parse()

	a := fyneapp.NewWithID("org.frontdesk.app")
	a.SetIcon(fyne.NewStaticResource("icon.png", assets.Icon))
	ui.LoadTranslations()
	w := a.NewWindow("Front Desk")
	w.Resize(fyne.NewSize(1180, 760))
	w.SetMaster()

	ctx := app.WithActor(context.Background(), app.LocalOperator)
	st, err := data.Open(ctx, *dbPath, data.Options{})
	if err != nil {
		log.Printf("open %s: %v", *dbPath, err)
		msg := widget.NewLabel(app.ErrorMessage(err))
		msg.Wrapping = fyne.TextWrapWord
		quit := widget.NewButton(lang.L("Quit"), a.Quit)
		w.SetContent(container.NewPadded(container.NewVBox(
			widget.NewLabelWithStyle(lang.L("Front Desk cannot open its database"), fyne.TextAlignLeading, fyne.TextStyle{Bold: true}),
			msg, container.NewHBox(quit))))
		w.ShowAndRun()
		os.Exit(1)
	}
	defer st.Close()
	go func() {
		if path, made, err := st.DailyBackup(ctx, data.BackupDir(*dbPath), time.Now(), keepBackups); err != nil {
			log.Printf("daily backup: %v", err)
		} else if made {
			log.Printf("daily backup written to %s", path)
		}
	}()

	svc := app.NewService(st, nil)
	ui.New(ctx, svc, w, ui.Options{CardDir: filepath.Join(filepath.Dir(*dbPath), "cards")})
	if *probe {
		a.Lifecycle().SetOnStarted(func() {
			ready := time.Since(started)
			go func() {
				time.Sleep(3 * time.Second)
				runtime.GC()
				fmt.Printf("window-ready-ms %d\nidle-rss-kb %d\n", ready.Milliseconds(), rssKB())
				fyne.Do(a.Quit)
			}()
		})
	}
	w.ShowAndRun()
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
