package main

// placeholder until the importer lands
func (e *env) cmdImport(args []string) error { return usageErrorf("import: not available yet") }
