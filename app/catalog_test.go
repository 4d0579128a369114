package app_test

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"io/fs"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"frontdesk/app"
	"frontdesk/assets"
)

// messageCalls are the functions whose literal arguments reach a person as
// a message format or a field name: the index of the format and of the
// field (-1: none).
var messageCalls = map[string][2]int{
	"Errorf":          {1, -1},
	"FieldErrorf":     {1, 0},
	"FieldCodeErrorf": {2, 1},
	"cleanText":       {-1, 0},
	"withField":       {-1, 1},
	"validDate":       {-1, 0},
	"ParseWage":       {-1, 0},
	"ParseHours":      {-1, 0},
	"ParseMoney":      {-1, 0},
	"newRowError":     {2, 1},
	"Sprintf":         {0, -1}, // a Catalog's (fmt.Sprintf is left out)
	"Textf":           {0, -1},
	"format":          {0, -1},
}

// sourceMessages parses every non-test Go file under app and returns the
// literal message formats and field names given to messageCalls, and to
// RowError literals, with where each is.
//
// words are the built-in names and labels a person reads: those of
// FollowupTemplate and FollowupRule literals and labels set in code.
func sourceMessages(t *testing.T, root string) (formats, fields, words map[string]string) {
	t.Helper()
	formats, fields, words = map[string]string{}, map[string]string{}, map[string]string{}
	fset := token.NewFileSet()
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() && strings.HasSuffix(path, "test") && path != "." { // xlsxtest and the like
			return filepath.SkipDir
		}
		if d.IsDir() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		f, err := parser.ParseFile(fset, path, nil, 0)
		if err != nil {
			return err
		}
		lit := func(e ast.Expr) (string, bool) {
			b, ok := e.(*ast.BasicLit)
			if !ok || b.Kind != token.STRING {
				return "", false
			}
			s, err := strconv.Unquote(b.Value)
			return s, err == nil
		}
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.CompositeLit: // RowError{Field: "kind", Message: "..."}
				var name string
				switch ty := n.Type.(type) {
				case *ast.Ident:
					name = ty.Name
				case *ast.SelectorExpr:
					name = ty.Sel.Name
				}
				keys := map[string]bool{}
				for _, el := range n.Elts {
					if kv, ok := el.(*ast.KeyValueExpr); ok {
						if key, ok := kv.Key.(*ast.Ident); ok {
							keys[key.Name] = true
						}
					}
				}
				// in a slice of them the type is left out: known by its fields
				if name == "FollowupTemplate" || name == "FollowupRule" || n.Type == nil && (keys["Rules"] || keys["Kind"] && keys["Label"]) {
					for _, el := range n.Elts {
						if kv, ok := el.(*ast.KeyValueExpr); ok {
							if key, _ := kv.Key.(*ast.Ident); key != nil && (key.Name == "Name" || key.Name == "Label") {
								if s, ok := lit(kv.Value); ok {
									words[s] = fset.Position(kv.Pos()).String()
								}
							}
						}
					}
				}
				if name != "RowError" {
					return true
				}
				for _, el := range n.Elts {
					kv, ok := el.(*ast.KeyValueExpr)
					if !ok {
						continue
					}
					key, _ := kv.Key.(*ast.Ident)
					if s, ok := lit(kv.Value); ok && key != nil && key.Name == "Message" {
						formats[s] = fset.Position(kv.Pos()).String()
					} else if ok && key != nil && key.Name == "Field" {
						fields[s] = fset.Position(kv.Pos()).String()
					}
				}
			case *ast.AssignStmt: // r.Label = "Monthly contact"
				for i, l := range n.Lhs {
					if sel, ok := l.(*ast.SelectorExpr); ok && sel.Sel.Name == "Label" && i < len(n.Rhs) {
						if s, ok := lit(n.Rhs[i]); ok {
							words[s] = fset.Position(n.Pos()).String()
						}
					}
				}
			case *ast.CallExpr:
				var name string
				switch fn := n.Fun.(type) {
				case *ast.Ident:
					name = fn.Name
				case *ast.SelectorExpr:
					if x, ok := fn.X.(*ast.Ident); ok && x.Name == "fmt" {
						return true // fmt.Errorf: an internal error, never shown
					}
					name = fn.Sel.Name
				}
				at, ok := messageCalls[name]
				if !ok {
					return true
				}
				if name == "Errorf" && len(n.Args) > 0 {
					if sel, ok := n.Args[0].(*ast.SelectorExpr); ok && sel.Sel.Name == "EInternal" {
						return true // replaced by the generic message
					}
				}
				if i := at[0]; i >= 0 && i < len(n.Args) {
					if s, ok := lit(n.Args[i]); ok {
						formats[s] = fset.Position(n.Pos()).String()
					} else if !passesFormatOn(n.Args[i]) {

						t.Errorf("%s: %s has a format that is not a literal, so no catalog can translate it", fset.Position(n.Pos()), name)
					}
				}
				if i := at[1]; i >= 0 && i < len(n.Args) {
					if s, ok := lit(n.Args[i]); ok && s != "" {
						fields[s] = fset.Position(n.Pos()).String()
					}
				}
			}
			return true
		})
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return formats, fields, words
}

// passesFormatOn tells a call that passes a format it was given on
// (format, e.Format) from one that builds a format.
func passesFormatOn(e ast.Expr) bool {
	switch e := e.(type) {
	case *ast.Ident:
		return e.Name == "format"
	case *ast.SelectorExpr:
		return e.Sel.Name == "Format"
	}
	return false
}

// TestEveryMessageHasASpanishTranslation parses the source of package app
// (and its subpackages and screens) for every message format given to
// Errorf, FieldErrorf and FieldCodeErrorf and every literal field name, and
// checks that the Spanish catalog translates each, with the same printf
// verbs in the same order.
func TestEveryMessageHasASpanishTranslation(t *testing.T) {
	formats, fields, words := sourceMessages(t, ".")
	// the store's messages (package data) reach people too: those the
	// catalog translates must exist, though not all are translated yet
	stored, _, _ := sourceMessages(t, "../data")
	if len(formats) < 200 || len(fields) < 40 {
		t.Fatalf("found only %d formats and %d fields; is the parser right?", len(formats), len(fields))
	}
	b, ok := assets.MessageCatalog("es")
	if !ok {
		t.Fatal("no Spanish message catalog")
	}
	c, err := app.ParseCatalog(b)
	if err != nil {
		t.Fatal(err)
	}
	for f, where := range formats {
		es, ok := c.Formats[f]
		if !ok || es == "" {
			t.Errorf("%s: no Spanish for %q", where, f)
			continue
		}
		if !slices.Equal(app.Verbs(f), app.Verbs(es)) {
			t.Errorf("%s: %q has verbs %v, the English %v", where, es, app.Verbs(es), app.Verbs(f))
		}
		if es == f && app.Verbs(f) == nil {
			t.Errorf("%s: %q is not translated", where, f)
		}
	}
	for f, where := range fields {
		if es, ok := c.Fields[f]; !ok || es == "" {
			t.Errorf("%s: no Spanish for the field name %q", where, f)
		}
	}
	for w, where := range words {
		if es, ok := c.Words[w]; !ok || es == "" {
			t.Errorf("%s: no Spanish for the built-in name %q", where, w)
		}
	}
	if len(words) < 8 {
		t.Errorf("found only %d built-in names", len(words))
	}
	for f := range c.Formats {
		_, inStore := stored[f]
		if _, ok := formats[f]; !ok && !inStore && !strings.HasPrefix(f, "row %d: ") && f != "Something went wrong. Nothing was saved. Please try again or call IT." {
			t.Errorf("the catalog translates %q, which no message uses", f)
		}
	}
}

// A message is said in Spanish with its field, its arguments and the
// errors inside it translated, and the same error still reads in English.
func TestCatalogTranslatesFieldsArgumentsAndInnerErrors(t *testing.T) {
	b, _ := assets.MessageCatalog("es_US.UTF-8")
	es, err := app.ParseCatalog(b)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		err     error
		en, es_ string
	}{
		{app.FieldErrorf("first name", "is required"), "First name is required", "Nombre es un dato obligatorio"},
		{app.FieldErrorf("replacement cost of Charger", "is given twice"), "Replacement cost of Charger is given twice", "Coste de reposición de Charger aparece dos veces"},
		{app.Errorf(app.EForbidden, "Your account is not allowed to do this (needs the %s role).", app.RoleDirector),
			"Your account is not allowed to do this (needs the director role).", "Su cuenta no tiene permiso para esto (necesita el rol director)."},
		{app.Errorf(app.EForbidden, "Your account is not allowed to do this (needs one of the roles %s).", "front_desk, case_manager"),
			"Your account is not allowed to do this (needs one of the roles front_desk, case_manager).",
			"Su cuenta no tiene permiso para esto (necesita uno de los roles recepción, administrador de casos)."},
		{app.Errorf(app.EConflict, "Kit %s is %s and cannot be lent.", "K-7", app.KitInRepair),
			"Kit K-7 is in_repair and cannot be lent.", "El equipo K-7 está en reparación y no se puede prestar."},
		{app.Errorf(app.EInvalid, "Row %d looks like the header row, but: %s", 3, app.FieldErrorf("phone", "%q is not a valid US phone number", "555")),
			`Row 3 looks like the header row, but: Phone: "555" is not a valid US phone number`,
			`La fila 3 parece la fila de encabezados, pero: Teléfono: "555" no es un número de teléfono válido de EE. UU.`},
		{errors.New("disk on fire"), "Something went wrong. Nothing was saved. Please try again or call IT.",
			"Algo salió mal. No se guardó nada. Inténtelo de nuevo o llame a informática."},
	} {
		if got := app.ErrorMessage(c.err); got != c.en {
			t.Errorf("English: %q, want %q", got, c.en)
		}
		if got := es.Message(c.err); got != c.es_ {
			t.Errorf("Spanish: %q, want %q", got, c.es_)
		}
	}
	r := app.BuiltinTemplates[1].Rules[3] // WIOA's monthly contact
	if got, want := r.DescribeIn(es), "Contacto mensual (mensual tras la salida, durante 12 meses)"; got != want {
		t.Errorf("Spanish rule: %q, want %q", got, want)
	}
	if got, want := r.Describe(), "Monthly contact (monthly after exit, for 12 months)"; got != want {
		t.Errorf("English rule: %q, want %q", got, want)
	}
	r = app.BuiltinTemplates[0].Rules[1] // SETA's one month after employment
	if got, want := r.Describe(), "One month after employment (1 month after employment, open 7 days)"; got != want {
		t.Errorf("English rule: %q, want %q", got, want)
	}
	if got, want := r.DescribeIn(es), "Un mes después del empleo (1 mes tras el empleo, abierto 7 días)"; got != want {
		t.Errorf("Spanish rule: %q, want %q", got, want)
	}
	row := app.RowError{Line: 7, Field: "phone", Message: "no phone number"}
	if got, want := es.Row(row), "fila 7: teléfono: sin número de teléfono"; got != want {
		t.Errorf("Spanish row: %q, want %q", got, want)
	}
	if got, want := row.String(), "row 7: phone: no phone number"; got != want {
		t.Errorf("English row: %q, want %q", got, want)
	}
	if _, ok := assets.MessageCatalog("en_US.UTF-8"); ok {
		t.Error("English has a catalog; it needs none")
	}
}
