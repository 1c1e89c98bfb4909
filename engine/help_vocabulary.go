package engine

import (
	"fmt"
	"strings"
)

// helpTopic answers `help targets|services|areas|keys` (aiuto target,
// servizi, zone, chiavi; quali servizi target=…; target=?): the catalog's
// vocabulary of a kind, listed from a question, for the chat, which has no
// command line. It reads the vocabulary only, no figures.
func (e *Engine) helpTopic(p *Help, l Lang) (*Result, error) {
	str := func(name, it, en string) Column { return Column{Name: name, Label: l.Pick(it, en), Type: TypeString} }
	res := &Result{}
	switch p.Topic {
	case TopicTargets:
		res.Columns = []Column{str("target", "target", "target"), str("name", "nome", "name"), str("kind", "tipo", "kind"), str("services", "servizi", "services")}
		for _, t := range e.vocab.Targets {
			kind := l.Pick("persone", "people")
			if t.Kind == "family" {
				kind = l.Pick("famiglie", "households")
			}
			res.Rows = append(res.Rows, []Value{Str(t.Slug), Str(t.Name(l)), Str(kind), Str(strings.Join(e.vocab.ServicesFor(t.Slug), ", "))})
		}
		res.Headline = fmt.Sprintf(l.Pick("I target del catalogo: %d.", "The catalog's targets: %d."), len(res.Rows))
		res.Notes = append(res.Notes, l.Pick("Nelle domande si scrive lo slug (target=anziani-soli) o il nome tra virgolette.",
			"Questions name the slug (target=anziani-soli) or the name in quotes."))
	case TopicServices:
		res.Columns = []Column{str("service", "servizio", "service"), str("name", "nome", "name"), str("targets", "target", "targets"), str("radius", "raggio abituale", "usual radius")}
		for _, s := range e.vocab.Services {
			if p.Target != "" && !servesTarget(s, p.Target) {
				continue
			}
			radius := ""
			if s.RadiusM > 0 {
				radius = FormatDistance(s.RadiusM, l)
			}
			res.Rows = append(res.Rows, []Value{Str(s.Slug), Str(s.Name(l)), Str(strings.Join(s.Targets, ", ")), Str(radius)})
		}
		res.Headline = fmt.Sprintf(l.Pick("I servizi del catalogo: %d.", "The catalog's services: %d."), len(res.Rows))
		if p.Target != "" {
			res.Headline = fmt.Sprintf(l.Pick("I servizi che servono il target %s: %d.", "The services serving target %s: %d."), p.Target, len(res.Rows))
		}
		res.Notes = append(res.Notes, l.Pick("Nelle domande si scrive lo slug (servizio=centro-anziani) o il nome tra virgolette.",
			"Questions name the slug (service=centro-anziani) or the name in quotes."))
	case TopicAreas:
		res.Columns = []Column{str("area", "zona", "area"), str("name", "nome", "name"), str("level", "livello", "level"), str("in", "in", "in")}
		parent := map[string]string{}
		for _, a := range e.vocab.Areas {
			parent[a.ID] = a.Slug
		}
		for _, a := range e.vocab.Areas {
			if a.Level == LevelSection {
				continue // never asked one by one
			}
			res.Rows = append(res.Rows, []Value{Str(a.Slug), Str(a.Name), Str(a.Level), Str(parent[a.Parent])})
		}
		res.Headline = fmt.Sprintf(l.Pick("Le zone del catalogo: %d.", "The catalog's areas: %d."), len(res.Rows))
		res.Notes = append(res.Notes, l.Pick("Le sezioni di censimento non si interrogano una per una (riservatezza statistica).",
			"Census sections are not asked one by one (statistical confidentiality)."))
	case TopicKeys:
		res.Columns = []Column{str("key", "chiave", "key"), str("spellings", "grafie", "spellings"), str("value", "valore", "value")}
		for _, k := range Keys {
			v := KeyValues[k.EN]
			res.Rows = append(res.Rows, []Value{Str(k.Show(l) + "="), Str(strings.Join(k.Spellings(), "=, ") + "="), Str(l.Pick(v[0], v[1]))})
		}
		res.Headline = fmt.Sprintf(l.Pick("Le chiavi delle domande: %d.", "The keys of questions: %d."), len(res.Rows))
	default:
		return nil, fmt.Errorf("unknown help topic %q", p.Topic)
	}
	return res, nil
}

// servesTarget reports whether a service serves a target.
func servesTarget(s Service, target string) bool {
	for _, t := range s.Targets {
		if t == target {
			return true
		}
	}
	return false
}
