package app

import (
	"strconv"
	"strings"
)

// Event codes are what an event's QR on a printed sign-in sheet carries:
// "E-" + the event's id in base 36, zero-padded to the code body length, +
// the check character of participant codes, e.g. "E-000000002S" + "L" for
// event 100. Unlike participant codes they are deterministic (the same event
// always prints the same code, so a reprinted sheet scans the same) and not
// secret: an event id is no personal data. ParseCode accepts them with
// PrefixEvent.

// maxEventID is the largest id an event code can carry: 36^10 - 1.
const maxEventID = 3656158440062975

// EventCode returns the code printed in the QR of event id's sign-in sheet.
// It returns "" for an id no event can have (zero, negative or too large).
func EventCode(id int64) string {
	if id <= 0 || id > maxEventID {
		return ""
	}
	body := strings.ToUpper(strconv.FormatInt(id, 36))
	body = strings.Repeat("0", codeBodyLen-len(body)) + body
	b := make([]byte, 0, codeBodyLen+3)
	b = append(b, PrefixEvent, '-')
	b = append(b, body...)
	b = append(b, checkChar(PrefixEvent, b[2:]))
	return string(b)
}

// EventIDFromCode returns the event id an event code carries, reading the
// code as ParseCode does (lower case, spaces and a scanner's Enter are
// fine). A code of another type, with a wrong check character or naming no
// possible event is refused with EInvalid. The event itself may still not
// exist: the caller looks it up.
func EventIDFromCode(s string) (int64, error) {
	code, prefix, err := ParseCode(s)
	if err != nil {
		return 0, err
	}
	if prefix != PrefixEvent {
		return 0, Errorf(EInvalid, "That is not an event code. Please scan the code on the sign-in sheet.")
	}
	id, perr := strconv.ParseInt(code[2:2+codeBodyLen], 36, 64)
	if perr != nil || id <= 0 || id > maxEventID {
		return 0, Errorf(EInvalid, "That event code is not one of ours. Please scan again.")
	}
	return id, nil
}
