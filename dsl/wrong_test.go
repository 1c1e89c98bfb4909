package dsl

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/question"
)

// wrongQuestions are questions people get wrong, with the first error as
// the person sees it: its place, the question's language (read from its
// words) and the message in that language, with its suggestion.
var wrongQuestions = []struct {
	src, lang, want string
}{
	{"dove sottoservito target=anziani-sli raggio=800m", "it",
		"1:19: target sconosciuto \"anziani-sli\"; forse intendevi \"anziani-soli\"?"},
	{"dove sottoservito target=anziani-soli raggio=800", "it",
		"1:39: raggio=800 vuole un'unità (m, km o min); per esempio raggio=800m"},
	{"dove sottoservito target=anziani-soli raggio=830m", "it",
		"1:39: raggio= vuole un multiplo di 50 m; usa raggio=800m o raggio=850m"},
	{"dove sottoservito target=anziani-soli raggio=7min", "it",
		"1:39: raggio= vuole un multiplo di 50 m: 7min di cammino sono 560m; usa raggio=550m o raggio=600m"},
	{"dove sottoservito target=anziani-soli raggio=800m primi=-1", "it",
		"1:51: primi= vuole un numero intero, 0 o più (0 per tutte le righe), non \"-1\""},
	{"dove sottoservito target=anziani-soli raggio=800m zona=nil-54 per=municipio", "it",
		"1:63: l'area nil-54 (nil) è più piccola del livello municipio: togli per= o usa per=nil"},
	{"dove concentrazione target=anziani yaer=2023", "it",
		"1:36: chiave sconosciuta \"yaer=\" per \"dove concentrazione\"; forse intendevi \"anno=\"?"},
	{"dove concentrazione target=anziani livelo=nil", "it",
		"1:36: chiave sconosciuta \"livelo=\" per \"dove concentrazione\"; forse intendevi \"livello=\"?"},
	{"dove concentrazione target=anziani per=regione", "it",
		"1:36: livello sconosciuto \"regione\": usa nil (o quartiere) o municipio"},
	{"dove concentrazione target=anziani ordina=colore", "it",
		"1:36: ordina= non conosce la colonna \"colore\"; colonne: conteggio, quota, densità, crescita, quota-città, nome"},
	{"dove concentrazione target=anziani anno=2019", "it",
		"1:36: anno 2019 non disponibile; anni disponibili: 2020–2024"},
	{"dove concentrazone target=anziani", "it",
		"1:6: soggetto sconosciuto \"concentrazone\" per \"dove\"; forse intendevi \"concentrazione\"?"},
	{"dve sottoservito target=anziani raggio=800m", "it",
		"1:1: verbo sconosciuto \"dve\"; forse intendevi \"dove\"?"},
	{"sottoservito target=anziani raggio=800m", "it",
		"1:1: verbo sconosciuto \"sottoservito\"; forse intendevi \"dove sottoservito\"?"},
	{"dove divario servizio=asilo-nido target=anziani", "it",
		"1:34: il servizio \"asilo-nido\" non serve il target \"anziani\"; lo servono: centro-anziani, rsa"},
	{"dove divario servizio=centro-diurni", "it",
		"1:14: servizio sconosciuto \"centro-diurni\"; forse intendevi \"centro-diurno-integrato\"?"},
	{"dove divario servizio=centro", "it",
		"1:14: \"centro\" è l'inizio di più servizi: centro-anziani, centro-diurno-integrato; scrivine uno per intero"},
	{"dove divario servizio=sad", "it",
		"1:14: servizio sconosciuto \"sad\"; i più vicini: rsa, asilo-nido, centro-anziani, centro-diurno-integrato; l'elenco: aiuto servizi"},
	{"dove localizza servizio=centro-anziani", "it",
		"1:39: manca target=: il servizio \"centro-anziani\" serve anziani e anziani-soli; per esempio target=anziani"},
	{"dove sovrapposizione", "it",
		"1:21: manca servizio=; per esempio servizio=centro-anziani"},
	{"quanti anzian zona=municipio-9", "it",
		"1:8: soggetto sconosciuto \"anzian\" per \"quanti\"; forse intendevi \"quanti anziani\", cioè quanti domanda target=anziani?"},
	{"quanti persone zona=municipio-9", "it",
		"1:8: soggetto sconosciuto \"persone\" per \"quanti\": scrivi domanda, centri, capacità, o un target, per esempio \"quanti anziani\" (cioè quanti domanda target=anziani); i target: aiuto target"},
	{"quanti anziani target=minori", "it",
		"1:16: il target è già \"anziani\", scritto dopo \"quanti anziani\": togli target="},
	{"quanti domanda target=minori zona=municipio-99", "it",
		"1:30: area sconosciuta \"municipio-99\"; forse intendevi \"municipio-9\"?"},
	{"quanti domanda target=minori zona=sezione-1", "it",
		"1:30: \"sezione-1\" è una sezione di censimento: le sezioni non si interrogano una per una (riservatezza statistica); chiedi la sua area, zona=nil-54"},
	{"quanti domanda target=minori anno=2019..2024", "it",
		"1:30: intervallo 2019..2024 non disponibile: due anni del catalogo, il primo prima dell'ultimo; anni disponibili: 2020–2024"},
	{"quanti centri servizio=asilo-nido target=anziani copertura=90%", "it",
		"1:15: il servizio \"asilo-nido\" non serve il target \"anziani\"; lo servono: centro-anziani, rsa"},
	{"quanti centri servizio=asilo-nido copertura=120%", "it",
		"1:35: copertura= vuole una percentuale più di 0 e al massimo 100%, con al più un decimale, non 120%"},
	{"quale centro servizio=rsa", "it",
		"1:26: manca presso= o zona=; per esempio presso=45.46,9.19"},
	{"quale centro target=anziani zona=municipio-9", "it",
		"1:14: \"quale centro\" vuole un servizio e il target \"anziani\" è servito da centro-anziani e rsa: indica quale, per esempio servizio=centro-anziani"},
	{"quale centro servizio=rsa vicino=45.46,9.19 zona=nil-54", "it",
		"1:45: indica vicino= o zona=, non entrambi"},
	{"ripartisci budget=200,000 target=anziani", "it",
		"1:12: budget=200,000: i numeri si scrivono senza separatore delle migliaia; scrivi budget=200000 o budget=200k"},
	{"ripartisci budget=200.000 target=anziani", "it",
		"1:12: budget=200.000: i numeri si scrivono senza separatore delle migliaia; scrivi budget=200000 o budget=200k"},
	{"ripartisci budget=1.500.000 target=anziani", "it",
		"1:24: \".\" inatteso: i numeri si scrivono senza separatore delle migliaia (1500000, o 1.5M per un budget)"},
	{"ripartisci budget=500000m target=anziani", "it",
		"1:12: unità sconosciuta \"m\" in budget=500000m: scrivi euro interi, o k (migliaia), M o mln (milioni)"},
	{"dossier target=minori zona=municipio-9 modello=carplo", "it",
		"1:40: modello sconosciuto \"carplo\"; forse intendevi \"cariplo\"?; modelli: generico, cariplo, fondazione-comunita"},
	{"aiuto targe", "it",
		"1:7: aiuto su \"targe\" sconosciuto; forse intendevi \"target\"?"},
	{"spiega", "it",
		"1:7: manca la domanda dopo \"spiega\"; per esempio spiega dove sottoservito target=anziani raggio=800m"},
	{"quali servizi target=anzian", "it",
		"1:15: \"anzian\" è l'inizio di più target: anziani, anziani-soli; scrivine uno per intero"},
	{"confronta zona=municipio-2 target=minori", "it",
		"1:41: confronta vuole almeno due aree o due target, per esempio zona=municipio-1,municipio-2"},
	{"dove raggiungi target=minori anno=2020..2024", "it",
		"1:30: anno= vuole un anno, non un intervallo, per \"dove raggiungi\": gli intervalli di anni (2020..2024) valgono per dove concentrazione, quanti domanda e quando saturazione"},
	{"where underserved target=anziani-sli radius=800m", "en",
		"1:19: unknown target \"anziani-sli\"; did you mean \"anziani-soli\"?"},
	{"where undeserved target=anziani-soli radius=800m", "en",
		"1:7: unknown subject \"undeserved\" for \"where\"; did you mean \"underserved\"?"},
	{"where underserved target=anziani-soli radius=1e308m", "en",
		"1:39: radius= expects a number written out, without an exponent, not \"1e308m\""},
	{"where underserved target=anziani-soli radius=25km", "en",
		"1:39: radius= must be between 50m and 20km, not 25km"},
	{"where concentration target=disabled", "en",
		"1:21: unknown target \"disabled\"; the nearest: minori, anziani, anziani-soli, prima-infanzia, non-autosufficienti; the list: help targets"},
	{"where concentration target=elderly", "en",
		"1:21: unknown target \"elderly\"; did you mean \"anziani\"?"},
	{"where concentration target=anziani anoo=2023", "en",
		"1:36: unknown key \"anoo=\" for \"where concentration\"; did you mean \"year=\"?"},
	{"where concentration target=anziani sort=colour", "en",
		"1:36: sort= has no column \"colour\"; columns: count, share, density, growth, city_share, area_name"},
	{"howmuch demand target=minori radius=800m", "en",
		"1:30: key \"radius=\" does not apply to \"howmuch demand\"; keys: target=, area=, year="},
	{"how many peoples", "en",
		"1:10: unknown subject \"peoples\" for \"how many\": write demand, centers, capacity, or a target, e.g. \"how many anziani\" (that is howmuch demand target=anziani); the targets: help targets"},
	{"how many anzian", "en",
		"1:10: unknown subject \"anzian\" for \"how many\"; did you mean \"how many anziani\", that is howmuch demand target=anziani?"},
	{"which center service=rsa", "en",
		"1:25: missing at= or area=; for example at=45.46,9.19"},
	{"allocate budget=1,500,000 target=anziani", "en",
		"1:10: budget=1,500,000: numbers are written without a thousands separator; write budget=1500000 or budget=1.5M"},
	{"help whither", "en",
		"1:6: no help on \"whither\"; verbs and lists: where, howmuch, which, when, compare, profile, allocate, dossier, factsheet, help, explain, targets, services, areas, keys"},
	{"howmuch demand target=minori area=sezione-1", "en",
		"1:30: \"sezione-1\" is a census section: sections cannot be asked one by one (statistical confidentiality); ask for its area, area=nil-54"},
	{"when saturation service=rsa year=2024", "en",
		"1:29: year= expects a range of years, e.g. 2020..2024, not \"2024\""},
	{"where overlap service=centro-anzani", "en",
		"1:15: unknown service \"centro-anzani\"; did you mean \"centro-anziani\"?"},
	{"which center service=rsa at=45.46", "en",
		"1:26: at= expects latitude,longitude in degrees, e.g. 45.46,9.19"},
	{"compare area=municipio-2,municipio-9 target=minori,anzian", "en",
		"1:38: \"anzian\" begins several targets: anziani, anziani-soli; write one in full"},
	{"where underserved target=anziani radius=800m §", "en",
		"1:46: unexpected character \"§\""},
	{"where reach target=anziani sort=colour", "en",
		"1:28: sort= has no column \"colour\"; columns: score, target_count, density, population_share, area_name"},
	{"where gap service=rsa sort=capacity order=sideways", "en",
		"1:37: order= expects asc or desc, not \"sideways\""},
	{"which saturation service=rsa order=asc", "en",
		"1:30: order= gives the direction, not the column: add sort=, e.g. sort=load"},
	{"quale saturazione servizio=rsa ordina=carcio", "it",
		"1:32: ordina= non conosce la colonna \"carcio\"; forse intendevi \"carico\"?"},
	{"where gap service=centro", "en",
		"1:11: \"centro\" begins several services: centro-anziani, centro-diurno-integrato; write one in full"},
	{"quanti domanda target=minori zona=municipio", "it",
		"1:30: \"municipio\" è l'inizio di più aree: municipio-2, municipio-9; scrivine uno per intero"},
	{"where gap service=rs", "en",
		"1:11: unknown service \"rs\"; the nearest: rsa, asilo-nido, centro-anziani, centro-diurno-integrato; the list: help services"},
	{"wher underserved target=anziani radius=800m", "en",
		"1:1: unknown verb \"wher\"; did you mean \"where\"?"},
}

// TestWrongQuestions checks every wrong question's first error, and that
// Format shows it in the question's language whatever the fallback.
func TestWrongQuestions(t *testing.T) {
	if len(wrongQuestions) < 60 {
		t.Errorf("%d wrong questions, want at least 60", len(wrongQuestions))
	}
	for _, c := range wrongQuestions {
		_, err := Compile(c.src, testVocab())
		var first *Error
		if !errors.As(err, &first) {
			t.Errorf("Compile(%q) = %v, want an error", c.src, err)
			continue
		}
		l := first.Lang("")
		if string(l) != c.lang {
			t.Errorf("Compile(%q): language %q, want %q", c.src, l, c.lang)
		}
		if got := fmt.Sprintf("%d:%d: %s", first.Line, first.Col, first.Message(langOr(l, question.Italian))); got != c.want {
			t.Errorf("Compile(%q):\n got %s\nwant %s", c.src, got, c.want)
		}
		other := question.English
		if l == question.English {
			other = question.Italian
		}
		if f := Format(err, c.src, other); !strings.HasPrefix(f, c.want+"\n") {
			t.Errorf("Format(%q, %s) does not start with the error in the question's language:\n%s", c.src, other, f)
		}
	}
}
