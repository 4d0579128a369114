package data

import "os"

// CrashAtEnv names a step at which the process kills itself as SIGKILL
// would ("backup.created", "backup.copied", "backup.synced",
// "backup.renamed", and "restore:" followed by one of RestoreSteps), so `make soak` can show that a kill at each step
// leaves a whole database. Unset, it costs one string comparison a step.
const CrashAtEnv = "FRONTDESK_CRASH_AT"

var crashAt = os.Getenv(CrashAtEnv)

// crashPoint kills the process at once when CrashAtEnv names step.
func crashPoint(step string) {
	if crashAt != "" && crashAt == step {
		p, _ := os.FindProcess(os.Getpid())
		p.Kill()
		select {} // the kill arrives
	}
}
