package pdf

import (
	"fmt"
	"regexp"

	answers "github.com/welfare-intelligence/wi/answer"
)

// missingNote says to a reader, in a plain sentence, what a missing answer
// leaves out ("I dati per misurare il carico delle strutture di Biblioteca
// non sono disponibili nel catalogo"); the question itself and the engine's
// reason stay in the appendix, under the question's number.
func (r *report) missingNote(m *missingError) string {
	l := r.lang
	a := m.a
	if a.res != nil && m.what != "" {
		return fmt.Sprintf(l.Pick("Una cifra di questo paragrafo non è disponibile: la risposta %s non la contiene (la domanda è in appendice).",
			"A figure of this paragraph is not available: answer %s does not hold it (the question is in the appendix)."), a.ref(l))
	}
	return fmt.Sprintf(l.Pick("I dati per misurare %s non sono disponibili nel catalogo (domanda %s: il testo e il motivo sono in appendice).",
		"The data to measure %s are not in the catalog (question %s: its text and the reason are in the appendix)."), r.subject(a.question), a.ref(l))
}

var (
	serviceParam = regexp.MustCompile(`\b(?:service|servizio)=([^\s,]+)`)
	targetParam  = regexp.MustCompile(`\btarget=([^\s,]+)`)
)

// subject says what a question measures, for a reader: "il carico delle
// strutture di Centro diurno integrato (CDI)".
func (r *report) subject(q string) string {
	l := r.lang
	service, target := r.data.ServiceName, r.data.TargetName
	if m := serviceParam.FindStringSubmatch(q); m != nil {
		service = r.name(m[1])
	}
	if m := targetParam.FindStringSubmatch(q); m != nil {
		target = r.name(m[1])
	}
	switch answers.QuestionName(q) {
	case "which saturation":
		return fmt.Sprintf(l.Pick("il carico delle strutture di %s", "the load of the facilities of %s"), service)
	case "howmuch capacity":
		return fmt.Sprintf(l.Pick("i posti di %s", "the places of %s"), service)
	case "where gap":
		return fmt.Sprintf(l.Pick("il divario rispetto allo standard per %s", "the gap against the standard for %s"), service)
	case "where underserved":
		return fmt.Sprintf(l.Pick("quante persone del target (%s) non hanno un servizio vicino", "how many of the target (%s) have no service nearby"), target)
	case "where priority":
		return fmt.Sprintf(l.Pick("le priorità tra i quartieri per %s", "the priorities among neighbourhoods for %s"), target)
	case "howmuch demand":
		return fmt.Sprintf(l.Pick("il numero di %s", "the number of %s"), target)
	case "where concentration":
		return fmt.Sprintf(l.Pick("dove vivono %s", "where %s live"), target)
	case "which partners":
		return fmt.Sprintf(l.Pick("chi gestisce servizi per %s", "who runs services for %s"), target)
	case "profile":
		return l.Pick("il profilo del territorio", "the profile of the territory")
	case "compare":
		return l.Pick("il confronto tra il territorio e la città", "the comparison of the territory with the city")
	}
	return l.Pick("questa parte dell'analisi", "this part of the analysis")
}
