// Package names cleans the names of open data (areas, facilities,
// operators) as documents print them: the rules are shared by the catalog,
// which stores the cleaned name beside the source's (name and name_source),
// and the reports, which clean whatever names reach them from older
// catalogs or from the engine's sentences.
package names

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Clean writes a name from open data as a document prints it: the
// doubled quotes of CSV exports made single ("CDI ""P. REDAELLI""" →
// CDI "P. Redaelli"), an apostrophe standing for an accent made the accent
// ("CITTA' STUDI" → "Città Studi", while "CA' GRANDA" keeps its elision),
// runs of spaces made one, and names written all in capitals put in title
// case with Italian rules: articles and prepositions in lower case after
// the first word (di, della, c/o, dell'…), acronyms (CDI, RSA, ONLUS,
// S.R.L.), Roman numerals and words with digits kept as they are. A name
// with lower-case letters keeps its case.
//
// It only changes how a name reads: the catalog keeps the original in
// name_source.
func Clean(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	s = strings.ReplaceAll(s, `""`, `"`)
	if len(s) > 2 && strings.HasPrefix(s, `"`) && strings.HasSuffix(s, `"`) && pairedQuotes(s[1:len(s)-1]) {
		// The whole name in quotes, as CSV exports write a field that has
		// quotes of its own: "CDI ""FAGGIO ROSSO""".
		s = s[1 : len(s)-1]
	}
	s = accents.ReplaceAllStringFunc(s, accent)
	if !hasLower(s) && hasLetters(s, 2) {
		s = titleCase(s)
	}
	return s
}

// accents matches a word ending in a vowel and an apostrophe, before a
// space, punctuation or the end.
var accents = regexp.MustCompile(`\p{L}*[AEIOUaeiou]'([\s,.;:)"»\-–]|$)`)

// elisions are words whose final apostrophe is an elision, not an accent
// (Ca' Granda, de' Buttinoni, un po').
var elisions = map[string]bool{"CA": true, "DE": true, "PO": true, "MO": true, "VO": true, "FA": true, "DI": true, "TO": true}

func accent(m string) string {
	i := strings.LastIndex(m, "'")
	word, rest := m[:i], m[i+1:]
	if elisions[strings.ToUpper(word)] {
		return m
	}
	last, size := utf8.DecodeLastRuneInString(word)
	up := strings.ToUpper(word)
	var acc rune
	switch unicode.ToUpper(last) {
	case 'A':
		acc = 'À'
	case 'E':
		acc = 'È'
		if strings.HasSuffix(up, "CHE") || up == "NE" || up == "SE" || strings.HasSuffix(up, "TRE") && len(up) > 3 {
			acc = 'É'
		}
	case 'I':
		acc = 'Ì'
	case 'O':
		acc = 'Ò'
	case 'U':
		acc = 'Ù'
	}
	if unicode.IsLower(last) {
		acc = unicode.ToLower(acc)
	}
	return word[:len(word)-size] + string(acc) + rest
}

func hasLower(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return true
		}
	}
	return false
}

func hasLetters(s string, n int) bool {
	for _, r := range s {
		if unicode.IsLetter(r) {
			if n--; n == 0 {
				return true
			}
		}
	}
	return false
}

// minor words are written in lower case after a name's first word.
var minor = map[string]bool{
	"di": true, "del": true, "della": true, "dello": true, "dei": true, "degli": true, "delle": true,
	"da": true, "dal": true, "dalla": true, "dallo": true, "dai": true, "dagli": true, "dalle": true,
	"a": true, "al": true, "alla": true, "allo": true, "ai": true, "agli": true, "alle": true,
	"in": true, "nel": true, "nella": true, "nello": true, "nei": true, "negli": true, "nelle": true,
	"su": true, "sul": true, "sulla": true, "sui": true, "con": true, "per": true, "tra": true, "fra": true,
	"e": true, "ed": true, "o": true, "il": true, "lo": true, "la": true, "i": true, "gli": true, "le": true,
	"un": true, "una": true, "c/o": true, "de'": true,
	// before an apostrophe: dell'Anziano, l'Abbraccio (after the first word)
	"dell": true, "dall": true, "all": true, "nell": true, "sull": true, "l": true, "d": true,
}

// acronyms keep their capitals (words without vowels, like SRL or CDD, do
// anyway).
var acronyms = map[string]bool{
	"CDI": true, "RSA": true, "ONLUS": true, "ASP": true, "ATS": true, "ASST": true, "APS": true, "ODV": true,
	"ETS": true, "IPAB": true, "SPA": true, "SAS": true, "ACLI": true, "ARCI": true, "AUSER": true, "ANFFAS": true,
	"CRI": true, "NIL": true, "ASL": true, "USL": true, "INPS": true, "ITIS": true, "IIS": true, "IC": true,
	"ICS": true, "CPIA": true, "CFP": true, "MIUR": true, "ISTAT": true, "UONPIA": true, "CPS": true, "SERT": true,
	"SERD": true, "ONG": true, "AIAS": true, "CEM": true, "CAM": true, "ADI": true, "SAD": true, "CSE": true,
	"SFA": true, "UILDM": true, "AVIS": true, "AIMA": true, "AUSL": true, "CEAS": true, "SCRL": true, "ARL": true,
}

var (
	roman   = regexp.MustCompile(`^[IVXLC]{2,}$`)
	longRun = regexp.MustCompile(`\p{Lu}{3,}`)
)

// titleCase writes a name in capitals in title case, word by word.
func titleCase(s string) string {
	words := strings.Split(s, " ")
	for i, w := range words {
		words[i] = titleWord(w, i == 0)
	}
	return strings.Join(words, " ")
}

// titleWord writes one word: leading and trailing punctuation kept, the
// core cased by its kind.
func titleWord(w string, first bool) string {
	lead := strings.IndexFunc(w, isWordRune)
	if lead < 0 {
		return w
	}
	end := strings.LastIndexFunc(w, isWordRune)
	_, size := utf8.DecodeRuneInString(w[end:])
	pre, core, post := w[:lead], w[lead:end+size], w[end+size:]
	if core == "C/O" && post == "" {
		return pre + "c/o" + post
	}
	if post == "'" && !first && minor[strings.ToLower(core)+"'"] { // DE' → de'
		return pre + strings.ToLower(core) + post
	}
	return pre + titleCore(core, first) + post
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func titleCore(core string, first bool) string {
	switch {
	case strings.ContainsFunc(core, unicode.IsDigit):
		// BUTTINONI,15 → Buttinoni,15; N.86 and 57/A as they are.
		return longRun.ReplaceAllStringFunc(core, func(w string) string {
			if acronyms[w] || roman.MatchString(w) {
				return w
			}
			r, n := utf8.DecodeRuneInString(w)
			return string(r) + strings.ToLower(w[n:])
		})
	case acronyms[core], roman.MatchString(core):
		return core
	case !strings.ContainsAny(core, "AEIOUÀÈÉÌÒÙ") && !strings.ContainsAny(core, "'-/"):
		return core // SRL, CDD, P., S.R.L.
	case isDotted(core):
		return core
	}
	// Parts apart from the separators inside the word: SANT'AMBROGIO,
	// DELL'INFANZIA, T.PINI, SANTA-GIULIA.
	var b strings.Builder
	part := 0
	start := 0
	flush := func(end int, sep string) {
		p := core[start:end]
		lower := strings.ToLower(p)
		switch {
		case part == 0 && !first && minor[lower] && sep == "'":
			b.WriteString(lower)
		case part == 0 && !first && minor[lower] && end == len(core):
			b.WriteString(lower)
		case p == "":
		case acronyms[p] || roman.MatchString(p):
			b.WriteString(p)
		default:
			r, n := utf8.DecodeRuneInString(lower)
			b.WriteString(string(unicode.ToUpper(r)) + lower[n:])
		}
		b.WriteString(sep)
		part++
	}
	for i, r := range core {
		if r == '\'' || r == '-' || r == '/' || r == '.' || r == '’' {
			flush(i, string(r))
			start = i + utf8.RuneLen(r)
		}
	}
	flush(len(core), "")
	return b.String()
}

// isDotted reports an abbreviation of single letters and dots: S.R.L, S.P.A.
func isDotted(s string) bool {
	parts := strings.Split(s, ".")
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if utf8.RuneCountInString(p) > 1 {
			return false
		}
	}
	return true
}

// pairedQuotes reports whether the quotes of s open after a space (or at
// the start) and close before a space, punctuation or the end, in pairs:
// then quotes around s enclose the whole name.
func pairedQuotes(s string) bool {
	open := false
	for i := 0; i < len(s); i++ {
		if s[i] != '"' {
			continue
		}
		if !open {
			if i > 0 && s[i-1] != ' ' && s[i-1] != '(' {
				return false
			}
		} else if i+1 < len(s) && !strings.ContainsRune(" ,.;:)-", rune(s[i+1])) {
			return false
		}
		open = !open
	}
	return !open
}
