package ui

import (
	"sync"

	"fyne.io/fyne/v2"
)

// jobQueue runs a screen's database work off the UI goroutine, one job at a
// time and in order, and applies each result on the UI goroutine.
type jobQueue struct {
	jobs    chan func() func()
	pending sync.WaitGroup
}

func newJobQueue() *jobQueue {
	q := &jobQueue{jobs: make(chan func() func(), 64)}
	go func() {
		for job := range q.jobs {
			apply := job()
			fyne.Do(func() {
				if apply != nil {
					apply()
				}
				q.pending.Done()
			})
		}
	}()
	return q
}

// do queues work, which returns what to do on the UI goroutine.
func (q *jobQueue) do(work func() func()) {
	q.pending.Add(1)
	q.jobs <- work
}

// wait blocks until every queued job has been applied.
func (q *jobQueue) wait() { q.pending.Wait() }
