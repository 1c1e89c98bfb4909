package dsl

import (
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/question"
)

// TestSynonyms: the natural words for grouping (per=, by=) and for a point
// (vicino=, near=) are the keys level= and at=, with the same plans.
func TestSynonyms(t *testing.T) {
	for _, c := range []struct{ src, same string }{
		{"dove concentrazione target=anziani per=municipio", "where concentration target=anziani level=municipio"},
		{"where concentration target=anziani by=nil", "where concentration target=anziani level=nil"},
		{"where concentration target=anziani BY=quartiere", "where concentration target=anziani level=nil"},
		{"dove sottoservito target=anziani-soli raggio=800m per=municipio", "where underserved target=anziani-soli radius=800m level=municipio"},
		{"ripartisci budget=500k target=anziani per=municipio", "allocate budget=500000 target=anziani level=municipio"},
		{"quale centro servizio=rsa vicino=45.46,9.19", "which center service=rsa at=45.46,9.19"},
		{"which center service=rsa near=45.46,9.19", "which center service=rsa at=45.46,9.19"},
	} {
		got, err := Compile(c.src, testVocab())
		if err != nil {
			t.Errorf("Compile(%q): %v", c.src, err)
			continue
		}
		want, err := Compile(c.same, testVocab())
		if err != nil {
			t.Fatalf("Compile(%q): %v", c.same, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Compile(%q) = %s, want %s", c.src, got.Canonical(), want.Canonical())
		}
	}
	// A repeated key through its synonym is a repeated key.
	if _, err := Compile("where concentration target=anziani level=nil by=municipio", testVocab()); err == nil {
		t.Errorf("level= and by= together were accepted")
	}
}

// TestQuestionLang: the language of a question is read from its words.
func TestQuestionLang(t *testing.T) {
	for _, c := range []struct {
		src  string
		want question.Lang
	}{
		{"dove sottoservito target=anziani raggio=800m", question.Italian},
		{"where underserved target=anziani radius=800m", question.English},
		{"dove underserved target=anziani radius=800m", ""}, // verb 2, subject and key 2: the caller's language
		{"where sottoservito target=anziani raggio=800m zona=municipio-9", question.Italian},
		{"dossier target=anziani area=municipio-9", ""}, // area is Italian too
		{"dossier target=anziani area=municipio-9 template=cariplo", question.English},
		{"dossier target=anziani zona=municipio-9", question.Italian},
		{"dossier target=anziani", ""},
		{"spiega where underserved target=anziani radius=800m", question.English},
		{"quanti domanda per=municipio", question.Italian},
		{"where concentration by=nil", question.English},
	} {
		q, err := Parse(c.src)
		if err != nil {
			t.Fatal(err)
		}
		if got := questionLang(q); got != c.want {
			t.Errorf("questionLang(%q) = %q, want %q", c.src, got, c.want)
		}
		if got := sourceLang(c.src); got != c.want {
			t.Errorf("sourceLang(%q) = %q, want %q", c.src, got, c.want)
		}
	}
}

// TestErrorsInTheQuestionsLanguage: every error of a question carries the
// question's language, and its suggestions are spelt in the language of
// the message: never an English key in an Italian message.
func TestErrorsInTheQuestionsLanguage(t *testing.T) {
	for _, c := range []struct {
		src  string
		want string // the first error, in the question's language
	}{
		{"dove concentrazione target=anziani yaer=2023",
			`1:36: chiave sconosciuta "yaer=" per "dove concentrazione"; forse intendevi "anno="?`},
		{"where concentration target=anziani anoo=2023",
			`1:36: unknown key "anoo=" for "where concentration"; did you mean "year="?`},
		{"dove concentrazione target=anziani livelo=municipio",
			`1:36: chiave sconosciuta "livelo=" per "dove concentrazione"; forse intendevi "livello="?`},
		{"dove concentrazione target=anziani perr=municipio",
			`1:36: chiave sconosciuta "perr=" per "dove concentrazione"; forse intendevi "per="?`},
		{"dove concentrazione target=anziani xy=1",
			`1:36: chiave sconosciuta "xy=" per "dove concentrazione"; chiavi: target=, zona=, livello=, anno=, primi=, ordina=, verso=`},
		{"dove concentrazone target=anziani",
			`1:6: soggetto sconosciuto "concentrazone" per "dove"; forse intendevi "concentrazione"?`},
		{"where concentrazone target=anziani",
			`1:7: unknown subject "concentrazone" for "where"; did you mean "concentration"?`},
		{"dve concentrazione target=anziani",
			`1:1: verbo sconosciuto "dve"; forse intendevi "dove"?`},
		{"howmuch demand target=anziani §", `1:31: unexpected character "§"`},
		{"quanti domanda target=anziani §", `1:31: carattere inatteso "§"`},
	} {
		_, err := Compile(c.src, testVocab())
		var first *Error
		if !errors.As(err, &first) {
			t.Errorf("Compile(%q) = %v, want an error", c.src, err)
			continue
		}
		l := first.Lang(question.Lang("none"))
		if got := first.Error()[:len("1:")] + first.Error()[len("1:"):len(first.Error())-len(first.Message(question.Italian))] + first.Message(l); got != c.want {
			t.Errorf("Compile(%q):\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}

// TestRedundantKeys: a target= the service serves is accepted by questions
// about one service and changes nothing; one it does not serve is an error
// naming the services that do. A missing service or target that follows
// from the other is taken.
func TestRedundantKeys(t *testing.T) {
	for _, c := range []struct{ src, same string }{
		{"where gap service=asilo-nido target=prima-infanzia", "where gap service=asilo-nido"},
		{"quanti capacità servizio=rsa target=anziani", "howmuch capacity service=rsa"},
		{"which saturation service=rsa target=non-autosufficienti", "which saturation service=rsa"},
		{"which alternatives service=rsa target=anziani area=municipio-9", "which alternatives service=rsa area=municipio-9"},
		{"when saturation service=rsa target=anziani", "when saturation service=rsa"},
		{"which center service=rsa target=anziani area=municipio-9", "which center service=rsa area=municipio-9"},
		// the target's only service
		{"which center target=prima-infanzia area=municipio-9", "which center service=asilo-nido area=municipio-9"},
		{"howmuch centers target=prima-infanzia coverage=90%", "howmuch centers service=asilo-nido target=prima-infanzia coverage=90%"},
		// the service's first target (overlap) or only target
		{"where overlap service=centro-anziani radius=800m", "where overlap service=centro-anziani target=anziani radius=800m"},
		{"where overlap service=rsa", "where overlap service=rsa target=anziani"},
		{"where locate service=asilo-nido", "where locate service=asilo-nido target=prima-infanzia"},
	} {
		got, err := Compile(c.src, testVocab())
		if err != nil {
			t.Errorf("Compile(%q): %v", c.src, err)
			continue
		}
		want, err := Compile(c.same, testVocab())
		if err != nil {
			t.Fatalf("Compile(%q): %v", c.same, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Compile(%q) = %s, want %s", c.src, got.Canonical(), want.Canonical())
		}
	}
	for _, c := range []struct{ src, want string }{
		{"where gap service=asilo-nido target=anziani",
			`1:30: il servizio "asilo-nido" non serve il target "anziani"; lo servono: centro-anziani, rsa`},
		{"quale centro target=anziani zona=municipio-9",
			`1:14: "quale centro" vuole un servizio e il target "anziani" è servito da centro-anziani e rsa: indica quale, per esempio servizio=centro-anziani`},
		{"where locate service=centro-anziani",
			`1:36: manca target=: il servizio "centro-anziani" serve anziani e anziani-soli; per esempio target=anziani`},
		{"where overlap", "1:14: manca servizio=; per esempio servizio=centro-anziani; 1:14: manca target=; per esempio target=anziani"},
		{"where overlap service=centro-anzani", `1:15: servizio sconosciuto "centro-anzani"; forse intendevi "centro-anziani"?`},
	} {
		_, err := Compile(c.src, testVocab())
		if err == nil || err.Error() != c.want {
			t.Errorf("Compile(%q):\n got %v\nwant %s", c.src, err, c.want)
		}
	}
}

// TestPlainQuestions: a target as the subject of quanti/quante/how many is
// the demand question; a question may end with a question mark.
func TestPlainQuestions(t *testing.T) {
	for _, c := range []struct{ src, same string }{
		{"quanti anziani zona=municipio-9", "howmuch demand target=anziani area=municipio-9"},
		{"quante prima-infanzia", "howmuch demand target=prima-infanzia"},
		{"quanti anziani-soli anno=2022", "howmuch demand target=anziani-soli year=2022"},
		{"how many anziani area=municipio-9", "howmuch demand target=anziani area=municipio-9"},
		{"How  Many minori?", "howmuch demand target=minori"},
		{"how much demand target=minori", "howmuch demand target=minori"},
		{"quanti anziani zona=municipio-9?", "howmuch demand target=anziani area=municipio-9"},
		{"spiega quanti minori ?  ", "explain howmuch demand target=minori"},
		{"quanti Minors", "howmuch demand target=minori"},
		{"quanti anziani soli zona=municipio-9", "howmuch demand target=anziani-soli area=municipio-9"},
		{"quante prima infanzia?", "howmuch demand target=prima-infanzia"},
	} {
		got, err := Compile(c.src, testVocab())
		if err != nil {
			t.Errorf("Compile(%q): %v", c.src, err)
			continue
		}
		want, err := Compile(c.same, testVocab())
		if err != nil {
			t.Fatalf("Compile(%q): %v", c.same, err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("Compile(%q) = %s, want %s", c.src, got.Canonical(), want.Canonical())
		}
	}
	for _, c := range []struct {
		src, want string
		lang      question.Lang
	}{
		{"quanti anzian zona=municipio-9",
			`1:8: soggetto sconosciuto "anzian" per "quanti"; forse intendevi "quanti anziani", cioè quanti domanda target=anziani?`, question.Italian},
		{"quanti persone zona=municipio-9",
			`1:8: soggetto sconosciuto "persone" per "quanti": scrivi domanda, centri, capacità, o un target, per esempio "quanti anziani" (cioè quanti domanda target=anziani); i target: aiuto target`, question.Italian},
		{"how many peoples",
			`1:10: unknown subject "peoples" for "how many": write demand, centers, capacity, or a target, e.g. "how many anziani" (that is howmuch demand target=anziani); the targets: help targets`, question.English},
		{"quanti anziani target=minori",
			`1:16: il target è già "anziani", scritto dopo "quanti anziani": togli target=`, question.Italian},
		{"quanti anziani tutti",
			`1:16: "tutti" inatteso: atteso chiave=valore`, question.Italian},
		{"dove sottoservito extra target=anziani raggio=800m",
			`1:19: "extra" inatteso: atteso chiave=valore`, question.Italian},
		{"quanti domand target=minori",
			`1:8: soggetto sconosciuto "domand" per "quanti"; forse intendevi "domanda"?`, question.Italian},
	} {
		_, err := Compile(c.src, testVocab())
		var first *Error
		if !errors.As(err, &first) {
			t.Errorf("Compile(%q) = %v, want an error", c.src, err)
			continue
		}
		if l := first.Lang(""); l != c.lang {
			t.Errorf("Compile(%q): language %q, want %q", c.src, l, c.lang)
		}
		if got := fmt.Sprintf("%d:%d: %s", first.Line, first.Col, first.Message(c.lang)); got != c.want {
			t.Errorf("Compile(%q):\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}

// TestYearRanges: howmuch demand takes a span of years; a question that
// takes one year says where ranges go.
func TestYearRanges(t *testing.T) {
	p, err := Compile("quanti domanda target=minori anno=2021..2023", testVocab())
	if err != nil {
		t.Fatal(err)
	}
	want := &question.Demand{Target: "minori", Area: "milano", FromYear: 2021, Year: 2023}
	if !reflect.DeepEqual(p, want) {
		t.Errorf("plan %#v, want %#v", p, want)
	}
	if got := p.Canonical(); got != "howmuch demand target=minori area=milano year=2021..2023" {
		t.Errorf("canonical %q", got)
	}
	back, err := Compile(p.Canonical(), testVocab())
	if err != nil || !reflect.DeepEqual(back, p) {
		t.Errorf("canonical form does not compile back: %v", err)
	}
	for _, c := range []struct{ src, want string }{
		{"dove raggiungi target=minori anno=2020..2024",
			`1:30: anno= vuole un anno, non un intervallo, per "dove raggiungi": gli intervalli di anni (2020..2024) valgono per dove concentrazione, quanti domanda e quando saturazione`},
		{"quanti domanda target=minori anno=2019..2024",
			`1:30: intervallo 2019..2024 non disponibile: due anni del catalogo, il primo prima dell'ultimo; anni disponibili: 2020–2024`},
	} {
		_, err := Compile(c.src, testVocab())
		if err == nil || err.Error() != c.want {
			t.Errorf("Compile(%q):\n got %v\nwant %s", c.src, err, c.want)
		}
	}
}

// TestNumberHints: a number written with separators of thousands gets the
// way to write it, in the question's language.
func TestNumberHints(t *testing.T) {
	for _, c := range []struct {
		src, want string
		lang      question.Lang
	}{
		{"ripartisci budget=200,000 target=anziani",
			"1:12: budget=200,000: i numeri si scrivono senza separatore delle migliaia; scrivi budget=200000 o budget=200k", question.Italian},
		{"allocate budget=1,500,000 target=anziani",
			"1:10: budget=1,500,000: numbers are written without a thousands separator; write budget=1500000 or budget=1.5M", question.English},
		{"ripartisci budget=2,000,000 target=anziani",
			"1:12: budget=2,000,000: i numeri si scrivono senza separatore delle migliaia; scrivi budget=2000000 o budget=2M", question.Italian},
		{"ripartisci budget=200.000 target=anziani",
			"1:12: budget=200.000: i numeri si scrivono senza separatore delle migliaia; scrivi budget=200000 o budget=200k", question.Italian},
		{"where underserved target=anziani radius=1,500m",
			"1:34: radius=1,500m: numbers are written without a thousands separator; write radius=1500m", question.English},
		{"ripartisci budget=1.500.000 target=anziani",
			`1:24: "." inatteso: i numeri si scrivono senza separatore delle migliaia (1500000, o 1.5M per un budget)`, question.Italian},
		{"ripartisci budget=200,5 target=anziani",
			"1:12: budget= vuole un solo valore, non una lista", question.Italian},
	} {
		_, err := Compile(c.src, testVocab())
		var first *Error
		if !errors.As(err, &first) {
			t.Errorf("Compile(%q) = %v, want an error", c.src, err)
			continue
		}
		if got := fmt.Sprintf("%d:%d: %s", first.Line, first.Col, first.Message(first.Lang(""))); got != c.want {
			t.Errorf("Compile(%q):\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}

// TestValueSuggestions: the slug a value begins, a synonym, a word of a
// name; never a wrong one.
func TestValueSuggestions(t *testing.T) {
	for _, c := range []struct{ src, want string }{
		{"where overlap service=centro-diurni", `1:15: servizio sconosciuto "centro-diurni"; forse intendevi "centro-diurno-integrato"?`},
		{"where concentration target=anziani-sili", `1:21: target sconosciuto "anziani-sili"; forse intendevi "anziani-soli"?`},
		{"where concentration target=disabled", `1:21: target sconosciuto "disabled"; i più vicini: minori, anziani, anziani-soli, prima-infanzia, non-autosufficienti; l'elenco: aiuto target`},
		{"where concentration target=elderly", `1:21: target sconosciuto "elderly"; forse intendevi "anziani"?`},
		{"where concentration target=toddlers", `1:21: target sconosciuto "toddlers"; forse intendevi "prima-infanzia"?`},
		{"where concentration target=dependent", `1:21: target sconosciuto "dependent"; forse intendevi "non-autosufficienti"?`},
		{"where gap service=sad", `1:11: servizio sconosciuto "sad"; i più vicini: rsa, asilo-nido, centro-anziani, centro-diurno-integrato; l'elenco: aiuto servizi`},
		{"where gap service=daycare", `1:11: servizio sconosciuto "daycare"; forse intendevi "asilo-nido"?`},
	} {
		_, err := Compile(c.src, testVocab())
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Compile(%q):\n got %v\nwant %s", c.src, err, c.want)
		}
	}
}

// TestSort: where concentration ranks by a column; growth takes a span.
func TestSort(t *testing.T) {
	base := question.WhereConcentration{Target: "minori", Level: question.LevelNIL, Year: 2024, Top: 10}
	for _, c := range []struct {
		src  string
		edit func(p *question.WhereConcentration)
	}{
		{"dove concentrazione target=minori ordina=densità", func(p *question.WhereConcentration) { p.Sort = question.SortDensity }},
		{"where concentration target=minori sort=share", func(p *question.WhereConcentration) { p.Sort = question.SortShare }},
		{"where concentration target=minori sort=count", nil},
		{"dove concentrazione target=minori ordina=quota", func(p *question.WhereConcentration) { p.Sort = question.SortShare }},
		{"dove concentrazione target=minori ordina=crescita", func(p *question.WhereConcentration) { p.Sort, p.FromYear = question.SortGrowth, 2020 }},
		{"dove concentrazione target=minori anno=2021..2023 ordina=crescita", func(p *question.WhereConcentration) {
			p.Sort, p.FromYear, p.Year = question.SortGrowth, 2021, 2023
		}},
		{"dove concentrazione target=minori anno=2021..2023", func(p *question.WhereConcentration) { p.FromYear, p.Year = 2021, 2023 }},
	} {
		want := base
		if c.edit != nil {
			c.edit(&want)
		}
		got, err := Compile(c.src, testVocab())
		if err != nil {
			t.Errorf("Compile(%q): %v", c.src, err)
			continue
		}
		if !reflect.DeepEqual(got, &want) {
			t.Errorf("Compile(%q) = %#v, want %#v", c.src, got, &want)
		}
		back, err := Compile(got.Canonical(), testVocab())
		if err != nil || !reflect.DeepEqual(back, got) {
			t.Errorf("canonical %q does not compile back: %v", got.Canonical(), err)
		}
	}
	u, err := Compile("dove sottoservito target=anziani raggio=800m ordina=quota", testVocab())
	want := &question.Underserved{Target: "anziani", RadiusM: 800, Level: question.LevelNIL, Year: 2024, Top: 10, Sort: question.SortShare}
	if err != nil || !reflect.DeepEqual(u, want) {
		t.Errorf("underserved sort=share: %#v, %v", u, err)
	} else if back, err := Compile(u.Canonical(), testVocab()); err != nil || !reflect.DeepEqual(back, u) {
		t.Errorf("canonical %q does not compile back: %v", u.Canonical(), err)
	}
	for _, c := range []struct{ src, want string }{
		{"dove concentrazione target=minori ordina=densita anno=2022 ordina=quota", `1:60: chiave "ordina=" ripetuta`},
		{"dove concentrazione target=minori ordina=denista", `1:35: ordina= non conosce la colonna "denista"; forse intendevi "densità"?`},
		{"dove concentrazione target=minori anno=2022 ordina=crescita", `1:45: ordina=crescita vuole un intervallo di anni, per esempio anno=2020..2022`},
		{"dove sottoservito target=anziani raggio=800m ordina=densità", `1:46: ordina= non conosce la colonna "densità"; colonne: conteggio, quota`},
		{"dove raggiungi target=anziani ordina=colore", `1:31: ordina= non conosce la colonna "colore"; colonne: punteggio, persone, densità, quota, nome`},
		{"dove localizza servizio=rsa target=anziani ordina=quota", `1:44: la chiave "ordina=" non vale per "dove localizza"`},
		{"dove divario servizio=rsa verso=crescente", `1:27: verso= dice il verso, manca la colonna: aggiungi ordina=, per esempio ordina=posti-mancanti`},
		{"dove divario servizio=rsa ordina=capacità verso=su", `1:43: verso= vuole crescente o decrescente, non "su"`},
	} {
		_, err := Compile(c.src, testVocab())
		if err == nil || !strings.HasPrefix(err.Error(), c.want) {
			t.Errorf("Compile(%q):\n got %v\nwant %s", c.src, err, c.want)
		}
	}
}

// TestPrefixes: the beginning of exactly one slug, three letters or more, is
// that slug, and the canonical form writes it whole; the beginning of
// several is an error listing them, with its caret at the value; two
// letters are never taken.
func TestPrefixes(t *testing.T) {
	for _, c := range []struct{ src, canonical string }{
		{"dove divario servizio=centro-diurno", "where gap service=centro-diurno-integrato level=nil year=2024 top=10"},
		{"where concentration target=anziani-s", "where concentration target=anziani-soli level=nil year=2024 top=10"},
		{"where concentration target=prima", "where concentration target=prima-infanzia level=nil year=2024 top=10"},
		{"where gap service=asi", "where gap service=asilo-nido level=nil year=2024 top=10"},
		{"howmuch demand target=minori area=nil-5", "howmuch demand target=minori area=nil-54"},
		{"dossier target=minori area=nil-54 template=fondazione", "dossier target=minori area=nil-54 template=fondazione-comunita year=2024"},
		{"dossier target=minori area=nil-54 template=car", "dossier target=minori area=nil-54 template=cariplo year=2024"},
	} {
		p, err := Compile(c.src, testVocab())
		if err != nil {
			t.Errorf("Compile(%q): %v", c.src, err)
			continue
		}
		if got := p.Canonical(); !strings.HasPrefix(got, c.canonical) {
			t.Errorf("Compile(%q).Canonical() = %q, want it to begin %q", c.src, got, c.canonical)
		}
	}
	for _, c := range []struct{ src, want string }{
		{"quali servizi target=anzian", `1:15: "anzian" è l'inizio di più target: anziani, anziani-soli; scrivine uno per intero`},
		{"where gap service=centro", `1:11: "centro" begins several services: centro-anziani, centro-diurno-integrato; write one in full`},
		{"quanti domanda target=minori zona=municipio", `1:30: "municipio" è l'inizio di più aree: `},
		{"where gap service=rs", `1:11: unknown service "rs"`},
		{"where concentration target=pr", `1:21: unknown target "pr"`},
	} {
		_, err := Compile(c.src, testVocab())
		if err == nil {
			t.Errorf("Compile(%q): no error, want %s", c.src, c.want)
			continue
		}
		var first *Error
		if !errors.As(err, &first) {
			t.Fatalf("Compile(%q): %T", c.src, err)
		}
		if got := fmt.Sprintf("%d:%d: %s", first.Line, first.Col, first.Message(first.Lang(question.Italian))); !strings.HasPrefix(got, c.want) {
			t.Errorf("Compile(%q):\n got %s\nwant %s", c.src, got, c.want)
		}
	}
}

// TestOrderAnyColumn: every ranking may be ordered by any column of its
// table, named by its stable name or a word in either language, either
// way; the canonical form writes the column's stable name and the
// direction, and compiles back to the same plan.
func TestOrderAnyColumn(t *testing.T) {
	for _, c := range []struct{ src, canonical string }{
		{"dove divario servizio=rsa ordina=capacità", "where gap service=rsa level=nil year=2024 top=10 sort=capacity order=desc"},
		{"where gap service=rsa sort=capacity order=asc", "where gap service=rsa level=nil year=2024 top=10 sort=capacity order=asc"},
		{"dove divario servizio=rsa ordina=posti-mancanti verso=crescente", "where gap service=rsa level=nil year=2024 top=10 sort=places_missing order=asc"},
		{"dove divario servizio=rsa ordina=nome", "where gap service=rsa level=nil year=2024 top=10 sort=area_name order=asc"},
		{"quale saturazione servizio=rsa ordina=carico verso=decrescente", "which saturation service=rsa year=2024 top=10 sort=load order=desc"},
		{"which saturation service=rsa sort=load order=ascending", "which saturation service=rsa year=2024 top=10 sort=load order=asc"},
		{"quale centro servizio=rsa presso=45.46,9.19 ordina=posti-liberi", "which center service=rsa at=45.46,9.19 top=3 sort=spare_capacity order=desc"},
		{"quali partner target=anziani zona=municipio-9 ordina=strutture", "which partners target=anziani area=municipio-9 top=10 sort=facilities order=desc"},
		{"dove priorità target=anziani ordina=crescita", "where priority target=anziani level=nil year=2024 top=10 sort=growth order=desc"},
		{"dove sovrapposizione servizio=centro-anziani ordina=distanza verso=crescente", "where overlap service=centro-anziani target=anziani"},
		{"confronta zona=municipio-2,municipio-9 target=anziani ordina=quota", "compare area=municipio-2,municipio-9 target=anziani year=2024 sort=population_share order=desc"},
		{"ripartisci budget=500k target=anziani ordina=equa", "allocate budget=500000 target=anziani level=nil year=2024 sort=fair_eur order=desc"},
		{"dove concentrazione target=minori ordina=quota verso=crescente", "where concentration target=minori level=nil year=2024 top=10 sort=share order=asc"},
		{"dove concentrazione target=minori ordina=quota-città", "where concentration target=minori level=nil year=2024 top=10 sort=city_share order=desc"},
		{"where concentration target=minori order=asc sort=count", "where concentration target=minori level=nil year=2024 top=10 sort=target_count order=asc"},
		{"dove sottoservito target=anziani raggio=800m ordina=nome", "where underserved target=anziani radius=800m level=nil year=2024 top=10 sort=area_name order=asc"},
	} {
		p, err := Compile(c.src, testVocab())
		if err != nil {
			t.Errorf("Compile(%q): %v", c.src, err)
			continue
		}
		if got := p.Canonical(); !strings.HasPrefix(got, c.canonical) {
			t.Errorf("Compile(%q).Canonical() = %q, want %q", c.src, got, c.canonical)
		}
		back, err := Compile(p.Canonical(), testVocab())
		if err != nil || !reflect.DeepEqual(back, p) {
			t.Errorf("canonical %q does not compile back to the same plan: %v", p.Canonical(), err)
		}
	}
	// Every ranking question lists columns, and every column a word.
	for name, cols := range question.SortColumns {
		if len(cols) < 2 {
			t.Errorf("%s: %d sortable columns", name, len(cols))
		}
		if sortColumnNames(name, question.Italian) == "" {
			t.Errorf("%s: no column names", name)
		}
	}
}
