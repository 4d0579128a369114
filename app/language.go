package app

import "strings"

// languageNames names every language code the app stores or may meet in a
// participant's or an event's record (ISO 639-1, plus "other"), in English
// and in Spanish. Languages (the codes a person may choose) is a part of it.
var languageNames = map[string][2]string{
	"am": {"Amharic", "Amárico"}, "ar": {"Arabic", "Árabe"}, "bn": {"Bengali", "Bengalí"},
	"de": {"German", "Alemán"}, "el": {"Greek", "Griego"}, "en": {"English", "Inglés"},
	"es": {"Spanish", "Español"}, "fa": {"Persian", "Persa"}, "fr": {"French", "Francés"},
	"gu": {"Gujarati", "Guyaratí"}, "he": {"Hebrew", "Hebreo"}, "hi": {"Hindi", "Hindi"},
	"ht": {"Haitian Creole", "Criollo haitiano"}, "hy": {"Armenian", "Armenio"}, "id": {"Indonesian", "Indonesio"},
	"it": {"Italian", "Italiano"}, "ja": {"Japanese", "Japonés"}, "km": {"Khmer", "Jemer"},
	"ko": {"Korean", "Coreano"}, "lo": {"Lao", "Lao"}, "my": {"Burmese", "Birmano"},
	"ne": {"Nepali", "Nepalí"}, "pa": {"Punjabi", "Panyabí"}, "pl": {"Polish", "Polaco"},
	"ps": {"Pashto", "Pastún"}, "pt": {"Portuguese", "Portugués"}, "ro": {"Romanian", "Rumano"},
	"ru": {"Russian", "Ruso"}, "so": {"Somali", "Somalí"}, "sw": {"Swahili", "Suajili"},
	"ta": {"Tamil", "Tamil"}, "te": {"Telugu", "Telugu"}, "th": {"Thai", "Tailandés"},
	"ti": {"Tigrinya", "Tigriña"}, "tl": {"Tagalog", "Tagalo"}, "tr": {"Turkish", "Turco"},
	"uk": {"Ukrainian", "Ucraniano"}, "ur": {"Urdu", "Urdu"}, "vi": {"Vietnamese", "Vietnamita"},
	"zh": {"Chinese", "Chino"}, "other": {"Other", "Otro"},
}

// Languages a participant may prefer, as ISO 639-1 codes, with English names.
var Languages = func() map[string]string {
	out := map[string]string{}
	for _, c := range []string{"en", "es", "ko", "zh", "vi", "tl", "hy", "ru", "fa", "ar", "ja", "km", "th", "other"} {
		out[c] = languageNames[c][0]
	}
	return out
}()

// LanguageName is the name of a stored language code in the app language
// ui ("es" for Spanish, anything else English): "el" → "Greek" or
// "Griego". The code is matched without regard to case or spaces. A code
// the table does not know still shows: "Other (xx)" / "Otro (xx)"; an
// empty code is "(none)" / "(ninguno)". The screen, the PDF and the
// workbook all name languages with it.
func LanguageName(code, ui string) string {
	es := strings.HasPrefix(strings.ToLower(ui), "es")
	k := strings.ToLower(strings.TrimSpace(code))
	if k == "" {
		if es {
			return "(ninguno)"
		}
		return "(none)"
	}
	if n, ok := languageNames[k]; ok {
		if es {
			return n[1]
		}
		return n[0]
	}
	other := languageNames["other"][0]
	if es {
		other = languageNames["other"][1]
	}
	return other + " (" + strings.TrimSpace(code) + ")"
}
