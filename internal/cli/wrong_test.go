package cli

import (
	"strconv"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/dsl"
)

// wrongQuestions are questions people get wrong, asked of the demo city
// as a user would (wi ask), each with the first line of the error: its
// place, and its message in the question's language with the right
// suggestion. The engine's refusals a person can act on (an unknown
// facility, a service without a standard, no service for the target, a
// route that fits no visit) are among them: like the mistakes the checker
// finds, they exit 2 with a caret under the key to change.
var wrongQuestions = []struct {
	question, lang, want string
}{
	{"dove sottoservito target=anziani-sli raggio=800m", "it",
		"1:19: target sconosciuto \"anziani-sli\"; forse intendevi \"anziani-soli\"?"},
	{"where underserved target=anziani-sli radius=800m", "en",
		"1:19: unknown target \"anziani-sli\"; did you mean \"anziani-soli\"?"},
	{"dove sottoservito target=anziani-soli raggio=800", "it",
		"1:39: raggio=800 vuole un'unità (m, km o min); per esempio raggio=800m"},
	{"where underserved target=anziani-soli radius=800", "en",
		"1:39: radius=800 needs a unit (m, km or min); e.g. radius=800m"},
	{"dove sottoservito target=anziani-soli raggio=830m", "it",
		"1:39: raggio= vuole un multiplo di 50 m; usa raggio=800m o raggio=850m"},
	{"dove sottoservito target=anziani-soli raggio=7min", "it",
		"1:39: raggio= vuole un multiplo di 50 m: 7min di cammino sono 560m; usa raggio=550m o raggio=600m"},
	{"where underserved target=anziani-soli radius=25km", "en",
		"1:39: radius= must be between 50m and 20km, not 25km"},
	{"where underserved target=anziani-soli radius=1e308m", "en",
		"1:39: radius= expects a number written out, without an exponent, not \"1e308m\""},
	{"dove sottoservito target=anziani-soli raggio=800m primi=-1", "it",
		"1:51: primi= vuole un numero intero, 0 o più (0 per tutte le righe), non \"-1\""},
	{"dove sottoservito target=anziani-soli raggio=800m zona=nil-54 per=municipio", "it",
		"1:63: l'area nil-54 (nil) è più piccola del livello municipio: togli per= o usa per=nil"},
	{"dove concentrazione target=anziani yaer=2023", "it",
		"1:36: chiave sconosciuta \"yaer=\" per \"dove concentrazione\"; forse intendevi \"anno=\"?"},
	{"where concentration target=anziani anoo=2023", "en",
		"1:36: unknown key \"anoo=\" for \"where concentration\"; did you mean \"year=\"?"},
	{"dove concentrazione target=anziani livelo=nil", "it",
		"1:36: chiave sconosciuta \"livelo=\" per \"dove concentrazione\"; forse intendevi \"livello=\"?"},
	{"dove concentrazione target=anziani per=regione", "it",
		"1:36: livello sconosciuto \"regione\": usa nil (o quartiere) o municipio"},
	{"dove concentrazione target=anziani ordina=colore", "it",
		"1:36: ordina= non conosce la colonna \"colore\"; colonne: conteggio, quota, densità, crescita, quota-città, nome"},
	{"where concentration target=anziani sort=colour", "en",
		"1:36: sort= has no column \"colour\"; columns: count, share, density, growth, city_share, area_name"},
	{"dove concentrazione target=anziani anno=2019", "it",
		"1:36: anno 2019 non disponibile; anni disponibili: 2020–2024"},
	{"dove concentrazone target=anziani", "it",
		"1:6: soggetto sconosciuto \"concentrazone\" per \"dove\"; forse intendevi \"concentrazione\"?"},
	{"where undeserved target=anziani-soli radius=800m", "en",
		"1:7: unknown subject \"undeserved\" for \"where\"; did you mean \"underserved\"?"},
	{"dve sottoservito target=anziani raggio=800m", "it",
		"1:1: verbo sconosciuto \"dve\"; forse intendevi \"dove\"?"},
	{"wher underserved target=anziani radius=800m", "en",
		"1:1: unknown verb \"wher\"; did you mean \"where\"?"},
	{"sottoservito target=anziani raggio=800m", "it",
		"1:1: verbo sconosciuto \"sottoservito\"; forse intendevi \"dove sottoservito\"?"},
	{"dove divario servizio=asilo-nido target=anziani", "it",
		"1:34: il servizio \"asilo-nido\" non serve il target \"anziani\"; lo servono: cam, centro-anziani, centro-diurno-integrato, punto-wemi"},
	{"dove divario servizio=centro-diurni", "it",
		"1:14: servizio sconosciuto \"centro-diurni\"; forse intendevi \"centro-diurno-integrato\"?"},
	{"dove divario servizio=centro", "it",
		"1:14: \"centro\" è l'inizio di più servizi: centro-aggregazione-giovanile, centro-anziani, centro-diurno-integrato; scrivine uno per intero"},
	{"where gap service=centro", "en",
		"1:11: \"centro\" begins several services: centro-aggregazione-giovanile, centro-anziani, centro-diurno-integrato; write one in full"},
	{"dove divario servizio=sad", "it",
		"1:14: servizio sconosciuto \"sad\"; i più vicini: cam, cdd, rsa, asilo-nido, farmacia, …; l'elenco: aiuto servizi"},
	{"where gap service=rs", "en",
		"1:11: unknown service \"rs\"; the nearest: rsa, cam, cdd, farmacia, asilo-nido, …; the list: help services"},
	{"where concentration target=disabled", "en",
		"1:21: unknown target \"disabled\"; did you mean \"disabili\"?"},
	{"where concentration target=elderly", "en",
		"1:21: unknown target \"elderly\"; did you mean \"anziani\"?"},
	{"dove localizza servizio=centro-anziani", "it",
		"1:39: manca target=: il servizio \"centro-anziani\" serve anziani, anziani-75, anziani-soli, grandi-anziani e grandi-anziani-soli; per esempio target=anziani"},
	{"dove sovrapposizione", "it",
		"1:21: manca servizio=; per esempio servizio=biblioteca"},
	{"quanti anzian zona=municipio-9", "it",
		"1:8: soggetto sconosciuto \"anzian\" per \"quanti\"; forse intendevi \"quanti anziani\", cioè quanti domanda target=anziani?"},
	{"how many anzian", "en",
		"1:10: unknown subject \"anzian\" for \"how many\"; did you mean \"how many anziani\", that is howmuch demand target=anziani?"},
	{"quanti persone zona=municipio-9", "it",
		"1:8: soggetto sconosciuto \"persone\" per \"quanti\": scrivi domanda, centri, capacità, o un target, per esempio \"quanti minori\" (cioè quanti domanda target=minori); i target: aiuto target"},
	{"how many peoples", "en",
		"1:10: unknown subject \"peoples\" for \"how many\": write demand, centers, capacity, or a target, e.g. \"how many minori\" (that is howmuch demand target=minori); the targets: help targets"},
	{"quanti anziani target=minori", "it",
		"1:16: il target è già \"anziani\", scritto dopo \"quanti anziani\": togli target="},
	{"quanti domanda target=minori zona=municipio-99", "it",
		"1:30: area sconosciuta \"municipio-99\"; forse intendevi \"municipio-9\"?"},
	{"quanti domanda target=minori zona=municipio", "it",
		"1:30: \"municipio\" è l'inizio di più aree: municipio-1, municipio-2, municipio-3, municipio-4, municipio-5, municipio-6, municipio-7, municipio-8 e altri 1; scrivine uno per intero"},
	{"howmuch demand target=minori area=sez-00001", "en",
		"1:30: \"sez-00001\" is a census section: sections cannot be asked one by one (statistical confidentiality); ask for its area, area=nil-87"},
	{"quanti domanda target=minori anno=2019..2024", "it",
		"1:30: intervallo 2019..2024 non disponibile: due anni del catalogo, il primo prima dell'ultimo; anni disponibili: 2020–2024"},
	{"quanti centri servizio=asilo-nido target=anziani copertura=90%", "it",
		"1:15: il servizio \"asilo-nido\" non serve il target \"anziani\"; lo servono: cam, centro-anziani, centro-diurno-integrato, punto-wemi"},
	{"quanti centri servizio=asilo-nido copertura=120%", "it",
		"1:35: copertura= vuole una percentuale più di 0 e al massimo 100%, con al più un decimale, non 120%"},
	{"quale centro servizio=rsa", "it",
		"1:26: manca presso= o zona=; per esempio presso=45.46,9.19"},
	{"which center service=rsa", "en",
		"1:25: missing at= or area=; for example at=45.46,9.19"},
	{"quale centro servizio=rsa vicino=45.46,9.19 zona=nil-54", "it",
		"1:45: indica vicino= o zona=, non entrambi"},
	{"which center service=rsa at=45.46", "en",
		"1:26: at= expects latitude,longitude in degrees, e.g. 45.46,9.19"},
	{"ripartisci budget=200,000 target=anziani", "it",
		"1:12: budget=200,000: i numeri si scrivono senza separatore delle migliaia; scrivi budget=200000 o budget=200k"},
	{"allocate budget=1,500,000 target=anziani", "en",
		"1:10: budget=1,500,000: numbers are written without a thousands separator; write budget=1500000 or budget=1.5M"},
	{"ripartisci budget=500000m target=anziani", "it",
		"1:12: unità sconosciuta \"m\" in budget=500000m: scrivi euro interi, o k (migliaia), M o mln (milioni)"},
	{"dossier target=minori zona=municipio-9 modello=carplo", "it",
		"1:40: modello sconosciuto \"carplo\"; forse intendevi \"cariplo\"?; modelli: generico, cariplo, fondazione-comunita"},
	{"aiuto targe", "it",
		"1:7: aiuto su \"targe\" sconosciuto; forse intendevi \"target\"?"},
	{"help whither", "en",
		"1:6: no help on \"whither\"; verbs and lists: where, howmuch, which, when, compare, profile, allocate, dossier, factsheet, help, explain, targets, services, areas, keys"},
	{"spiega", "it",
		"1:7: manca la domanda dopo \"spiega\"; per esempio spiega dove sottoservito target=minori raggio=800m"},
	{"quali servizi target=anzian", "it",
		"1:15: \"anzian\" è l'inizio di più target: anziani, anziani-75, anziani-soli; scrivine uno per intero"},
	{"confronta zona=municipio-2 target=minori", "it",
		"1:41: confronta vuole almeno due aree o due target, per esempio zona=municipio-1,municipio-2"},
	{"compare area=municipio-2,municipio-9 target=minori,anzian", "en",
		"1:38: \"anzian\" begins several targets: anziani, anziani-75, anziani-soli; write one in full"},
	{"dove raggiungi target=minori anno=2020..2024", "it",
		"1:30: anno= vuole un anno, non un intervallo, per \"dove raggiungi\": gli intervalli di anni (2020..2024) valgono per dove concentrazione, quanti domanda e quando saturazione"},
	{"howmuch demand target=minori radius=800m", "en",
		"1:30: key \"radius=\" does not apply to \"howmuch demand\"; keys: target=, area=, year="},
	{"when saturation service=rsa year=2024", "en",
		"1:29: year= expects a range of years, e.g. 2020..2024, not \"2024\""},
	{"where underserved target=anziani radius=800m §", "en",
		"1:46: unexpected character \"§\""},
	{"dove divario servizio=rsa ordina=colore", "it",
		"1:27: ordina= non conosce la colonna \"colore\"; colonne: posti-mancanti, persone, capacità, rapporto, standard, accessibilità, accessibilità-e2sfca, stato, nome"},
	{"dove divario servizio=rsa verso=crescente", "it",
		"1:27: verso= dice il verso, manca la colonna: aggiungi ordina=, per esempio ordina=posti-mancanti"},
	{"which saturation service=rsa sort=load order=sideways", "en",
		"1:40: order= expects asc or desc, not \"sideways\""},
	{"dove servito da=centro-anziani-999 target=anziani", "it",
		"1:14: struttura sconosciuta \"centro-anziani-999\": forse intendevi \"centro-anziani-009\"?"},
	{"where served from=asilo-nido-001 target=anziani", "en",
		"1:34: facility asilo-nido-001 (asilo-nido) does not serve anziani: it serves prima-infanzia"},
	{"where served from=rsa-001 target=minori", "en",
		"1:27: facility rsa-001 (rsa) does not serve minori: it serves anziani-75, grandi-anziani, non-autosufficienti"},
	{"quanti capacità servizio=farmacia", "it",
		"1:17: il catalogo non ha uno standard di utenza per il servizio farmacia: senza sapere quanti utenti attendersi, il divario non si può calcolare; chiedi «quale saturazione servizio=farmacia» per la dotazione in posti ogni 1.000 residenti"},
	{"where gap service=scuola-primaria", "en",
		"1:11: the catalog holds no take-up standard for service scuola-primaria: without knowing how many users to expect, the gap cannot be computed; ask “which saturation service=scuola-primaria” for the supply per 1,000 children aged 6–10"},
	{"when saturation service=farmacia year=2020..2024", "en",
		"1:17: the catalog holds no take-up standard for service farmacia: without knowing how many users to expect, the saturation year cannot be computed; ask “which saturation service=farmacia” for the supply per 1,000 residents"},
	{"ripartisci budget=500k target=famiglie-numerose", "it",
		"1:24: nessun servizio di welfare del vocabolario serve famiglie-numerose; i target e i loro servizi: aiuto target"},
	{"quando percorso da=centro-anziani-001 zona=nil-54 target=anziani-soli tempo=5min", "it",
		"1:71: nessuna visita sta in 5 minuti a piedi: la tappa più vicina, andata e ritorno, richiede 145 minuti"},
	{"when route from=\"css municipio 9\" area=municipio-9 target=anziani-soli", "en",
		"1:12: unknown facility \"css municipio 9\": facility IDs look like \"asilo-nido-001\""},
}

// TestWrongQuestionsExitTwo asks every wrong question with --lang set to
// the other language: the error is still in the question's language, the
// exit code is 2, and the caret stands under the place the message names.
func TestWrongQuestionsExitTwo(t *testing.T) {
	if len(wrongQuestions) < 60 {
		t.Errorf("%d wrong questions, want at least 60", len(wrongQuestions))
	}
	for _, c := range wrongQuestions {
		if got := string(dsl.Lang(c.question)); got != c.lang && got != "" {
			t.Errorf("%q: read as %q, want %q", c.question, got, c.lang)
		}
		other := "en"
		if c.lang == "en" {
			other = "it"
		}
		r := run(nil, "ask", "--lang", other, c.question)
		if r.code != 2 {
			t.Errorf("%q: exit %d, want 2 (stderr %q)", c.question, r.code, r.errOut)
			continue
		}
		lines := strings.Split(r.errOut, "\n")
		if len(lines) < 3 || lines[0] != c.want {
			t.Errorf("%q:\n got %q\nwant %q", c.question, lines[0], c.want)
			continue
		}
		pos, _, _ := strings.Cut(c.want, ": ")
		_, col, _ := strings.Cut(pos, ":")
		n, err := strconv.Atoi(col)
		if err != nil {
			t.Fatalf("%q: no column in %q", c.question, c.want)
		}
		// Errors at one place share the caret, under the last of them.
		i := 1
		for i < len(lines)-1 && lines[i] != "  "+c.question {
			i++
		}
		if want := "  " + strings.Repeat(" ", n-1) + "^"; i >= len(lines)-1 || lines[i+1] != want {
			t.Errorf("%q: no caret %q under the question:\n%s", c.question, want, r.errOut)
		}
		if r.out != "" {
			t.Errorf("%q: wrote to stdout on error: %q", c.question, r.out)
		}
	}
}
