package dsl

import (
	"fmt"
	"strings"

	"github.com/welfare-intelligence/wi/question"
)

// Redundant keys and obvious defaults. A question about one service that
// does not take a target (where gap, howmuch capacity, …) still accepts a
// target= the service serves: people name both, and the service already
// says it. A target the service does not serve is an error that says which
// services do. Where a question needs a service and a target and one of
// them follows from the other (the service's first target for where
// overlap, the only target of a service, the only service of a target),
// the plan takes it and the canonical form says so.

// redundantKeys are the keys a question accepts although they add nothing
// to its plan, by "verb subject" (English).
var redundantKeys = map[string][]string{
	"where gap":          {"target"},
	"howmuch capacity":   {"target"},
	"which saturation":   {"target"},
	"which alternatives": {"target"},
	"when saturation":    {"target"},
	"which center":       {"target"},
}

// extraKeyWords returns the redundant keys a question accepts, as words.
func (q *questionDef) extraKeyWords() []word {
	var ws []word
	for _, k := range redundantKeys[strings.TrimSpace(q.Verb+" "+q.Subject)] {
		ws = append(ws, key(k))
	}
	return ws
}

// redundantTarget checks a target= given to a question about one service
// that takes none: it must be a target the service serves; the plan does
// not change.
func (c *checker) redundantTarget(a args, s question.Service, sOK bool) {
	arg := a["target"]
	if arg == nil {
		return
	}
	t, ok := c.target(arg)
	if ok && sOK && !serves(s, t) {
		c.notServing(arg, s.Slug, t)
	}
}

// filled marks a required key as given by a default, so that it is not
// reported missing.
func (c *checker) fill(key string) {
	if c.filled == nil {
		c.filled = map[string]bool{}
	}
	c.filled[key] = true
}

// serviceForTarget resolves the service of a question that names a target
// and no service: the only service serving the target (the only welfare one
// when others are resources of the territory), else an error listing them.
// welfareServices are the welfare services serving a target.
func (c *checker) welfareServices(t string) []string {
	var out []string
	for _, s := range c.v.Services {
		if serves(s, t) && s.Welfare() {
			out = append(out, s.Slug)
		}
	}
	return out
}

func (c *checker) serviceForTarget(a args) (question.Service, string, bool) {
	c.fill("service")
	t, ok := c.target(a["target"])
	if !ok {
		return question.Service{}, "", false
	}
	var all, welfare []question.Service
	for _, s := range c.v.Services {
		if serves(s, t) {
			all = append(all, s)
			if s.Welfare() {
				welfare = append(welfare, s)
			}
		}
	}
	if len(welfare) > 0 {
		all = welfare
	}
	if len(all) == 1 {
		return all[0], t, true
	}
	arg := a["target"]
	kit, ken := key("service").Show(question.Italian)+"=", key("service").Show(question.English)+"="
	if len(all) == 0 {
		c.add(arg.Pos,
			fmt.Sprintf("nessun servizio del catalogo serve il target %q: indica %s", t, kit),
			fmt.Sprintf("no service in the catalog serves target %q: give %s", t, ken))
		return question.Service{}, t, false
	}
	slugs := make([]string, len(all))
	for i, s := range all {
		slugs[i] = s.Slug
	}
	c.add(arg.Pos,
		fmt.Sprintf("%q vuole un servizio e il target %q è servito da %s: indica quale, per esempio %s%s",
			c.name, t, question.JoinAnd(slugs, question.Italian), kit, question.Token(slugs[0])),
		fmt.Sprintf("%q takes one service and target %q is served by %s: say which, e.g. %s%s",
			c.name, t, question.JoinAnd(slugs, question.English), ken, question.Token(slugs[0])))
	return question.Service{}, t, false
}

// targetForService resolves the target of a question that names a service
// and no target: the service's first target when first is set (where
// overlap counts the people the service is first for), else its only one;
// ok is false, with an error, when there is none to take.
func (c *checker) targetForService(a args, s question.Service, sOK, first bool) (string, bool) {
	if a["service"] != nil {
		c.fill("target") // an unknown service has its own error
	}
	if !sOK {
		return "", false
	}
	if len(s.Targets) == 1 || first && len(s.Targets) > 0 {
		return s.Targets[0], true
	}
	kit, ken := key("target").Show(question.Italian)+"=", key("target").Show(question.English)+"="
	if len(s.Targets) == 0 {
		c.add(c.end, fmt.Sprintf("manca %s: il servizio %q non ha target nel catalogo", kit, s.Slug),
			fmt.Sprintf("missing %s: service %q has no target in the catalog", ken, s.Slug))
		return "", false
	}
	c.add(c.end,
		fmt.Sprintf("manca %s: il servizio %q serve %s; per esempio %s%s",
			kit, s.Slug, question.JoinAnd(s.Targets, question.Italian), kit, question.Token(s.Targets[0])),
		fmt.Sprintf("missing %s: service %q serves %s; for example %s%s",
			ken, s.Slug, question.JoinAnd(s.Targets, question.English), ken, question.Token(s.Targets[0])))
	return "", false
}
