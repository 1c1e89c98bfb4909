package engine

import (
	"strings"

	"github.com/welfare-intelligence/wi/engine/optimize"
	"github.com/welfare-intelligence/wi/engine/optimize/tsp"
)

// SolverName says, in the answer's language, how a solver found its
// answer. The solvers describe themselves in English (the method names of
// the literature, kept in the facts for programs); Italian readers get the
// same methods in Italian words.
func SolverName(method string, l Lang) string {
	if l != Italian {
		return method
	}
	switch method {
	case optimize.MethodMCLP:
		return "costruzione euristica, ricerca locale a scambi e ricerca locale iterata adattiva con ricombinazione delle soluzioni migliori, ramificazione e limitazione lagrangiana con fissaggio per costi ridotti, ricollocazione esatta di gruppi di siti vicini e, nelle istanze piccole, ramificazione sul rilassamento lineare risolto col simplesso duale; limite superiore lagrangiano per subgradiente deviato o dai duali del rilassamento lineare"
	case optimize.MethodPartialSC:
		return "costruzione golosa, rimozione dei siti superflui e ricerca locale a scambi; poi, con un sito in meno, ricerca iterata e ricollocazione esatta di gruppi di siti vicini; limite inferiore lagrangiano"
	case optimize.MethodSCP:
		return "riduzioni del problema di copertura, euristica lagrangiana di Beasley, fissaggio progressivo delle colonne (Caprara, Fischetti e Toth) e ricerca locale con pesi sulle righe (Gao, Weise e Li); limite inferiore lagrangiano"
	case tsp.MethodHeldKarp:
		return "programmazione dinamica di Held e Karp, esatta"
	case tsp.MethodTrivial:
		return "calcolo diretto, al più tre tappe"
	case tsp.MethodILS:
		return "costruzione golosa e ricerca locale iterata con mosse 2-opt, Or-opt e Lin–Kernighan"
	}
	// Solvers no question uses yet (the optimize command's).
	switch {
	case strings.Contains(method, "fixed sites"):
		return "valutazione delle sole strutture esistenti"
	case strings.Contains(method, "Resende"):
		return "scambi rapidi di Resende e Werneck e ricerca locale iterata con ricombinazione; limite inferiore lagrangiano"
	case strings.Contains(method, "ILS over medians"):
		return "ricerca locale iterata sulle mediane con assegnazione per rimpianto; limite inferiore lagrangiano"
	case strings.Contains(method, "binary search"):
		return "ricerca binaria sulle distanze con verifica di copertura; prove lagrangiane di non ammissibilità"
	}
	return "ricerca locale"
}
