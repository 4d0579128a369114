// Package pdf makes Front Desk's printable documents. Cards writes
// credit-card-size participant cards: a vector QR code of the participant's
// code, the first name and last initial, the code in plain text and the
// center's name and phone, with a short instruction in English and Spanish.
//
// Documents embed the DejaVu Sans fonts from package assets, so accented
// names print as typed, and, only when a document needs them, Nanum Gothic
// for Korean and Droid Sans Fallback for Chinese and Japanese: text is set in
// runs of whichever font has the glyphs (see textFonts in fonts.go). Arabic
// and other right-to-left scripts are not yet shaped. Documents are
// deterministic: the same input gives the
// same bytes, which keeps golden tests and reprints stable.
package pdf
