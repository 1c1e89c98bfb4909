package dsl

import (
	"errors"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/question"
)

// checkErrors are questions that must fail, with their first error in
// Italian ("line:col: message") and its English message: the findings of the
// review of the language (sections, levels, radii, signs, exponents) and the
// errors of every question.
var checkErrors = []struct {
	src, want, en string
}{
	{"howmuch demand target=minori area=sezione-1",
		"1:30: \"sezione-1\" è una sezione di censimento: le sezioni non si interrogano una per una (riservatezza statistica); chiedi la sua area, area=nil-54",
		"\"sezione-1\" is a census section: sections cannot be asked one by one (statistical confidentiality); ask for its area, area=nil-54"},
	{"where underserved target=anziani-soli radius=800m area=S1",
		"1:51: \"sezione-1\" è una sezione di censimento: le sezioni non si interrogano una per una (riservatezza statistica); chiedi la sua area, area=nil-54",
		"\"sezione-1\" is a census section: sections cannot be asked one by one (statistical confidentiality); ask for its area, area=nil-54"},
	{"where underserved target=anziani-soli radius=800m area=nil-54 level=municipio",
		"1:63: l'area nil-54 (nil) è più piccola del livello municipio: togli level= o usa level=nil",
		"area nil-54 (nil) is finer than level municipio: drop level= or use level=nil"},
	{"where underserved target=anziani-soli radius=830m",
		"1:39: radius= vuole un multiplo di 50 m; usa radius=800m o radius=850m",
		"radius= must be a multiple of 50 m; use radius=800m or radius=850m"},
	{"where underserved target=anziani-soli radius=7.3min",
		"1:39: radius= vuole un multiplo di 50 m: 7.3min di cammino sono 584m; usa radius=550m o radius=600m",
		"radius= must be a multiple of 50 m: 7.3min of walking is 584m; use radius=550m or radius=600m"},
	{"where underserved target=anziani-soli radius=30m",
		"1:39: radius= deve essere tra 50m e 20km, non 30m",
		"radius= must be between 50m and 20km, not 30m"},
	{"where underserved target=anziani-soli radius=1e308m",
		"1:39: radius= vuole un numero scritto per intero, senza esponente, non \"1e308m\"",
		"radius= expects a number written out, without an exponent, not \"1e308m\""},
	{"where underserved target=anziani-soli radius=-5m",
		"1:39: radius= deve essere tra 50m e 20km, non -5m",
		"radius= must be between 50m and 20km, not -5m"},
	{"where underserved target=anziani-soli radius=10min,1km",
		"1:39: radius= vuole un solo valore, non una lista",
		"radius= takes one value, not a list"},
	{"where locate service=centro-diurno-integrato target=anziani-soli",
		"1:65: il servizio \"centro-diurno-integrato\" non ha un raggio abituale: indica raggio=, per esempio raggio=800m",
		"service \"centro-diurno-integrato\" has no usual radius: give radius=, e.g. radius=800m"},
	{"where locate service=rsa target=anziani count=0",
		"1:41: count= vuole un numero intero da 1 a 50, non 0",
		"count= expects a whole number from 1 to 50, not 0"},
	{"where overlap service=asilo-nido target=anziani",
		"1:15: il servizio \"asilo-nido\" non serve il target \"anziani\"; lo servono: centro-anziani, rsa",
		"service \"asilo-nido\" does not serve target \"anziani\"; services that do: centro-anziani, rsa"},
	{"howmuch centers service=asilo-nido target=prima-infanzia",
		"1:57: manca copertura=; per esempio copertura=90%",
		"missing coverage=; for example coverage=90%"},
	{"howmuch centers service=asilo-nido target=prima-infanzia coverage=90",
		"1:58: coverage= vuole una percentuale, per esempio 90%, non \"90\"",
		"coverage= expects a percentage, e.g. 90%, not \"90\""},
	{"howmuch centers service=asilo-nido target=prima-infanzia coverage=120%",
		"1:58: coverage= vuole una percentuale più di 0 e al massimo 100%, con al più un decimale, non 120%",
		"coverage= expects a percentage above 0 and at most 100%, with at most one decimal, not 120%"},
	{"howmuch centers service=asilo-nido target=prima-infanzia coverage=90.25%",
		"1:58: coverage= vuole una percentuale più di 0 e al massimo 100%, con al più un decimale, non 90.25%",
		"coverage= expects a percentage above 0 and at most 100%, with at most one decimal, not 90.25%"},
	{"which center service=rsa",
		"1:25: manca presso= o zona=; per esempio presso=45.46,9.19",
		"missing at= or area=; for example at=45.46,9.19"},
	{"which center service=rsa at=45.46,9.19 area=nil-54",
		"1:40: indica at= o area=, non entrambi",
		"give at= or area=, not both"},
	{"which center service=rsa at=45.46",
		"1:26: at= vuole latitudine,longitudine in gradi, per esempio 45.46,9.19",
		"at= expects latitude,longitude in degrees, e.g. 45.46,9.19"},
	{"which center service=rsa at=95,9.19",
		"1:26: at= fuori dal globo: latitudine tra -90 e 90, longitudine tra -180 e 180",
		"at= is off the globe: latitude from -90 to 90, longitude from -180 to 180"},
	{"which center service=rsa,asilo-nido at=45.46,9.19",
		"1:14: service= vuole un solo valore, non una lista",
		"service= takes one value, not a list"},
	{"when route area=nil-54 target=anziani-soli",
		"1:43: manca da=; per esempio da=centro-anziani-001",
		"missing from=; for example from=centro-anziani-001"},
	{"when route from=f1 area=nil-54 target=anziani-soli visits=500",
		"1:52: visits= vuole un numero intero da 1 a 100, non 500",
		"visits= expects a whole number from 1 to 100, not 500"},
	{"when saturation service=rsa year=2019..2024",
		"1:29: intervallo 2019..2024 non disponibile: due anni del catalogo, il primo prima dell'ultimo; anni disponibili: 2020–2024",
		"range 2019..2024 not available: two years of the catalog, the first before the last; available years: 2020–2024"},
	{"when saturation service=rsa year=2024",
		"1:29: year= vuole un intervallo di anni, per esempio 2020..2024, non \"2024\"",
		"year= expects a range of years, e.g. 2020..2024, not \"2024\""},
	{"when saturation service=rsa year=2024..2020",
		"1:29: intervallo 2024..2020 non disponibile: due anni del catalogo, il primo prima dell'ultimo; anni disponibili: 2020–2024",
		"range 2024..2020 not available: two years of the catalog, the first before the last; available years: 2020–2024"},
	{"compare area=municipio-2 target=minori",
		"1:39: confronta vuole almeno due aree o due target, per esempio zona=municipio-1,municipio-2",
		"compare needs at least two areas or two targets, e.g. area=municipio-1,municipio-2"},
	{"compare area=municipio-2,sezione-1 target=minori",
		"1:9: \"sezione-1\" è una sezione di censimento: le sezioni non si interrogano una per una (riservatezza statistica); chiedi la sua area, area=nil-54",
		"\"sezione-1\" is a census section: sections cannot be asked one by one (statistical confidentiality); ask for its area, area=nil-54"},
	{"allocate target=minori",
		"1:23: manca budget=; per esempio budget=500000",
		"missing budget=; for example budget=500000"},
	{"allocate budget=500000m target=minori",
		"1:10: unità sconosciuta \"m\" in budget=500000m: scrivi euro interi, o k (migliaia), M o mln (milioni)",
		"unknown unit \"m\" in budget=500000m: write whole euros, or k (thousands), M or mln (millions)"},
	{"allocate budget=1.23456k target=minori",
		"1:10: budget= vuole euro interi da 1 a 10 miliardi, non 1.23456k",
		"budget= expects whole euros from 1 to 10 billion, not 1.23456k"},
	{"allocate budget=0 target=minori",
		"1:10: budget= vuole euro interi da 1 a 10 miliardi, non 0",
		"budget= expects whole euros from 1 to 10 billion, not 0"},
	{"when route from=x area=nil-54 target=anziani-soli time=90",
		"1:51: time=90 vuole un'unità (min o h); per esempio time=90min",
		"time=90 needs a unit (min or h); e.g. time=90min"},
	{"when route from=x area=nil-54 target=anziani-soli time=25h",
		"1:51: time= vuole minuti interi da 1 a 1440 (24h), non 25h",
		"time= expects whole minutes from 1 to 1440 (24h), not 25h"},
	{"when route from=x area=nil-54 target=anziani-soli time=2km",
		"1:51: time= vuole una durata (per esempio 90min o 2h), non \"2km\"",
		"time= expects a duration (e.g. 90min or 2h), not \"2km\""},
	{"dossier target=minori area=nil-54 template=fondaz-comunita",
		"1:35: modello sconosciuto \"fondaz-comunita\"; forse intendevi \"fondazione-comunita\"?; modelli: generico, cariplo, fondazione-comunita",
		"unknown template \"fondaz-comunita\"; did you mean \"fondazione-comunita\"?; templates: generico, cariplo, fondazione-comunita"},
	{"dossier target=minori",
		"1:22: manca zona=; per esempio zona=municipio-9",
		"missing area=; for example area=municipio-9"},
	{"profile area=milano year=2019",
		"1:21: anno 2019 non disponibile; anni disponibili: 2020–2024",
		"year 2019 not available; available years: 2020–2024"},
	{"help dovee",
		"1:6: aiuto su \"dovee\" sconosciuto; forse intendevi \"dove\"?",
		"no help on \"dovee\"; did you mean \"where\"?"},
	{"help where target=minori",
		"1:12: \"help\" non vuole chiavi: scrivi help [verbo]",
		"\"help\" takes no keys: write help [verb]"},
	{"explain",
		"1:8: manca la domanda dopo \"explain\"; per esempio explain dove sottoservito target=anziani raggio=800m",
		"missing the question after \"explain\"; for example explain where underserved target=anziani radius=800m"},
	{"spiega spiega dove",
		"1:8: \"spiega\" vuole una domanda, non un altro \"spiega\"",
		"\"spiega\" takes a question, not another \"spiega\""},
	{"explain where underserved target=anziani-sli radius=800m",
		"1:27: target sconosciuto \"anziani-sli\"; forse intendevi \"anziani-soli\"?",
		"unknown target \"anziani-sli\"; did you mean \"anziani-soli\"?"},
	{"where served from=centro-1 target=minori radius=0m",
		"1:42: radius= deve essere tra 50m e 20km, non 0m",
		"radius= must be between 50m and 20km, not 0m"},
}

func TestCheckErrors(t *testing.T) {
	for _, tt := range checkErrors {
		t.Run(tt.src, func(t *testing.T) {
			p, err := Compile(tt.src, testVocab())
			var list ErrorList
			if !errors.As(err, &list) {
				t.Fatalf("Compile(%q) = %v, %v; want an ErrorList", tt.src, p, err)
			}
			if got := list[0].Error(); got != tt.want {
				t.Errorf("first error\n got %s\nwant %s", got, tt.want)
			}
			if got := list[0].Message(question.English); got != tt.en {
				t.Errorf("English\n got %s\nwant %s", got, tt.en)
			}
		})
	}
}

func TestTooLong(t *testing.T) {
	ok := "where underserved target=anziani-soli radius=800m # " + strings.Repeat("x", MaxLen-52)
	if _, err := Compile(ok, testVocab()); err != nil {
		t.Fatalf("a question of %d characters: %v", len([]rune(ok)), err)
	}
	long := "where underserved target=anziani-soli\nradius=800m # " + strings.Repeat("è", MaxLen)
	_, err := Parse(long)
	var list ErrorList
	if !errors.As(err, &list) || len(list) != 1 {
		t.Fatalf("Parse(too long) = %v", err)
	}
	// 38 characters on line 1 (with its newline), so character 1001 is at 2:963.
	if got, want := list[0].Error(), "2:963: domanda troppo lunga: al massimo 1000 caratteri"; got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestSuggestSkipsFarLengths(t *testing.T) {
	long := strings.Repeat("a", 500)
	if s, ok := suggest("anziani-sli", []string{long, "anziani-soli"}); !ok || s != "anziani-soli" {
		t.Errorf("suggest = %q, %v", s, ok)
	}
	if _, ok := suggest(long, []string{"anziani"}); ok {
		t.Errorf("suggested a word of a very different length")
	}
}

func TestServicesAnyOrder(t *testing.T) {
	a, err := Compile("where underserved target=anziani radius=800m service=rsa,centro-anziani", testVocab())
	if err != nil {
		t.Fatal(err)
	}
	b, err := Compile("where underserved target=anziani radius=800m service=centro-anziani,rsa,rsa", testVocab())
	if err != nil {
		t.Fatal(err)
	}
	if a.Canonical() != b.Canonical() {
		t.Errorf("service order changes the plan: %q, %q", a.Canonical(), b.Canonical())
	}
}

// TestFuzzFindings holds what fuzzing found, as regular tests.
func TestFuzzFindings(t *testing.T) {
	// A facility ID with a byte that is not UTF-8 printed as "\x8c", which
	// read back as "x8c": such IDs are refused.
	_, err := Compile("where served from=\"\x8c\"tArget=minori", testVocab())
	if err == nil || !strings.HasPrefix(err.Error(), `1:14: from= vuole l'identificativo di una struttura`) {
		t.Errorf("non-UTF-8 facility ID: %v", err)
	}
	if _, err := Compile("where served from=\"a\u00a0b\" target=minori", testVocab()); err == nil {
		t.Errorf("a facility ID with a non-printable space was accepted")
	}
}
