package app

import (
	"errors"
	"fmt"
)

// Error codes carried by Error. The UI shows the message of every code but
// EInternal, whose message is replaced by a generic one.
const (
	EInvalid   = "invalid"   // the input breaks a rule; the message says which
	ENotFound  = "not_found" // the thing asked for does not exist
	EConflict  = "conflict"  // the change clashes with what is stored
	EForbidden = "forbidden" // the acting staff member may not do this
	EInternal  = "internal"  // a fault of the program or the machine
	// EUnavailable: the center server cannot be reached; a desk of a
	// server keeps checking people in from its local copy meanwhile, and
	// refuses everything else with this code.
	EUnavailable = "unavailable"
	// EConfirm: the change is allowed once the person confirms what the
	// message asks (for example a phone another participant already has);
	// the caller repeats it with the confirmation set.
	EConfirm = "confirm"
)

// Error is the error every layer of Front Desk returns for a failure a person
// should hear about. Message is written for the person at the desk and never
// contains personal data of anyone but the one being edited.
type Error struct {
	Code    string
	Message string
	// Field names the input the message is about ("phone", "row 7, column Email"), if any.
	Field string
	// Format and Args are the message before it was formatted: Format is
	// the key a Catalog looks its translation up by, Args fill it in
	// (errors among them are messages of their own). Empty for an Error
	// built without Errorf, FieldErrorf or FieldCodeErrorf.
	Format string
	Args   []any
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Errorf returns an *Error with the given code and formatted message.
// An error among args is shown by its message (ErrorMessage).
func Errorf(code, format string, args ...any) *Error {
	return FieldCodeErrorf(code, "", format, args...)
}

// FieldErrorf returns an EInvalid *Error about one named field.
func FieldErrorf(field, format string, args ...any) *Error {
	return FieldCodeErrorf(EInvalid, field, format, args...)
}

// FieldCodeErrorf returns an *Error with the given code about one named
// field ("" for none). The message is kept in English in Message and as
// format and arguments, for a Catalog to translate.
func FieldCodeErrorf(code, field, format string, args ...any) *Error {
	return &Error{Code: code, Field: field, Message: (*Catalog)(nil).format(format, args), Format: format, Args: args}
}

// ErrorCode returns the code of an *Error in err's chain, EInternal for any
// other non-nil error and "" for nil.
func ErrorCode(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) {
		return e.Code
	}
	return EInternal
}

// fieldVerbs start the messages that read on from their field's name
// ("Capacity must be a whole number"). The English message decides for
// every language, so a translation keeps a message that reads on reading on.
var fieldVerbs = map[string]bool{"is": true, "are": true, "must": true, "needs": true, "should": true, "may": true,
	"cannot": true, "can": true, "has": true, "have": true, "was": true, "does": true, "goes": true}

// ErrorMessage returns the text to show a person for err, in English: the
// message of an *Error that is not internal, otherwise a generic sentence.
// A field's message reads as a sentence that starts with a capital: "Site
// name is required", "Time zone: "X" is not a time zone name…". A Catalog's
// Message says the same in another language.
func ErrorMessage(err error) string {
	return (*Catalog)(nil).Message(err)
}
