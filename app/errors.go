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
)

// Error is the error every layer of Front Desk returns for a failure a person
// should hear about. Message is written for the person at the desk and never
// contains personal data of anyone but the one being edited.
type Error struct {
	Code    string
	Message string
	// Field names the input the message is about ("phone", "row 7, column Email"), if any.
	Field string
}

// Error implements the error interface.
func (e *Error) Error() string {
	if e.Field != "" {
		return fmt.Sprintf("%s: %s", e.Field, e.Message)
	}
	return e.Message
}

// Errorf returns an *Error with the given code and formatted message.
func Errorf(code, format string, args ...any) *Error {
	return &Error{Code: code, Message: fmt.Sprintf(format, args...)}
}

// FieldErrorf returns an EInvalid *Error about one named field.
func FieldErrorf(field, format string, args ...any) *Error {
	return &Error{Code: EInvalid, Field: field, Message: fmt.Sprintf(format, args...)}
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

// ErrorMessage returns the text to show a person for err: the message of an
// *Error that is not internal, otherwise a generic sentence.
func ErrorMessage(err error) string {
	if err == nil {
		return ""
	}
	var e *Error
	if errors.As(err, &e) && e.Code != EInternal {
		return e.Error()
	}
	return "Something went wrong. Nothing was saved. Please try again or call IT."
}
