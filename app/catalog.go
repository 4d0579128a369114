package app

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// genericMessage is what a person hears about an internal error.
const genericMessage = "Something went wrong. Nothing was saved. Please try again or call IT."

// Catalog translates the messages of package app into one language. Its
// source (assets/messages/<language>.json) holds three tables keyed by
// the English text:
//
//   - "formats": every message format given to Errorf, FieldErrorf and
//     FieldCodeErrorf, as a printf format with the same verbs;
//   - "fields": field names ("phone") and patterns of field names
//     ("row %d, column %s");
//   - "words": English words that reach a message as arguments: roles,
//     statuses, kinds ("front_desk", "on_loan").
//
// A nil *Catalog is English: it leaves everything as it is.
type Catalog struct {
	Formats map[string]string `json:"formats"`
	Fields  map[string]string `json:"fields"`
	Words   map[string]string `json:"words"`

	patterns []fieldPattern
}

// fieldPattern is a field name with arguments ("row %d, column %s"), as a
// regular expression that finds the arguments and the translated format.
type fieldPattern struct {
	re *regexp.Regexp
	to string
}

var verb = regexp.MustCompile(`%(?:\[\d+\])?[-+# 0]*\d*(?:\.\d+)?[a-zA-Z%]`)

// ParseCatalog reads a catalog in the JSON form Catalog describes.
func ParseCatalog(b []byte) (*Catalog, error) {
	var c Catalog
	if err := json.Unmarshal(b, &c); err != nil {
		return nil, fmt.Errorf("message catalog: %w", err)
	}
	for from, to := range c.Fields {
		if !strings.Contains(from, "%") {
			continue
		}
		var re strings.Builder
		re.WriteString("^")
		last := 0
		for _, loc := range verb.FindAllStringIndex(from, -1) {
			re.WriteString(regexp.QuoteMeta(from[last:loc[0]]))
			if from[loc[1]-1] == 'd' {
				re.WriteString(`(-?\d+)`)
			} else {
				re.WriteString(`(.+)`)
			}
			last = loc[1]
		}
		re.WriteString(regexp.QuoteMeta(from[last:]) + "$")
		c.patterns = append(c.patterns, fieldPattern{re: regexp.MustCompile(re.String()), to: to})
	}
	// the longest pattern first: "rows %s and %d more" before "rows %s and %s"
	slices.SortFunc(c.patterns, func(a, b fieldPattern) int { return len(b.re.String()) - len(a.re.String()) })
	return &c, nil
}

// Message returns the text to show a person for err in the catalog's
// language: the translated message of an *Error that is not internal,
// otherwise a generic sentence (see ErrorMessage).
func (c *Catalog) Message(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if !errors.As(err, &e) || e.Code == EInternal {
		return c.text(genericMessage)
	}
	msg := e.Message
	if e.Format != "" {
		msg = c.format(e.Format, e.Args)
	}
	if e.Field != "" {
		sep := ": "
		if first, _, _ := strings.Cut(e.Message, " "); fieldVerbs[first] {
			sep = " " // "is required", "must be a whole number"
		}
		msg = c.field(e.Field) + sep + msg
	}
	if r, size := utf8.DecodeRuneInString(msg); unicode.IsLower(r) {
		msg = string(unicode.ToUpper(r)) + msg[size:]
	}
	return msg
}

// Sprintf formats a message of package app in the catalog's language:
// the translation of format, with arguments that are known words
// translated and errors given by their Message.
func (c *Catalog) Sprintf(format string, args ...any) string { return c.format(format, args) }

// Word translates one English word or a comma-separated list of them
// ("front_desk, director"); anything else is returned as it is.
func (c *Catalog) Word(s string) string {
	if c == nil || s == "" {
		return s
	}
	if w, ok := c.Words[s]; ok {
		return w
	}
	parts := strings.Split(s, ", ")
	if len(parts) < 2 {
		return s
	}
	for i, p := range parts {
		w, ok := c.Words[p]
		if !ok {
			return s
		}
		parts[i] = w
	}
	return strings.Join(parts, ", ")
}

// text is the translation of a format without arguments.
func (c *Catalog) text(s string) string {
	if c != nil {
		if t, ok := c.Formats[s]; ok && t != "" {
			return t
		}
	}
	return s
}

// format formats format's translation with args translated.
func (c *Catalog) format(format string, args []any) string {
	out := make([]any, len(args))
	for i, a := range args {
		switch v := a.(type) {
		case messager:
			out[i] = v.messageIn(c)
		case *Error:
			out[i] = c.Message(v)
		case fmt.Stringer:
			out[i] = c.arg(v.String())
		default:
			if rv := reflect.ValueOf(a); rv.IsValid() && rv.Kind() == reflect.String {
				out[i] = c.arg(rv.String())
			} else {
				out[i] = a
			}
		}
	}
	return fmt.Sprintf(c.text(format), out...)
}

// arg translates an argument: a word, a list of words, or a field name
// or place ("row 7", "rows 5, 7 and 9"); anything else stays.
func (c *Catalog) arg(s string) string {
	if w := c.Word(s); w != s {
		return w
	}
	return c.field(s)
}

// field translates a field name, by the table or by a pattern.
func (c *Catalog) field(f string) string {
	if c == nil {
		return f
	}
	if t, ok := c.Fields[f]; ok {
		return t
	}
	for _, p := range c.patterns {
		if m := p.re.FindStringSubmatch(f); m != nil {
			args := make([]any, len(m)-1)
			for i, s := range m[1:] {
				args[i] = c.field(s) // "column Email": a column name stays, a field translates
			}
			return c.fieldArgs(p.to, args)
		}
	}
	return f
}

// fieldArgs fills a translated field pattern, keeping %d verbs numeric.
func (c *Catalog) fieldArgs(to string, args []any) string {
	i := 0
	return verb.ReplaceAllStringFunc(to, func(v string) string {
		if v == "%%" || i >= len(args) {
			return v
		}
		a := args[i]
		i++
		return fmt.Sprint(a)
	})
}

// Verbs lists the printf verbs of a format in order ("%d", "%q"), for
// checking that a translation takes the same arguments.
func Verbs(format string) []string {
	var out []string
	for _, v := range verb.FindAllString(format, -1) {
		if v != "%%" {
			out = append(out, v)
		}
	}
	return out
}

// messager is a value that says itself in a catalog's language when it
// fills in a message (RowError).
type messager interface{ messageIn(c *Catalog) string }

// Text is a sentence of package app for a person that is not an error (a
// loan made, a warning at sign-in), kept as format and arguments so that
// a Catalog can say it in another language. String says it in English.
type Text struct {
	Format string
	Args   []any
}

// Textf returns the Text of format and args.
func Textf(format string, args ...any) Text { return Text{Format: format, Args: args} }

// String says t in English.
func (t Text) String() string { return t.messageIn(nil) }

// messageIn says t in c's language.
func (t Text) messageIn(c *Catalog) string { return c.format(t.Format, t.Args) }

// Row says an import row's problem in the catalog's language ("fila 7:
// teléfono: …").
func (c *Catalog) Row(e RowError) string { return e.messageIn(c) }

// Text says t in the catalog's language.
func (c *Catalog) Text(t Text) string { return t.messageIn(c) }
