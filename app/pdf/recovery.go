package pdf

import (
	"fmt"
	"io"
	"time"

	"frontdesk/app"
)

// RecoverySheet is what the printed recovery code says besides the code.
type RecoverySheet struct {
	Site app.Site
	Code string    // as app makes it: five groups joined by dashes
	At   time.Time // when the code was made
	By   string    // who made it (a username, or "reset-admin")
}

// Recovery sheet geometry, in millimetres: US Letter, portrait.
const (
	recMargin = 22.0
	recCodePt = 24.0
	recTextPt = 10.5
	recLineH  = 5.2
)

// The recovery sheet's instructions, in English and Spanish.
var (
	recoveryEN = []string{
		"Keep this page in the director's safe. Do not keep a copy on the computer.",
		"If no administrator can sign in (everyone locked out, passwords forgotten, people gone), someone who can run frontdeskctl on this desk types: frontdeskctl user reset-admin USERNAME — and then this code. That account becomes an administrator with a temporary password.",
		"Using the code replaces it with a new one, shown once: print the new page, put it in the safe and shred this one. Anyone with this code and the database file can make themselves an administrator.",
	}
	recoveryES = []string{
		"Guarde esta hoja en la caja fuerte de la dirección. No guarde una copia en la computadora.",
		"Si ningún administrador puede iniciar sesión (cuentas bloqueadas, contraseñas olvidadas, personal que se fue), alguien que pueda usar frontdeskctl en este equipo escribe: frontdeskctl user reset-admin USUARIO — y luego este código. Esa cuenta pasa a ser administradora con una contraseña temporal.",
		"Al usarlo, el código se reemplaza por uno nuevo que se muestra una sola vez: imprima la hoja nueva, guárdela en la caja fuerte y destruya esta. Quien tenga este código y el archivo de la base de datos puede hacerse administrador.",
	}
)

// Recovery writes to w the one-page recovery sheet of s: on US Letter,
// portrait, a bilingual title, the site, when and by whom the code was made,
// the code itself large in a fixed-width face inside a box, what it is for
// and how to keep it in English and Spanish, and lines to sign when it goes
// into the safe.
//
// The output depends only on its input. Recovery returns an EInvalid
// *app.Error, and writes nothing, when s has no code.
func Recovery(w io.Writer, s RecoverySheet) error {
	if s.Code == "" {
		return app.Errorf(app.EInvalid, "There is no recovery code to print.")
	}
	f := newListPDF("Recovery code / Código de recuperación", s.At)
	t := newTextFonts(f)
	f.AddPage()
	width := letterW - 2*recMargin
	y := 30.0

	f.SetTextColor(colAccent[0], colAccent[1], colAccent[2])
	t.SetFont("B", 18)
	t.Text(recMargin, y, "Front Desk recovery code")
	y += 8
	t.SetFont("B", 14)
	t.Text(recMargin, y, "Código de recuperación de Front Desk")
	y += 9

	f.SetTextColor(colText[0], colText[1], colText[2])
	t.SetFont("", recTextPt)
	loc := s.Site.Location()
	made := s.At.In(loc).Format("2006-01-02 15:04 MST")
	for _, line := range []string{
		s.Site.Name,
		fmt.Sprintf("Made on / Creado el: %s", made),
		fmt.Sprintf("By / Por: %s", s.By),
	} {
		if line == "" {
			continue
		}
		t.Text(recMargin, y, line)
		y += recLineH
	}

	// The code, large, in a box: fixed-width so every character is clear.
	y += 6
	boxH := 24.0
	f.SetDrawColor(colAccent[0], colAccent[1], colAccent[2])
	f.SetLineWidth(0.6)
	f.Rect(recMargin, y, width, boxH, "D")
	f.SetFont("Courier", "B", recCodePt)
	cw := f.GetStringWidth(s.Code)
	f.Text(recMargin+(width-cw)/2, y+boxH/2+recCodePt*0.35/2.8, s.Code)
	y += boxH + 10

	para := func(lines []string) {
		for _, p := range lines {
			for _, l := range wrap(t, p, width) {
				t.Text(recMargin, y, l)
				y += recLineH
			}
			y += 2.5
		}
	}
	t.SetFont("", recTextPt)
	para(recoveryEN)
	y += 3
	f.SetDrawColor(colRule[0], colRule[1], colRule[2])
	f.SetLineWidth(0.3)
	f.Line(recMargin, y-4, recMargin+width, y-4)
	y += 2
	para(recoveryES)

	// Who put it in the safe, and when.
	y += 14
	f.SetDrawColor(colText[0], colText[1], colText[2])
	f.SetLineWidth(0.3)
	for _, l := range []string{"Placed in the safe by / Guardado por", "Signature / Firma", "Date / Fecha"} {
		f.Line(recMargin, y, recMargin+110, y)
		f.SetTextColor(colMuted[0], colMuted[1], colMuted[2])
		t.SetFont("", 8.5)
		t.Text(recMargin, y+4, l)
		y += 16
	}
	if err := f.Error(); err != nil {
		return fmt.Errorf("pdf: recovery sheet: %w", err)
	}
	if err := f.Output(w); err != nil {
		return fmt.Errorf("pdf: writing the recovery sheet: %w", err)
	}
	return nil
}
