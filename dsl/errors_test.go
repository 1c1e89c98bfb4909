package dsl

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/question"
)

func TestErrors(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want []string // every error, "line:col: message" in Italian
		en   string   // the first error's English message, when checked
	}{
		{"misspelt target", "where underserved target=anziani-sli radius=800m",
			[]string{`1:19: target sconosciuto "anziani-sli"; forse intendevi "anziani-soli"?`},
			`unknown target "anziani-sli"; did you mean "anziani-soli"?`},
		{"radius without unit", "where underserved target=anziani-soli radius=800",
			[]string{`1:39: radius=800 vuole un'unità (m, km o min); per esempio radius=800m`},
			`radius=800 needs a unit (m, km or min); e.g. radius=800m`},
		{"radius as a percentage", "dove sottoservito target=anziani-soli raggio=90%",
			[]string{`1:39: raggio= vuole una distanza (per esempio 800m, 1.5km, 10min), non "90%"`},
			`raggio= expects a distance (e.g. 800m, 1.5km, 10min), not "90%"`},
		{"radius too far", "where underserved target=anziani-soli radius=21km",
			[]string{`1:39: radius= deve essere tra 50m e 20km, non 21km`}, ""},
		{"radius zero", "where underserved target=anziani-soli radius=0m",
			[]string{`1:39: radius= deve essere tra 50m e 20km, non 0m`}, ""},
		{"unknown unit", "where underserved target=anziani-soli radius=3miles",
			[]string{`1:39: unità sconosciuta "miles" in radius=3miles: usa m, km o min`}, ""},
		{"unknown key", "dove sottoservito target=anziani-soli raggi=800m",
			[]string{
				`1:39: chiave sconosciuta "raggi=" per "dove sottoservito"; forse intendevi "raggio="?`,
				`1:49: manca raggio=; per esempio raggio=800m`,
			},
			`unknown key "raggi=" for "dove sottoservito"; did you mean "radius="?`},
		{"key of another question", "howmuch demand target=minori radius=800m",
			[]string{`1:30: la chiave "radius=" non vale per "howmuch demand"; chiavi: target=, zona=, anno=`},
			`key "radius=" does not apply to "howmuch demand"; keys: target=, area=, year=`},
		{"missing target", "where underserved radius=800m",
			[]string{`1:30: manca target=; per esempio target=anziani`},
			`missing target=; for example target=anziani`},
		{"missing both", "dove sottoservito # niente",
			[]string{`1:18: manca target=; per esempio target=anziani`, `1:18: manca raggio=; per esempio raggio=800m`},
			`missing target=; for example target=anziani`},
		{"repeated key across languages", "where underserved target=anziani radius=1km raggio=2km",
			[]string{`1:45: chiave "raggio=" ripetuta`}, `repeated key "raggio="`},
		{"unknown verb", "wher underserved target=anziani-soli radius=800m",
			[]string{`1:1: verbo sconosciuto "wher"; forse intendevi "dove"?`},
			`unknown verb "wher"; did you mean "where"?`},
		{"subject without verb", "sottoservito target=anziani-soli raggio=800m",
			[]string{`1:1: verbo sconosciuto "sottoservito"; forse intendevi "dove sottoservito"?`}, ""},
		{"unknown subject", "where undeserved target=anziani-soli radius=800m",
			[]string{`1:7: soggetto sconosciuto "undeserved" per "where"; forse intendevi "sottoservito"?`},
			`unknown subject "undeserved" for "where"; did you mean "underserved"?`},
		{"strange character", "where underserved target=anziani-soli § radius=800m",
			[]string{`1:39: carattere inatteso "§"`}, `unexpected character "§"`},
		{"missing value after key", "where underserved target=anziani-soli radius=",
			[]string{`1:46: manca il valore dopo "radius="`}, `expected a value after "radius="`},
		{"missing value before next key", "where underserved radius= target=anziani-soli",
			[]string{`1:26: manca il valore dopo "radius="`}, ""},
		{"stray word", "where underserved target=anziani soli radius=800m",
			[]string{`1:34: "soli" inatteso: atteso chiave=valore; un valore con spazi va tra virgolette: target="anziani soli"`},
			`unexpected "soli": expected key=value; a value with spaces goes in quotes: target="anziani soli"`},
		{"a question in words", "quanti anziani ci sono nel municipio 8",
			[]string{`1:19: "sono" inatteso: atteso chiave=valore (per esempio zona=municipio-8); le domande di "quanti" e le loro chiavi: aiuto quanti`},
			`unexpected "sono": expected key=value (e.g. area=municipio-8); the questions of "quanti" and their keys: help howmuch`},
		{"unterminated string", `howmuch demand target=minori area="Cà Granda`,
			[]string{`1:35: stringa non chiusa: manca il " finale`}, `unterminated string: missing the closing "`},
		{"empty", "  ", []string{`1:1: domanda vuota: scrivi un verbo, per esempio "dove"`}, ""},
		{"list for one value", "howmuch demand target=anziani,minori",
			[]string{`1:16: target= vuole un solo valore, non una lista`}, `target= takes one value, not a list`},
		{"service not serving target", "where underserved target=anziani-soli service=asilo-nido radius=800m",
			[]string{`1:39: il servizio "asilo-nido" non serve il target "anziani-soli"; lo servono: centro-anziani, centro-diurno-integrato`},
			`service "asilo-nido" does not serve target "anziani-soli"; services that do: centro-anziani, centro-diurno-integrato`},
		{"no service serves target", "where underserved target=minori radius=800m",
			[]string{`1:19: nessun servizio del catalogo serve il target "minori"`},
			`no service in the catalog serves target "minori"`},
		{"year out of range", "howmuch demand target=minori year=2019",
			[]string{`1:30: anno 2019 non disponibile; anni disponibili: 2020–2024`},
			`year 2019 not available; available years: 2020–2024`},
		{"unknown area", `howmuch demand target=minori area="Ca Grnda"`,
			[]string{`1:30: area sconosciuta "Ca Grnda"; forse intendevi "Cà Granda"?`}, ""},
		{"unknown level", "where underserved target=anziani radius=1km level=città",
			[]string{`1:45: livello sconosciuto "città": usa nil (o quartiere) o municipio`}, ""},
		{"negative top", "where underserved top=-1 target=anziani-soli radius=800m",
			[]string{`1:19: top= vuole un numero intero, 0 o più (0 per tutte le righe), non "-1"`},
			`top= expects a whole number, 0 or more (0 for every row), not "-1"`},
		{"several check errors in source order", "where underserved year=2030 target=anziani-sli top=x radius=800",
			[]string{
				`1:19: anno 2030 non disponibile; anni disponibili: 2020–2024`,
				`1:29: target sconosciuto "anziani-sli"; forse intendevi "anziani-soli"?`,
				`1:48: top= vuole un numero intero, 0 o più (0 per tutte le righe), non "x"`,
				`1:54: radius=800 vuole un'unità (m, km o min); per esempio radius=800m`,
			}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			plan, err := Compile(tt.src, testVocab())
			if err == nil {
				t.Fatalf("Compile(%q) = %#v, want errors", tt.src, plan)
			}
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("error %T is not an ErrorList", err)
			}
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			if strings.Join(got, "\n") != strings.Join(tt.want, "\n") {
				t.Errorf("Compile(%q) errors:\n%s\nwant:\n%s", tt.src, strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
			if tt.en != "" {
				if m := list[0].Message(question.English); m != tt.en {
					t.Errorf("English message = %q, want %q", m, tt.en)
				}
			}
		})
	}
}

func TestErrorsAs(t *testing.T) {
	_, err := Compile("dove sottoservito", testVocab())
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 2 {
		t.Fatalf("errors.As ErrorList: %v, %d errors", err, len(list))
	}
	var first *Error
	if !errors.As(err, &first) || first != list[0] {
		t.Fatalf("errors.As *Error did not reach the first error: %v", first)
	}
	wrapped := fmt.Errorf("question %q: %w", "dove sottoservito", err)
	if !errors.As(wrapped, &first) || first.Line != 1 || first.Col != 18 {
		t.Fatalf("errors.As through a wrap: %v", first)
	}
	if got, want := err.Error(), "1:18: manca target=; per esempio target=anziani; 1:18: manca raggio=; per esempio raggio=800m"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	_, err = Parse("where §")
	if !errors.As(err, &list) || len(list) != 1 || list[0].Col != 7 {
		t.Errorf("Parse error is not a one-error ErrorList: %#v", err)
	}
}

func TestErrorListText(t *testing.T) {
	list := ErrorList{{Line: 1, Col: 2, it: "a", en: "a"}, {Line: 1, Col: 3, it: "b"}, {Line: 1, Col: 4, it: "c"}}
	if got, want := list.Error(), "1:2: a; 1:3: b; 1:4: c"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
	if got, want := Format(list, "xyz", question.English), "1:2: a\n  xyz\n   ^\n1:3: \n  xyz\n    ^\n1:4: \n  xyz\n     ^"; got != want {
		t.Errorf("Format = %q, want %q", got, want)
	}
}

func TestFormat(t *testing.T) {
	tests := []struct {
		name string
		src  string
		lang question.Lang
		want string
	}{
		{"english, brief example", "where underserved target=anziani-sli radius=800m", question.English,
			"1:19: unknown target \"anziani-sli\"; did you mean \"anziani-soli\"?\n" +
				"  where underserved target=anziani-sli radius=800m\n" +
				"                    ^"},
		{"accented letters count as one column", `quanti domanda zona="Cà Granda" anno=2019 target=minori`, question.Italian,
			"1:33: anno 2019 non disponibile; anni disponibili: 2020–2024\n" +
				`  quanti domanda zona="Cà Granda" anno=2019 target=minori` + "\n" +
				"                                  ^"},
		{"caret after accents on the error's line, in the question's language", "quanti domanda\n  zona=\"Cà Granda\" § target=minori", question.English,
			"2:20: carattere inatteso \"§\"\n" +
				"    zona=\"Cà Granda\" § target=minori\n" +
				"                     ^"},
		{"tabs kept in the caret line", "where\tunderserved\ttarget=x", question.English,
			"1:19: unknown target \"x\"; the nearest: minori, anziani, anziani-soli, prima-infanzia, non-autosufficienti; the list: help targets\n" +
				"  where\tunderserved\ttarget=x\n" +
				"       \t           \t^\n" +
				"1:27: missing radius=; for example radius=800m\n" +
				"  where\tunderserved\ttarget=x\n" +
				"       \t           \t        ^"},
		{"several errors at one place, one caret", "dove sottoservito", question.Italian,
			"1:18: manca target=; per esempio target=anziani\n" +
				"1:18: manca raggio=; per esempio raggio=800m\n" +
				"  dove sottoservito\n" +
				"                   ^"},
		{"an Italian question gets Italian errors whatever the fallback", "dove sottoservito target=anziani-sli raggio=800m", question.English,
			"1:19: target sconosciuto \"anziani-sli\"; forse intendevi \"anziani-soli\"?\n" +
				"  dove sottoservito target=anziani-sli raggio=800m\n" +
				"                    ^"},
		{"an English question gets English errors", "where underserved target=anziani-sli radius=800m", question.Italian,
			"1:19: unknown target \"anziani-sli\"; did you mean \"anziani-soli\"?\n" +
				"  where underserved target=anziani-sli radius=800m\n" +
				"                    ^"},
		{"a question of neutral words gets the fallback", "dossier target=x", question.English,
			"1:9: unknown target \"x\"; the nearest: minori, anziani, anziani-soli, prima-infanzia, non-autosufficienti; the list: help targets\n" +
				"  dossier target=x\n" +
				"          ^\n" +
				"1:17: missing area=; for example area=municipio-9\n" +
				"  dossier target=x\n" +
				"                  ^"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(tt.src, testVocab())
			if got := Format(err, tt.src, tt.lang); got != tt.want {
				t.Errorf("Format:\n%s\nwant:\n%s", got, tt.want)
			}
		})
	}
	// The caret sits under the rune the column names.
	src := `quanti domanda zona="Cà Granda" anno=2019 target=minori`
	_, err := Compile(src, testVocab())
	lines := strings.Split(Format(err, src, question.Italian), "\n")
	caret := []rune(lines[2])
	typed := []rune(lines[1])
	if len(caret) == 0 || string(typed[len(caret)-1:len(caret)+4]) != "anno=" {
		t.Errorf("caret is not under anno=:\n%s\n%s", lines[1], lines[2])
	}
	if got := Format(errors.New("boom"), "x", question.Italian); got != "boom" {
		t.Errorf("Format(foreign error) = %q", got)
	}
}
