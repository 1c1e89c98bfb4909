package engine_test

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/engine"
)

// TestItalianAsANativeWrites asks every kind of question in Italian on the
// demo city and reads the headlines and notes as an Italian reader would:
// no article left unelided before a number read with a vowel ("il 11,8%",
// "del 1%"), no "1 strutture", no English words of the solvers.
func TestItalianAsANativeWrites(t *testing.T) {
	c := openCity(t, demoCity(t, 3)).as(engine.RoleStaff)
	var nils, munis []string
	for _, a := range c.vocab.Areas {
		switch a.Level {
		case engine.LevelNIL:
			nils = append(nils, a.Slug)
		case engine.LevelMunicipio:
			munis = append(munis, a.Slug)
		}
	}
	facilityOf := map[string]string{}
	for _, f := range c.data.Facilities {
		if facilityOf[f.Service] == "" {
			facilityOf[f.Service] = f.ID
		}
	}
	rng := rand.New(rand.NewPCG(3, 4))
	pick := func(l []string) string { return l[rng.IntN(len(l))] }
	unelided := regexp.MustCompile(`\b(il|del|al|dal|nel|sul) ((1|8|11|8\d|8\d\d)([.,]\d+)?%|0\b)`)
	disagreed := regexp.MustCompile(`(?:^|[^0-9.,])1 (strutture|aree|persone|siti|coppie|organizzazioni|quartieri|famiglie|posti)\b`)
	english := regexp.MustCompile(`(?i)\b(greedy|local search|interchange|path relinking|upper bound|lower bound|held-karp|2opt|oropt|solver|nearest|warm-started|swap)\b`)
	asked, seen := 0, map[string]bool{}
	for i := range 240 {
		target := c.vocab.Targets[rng.IntN(len(c.vocab.Targets))].Slug
		services := c.vocab.ServicesFor(target)
		if len(services) == 0 {
			continue
		}
		svc := pick(services)
		q := []string{
			"quanti domanda target=" + target + " zona=" + pick(append(nils, munis...)),
			"dove sottoservito target=" + target + " raggio=800m zona=" + pick(munis),
			"dove localizza servizio=" + svc + " target=" + target + " numero=2 raggio=800m zona=" + pick(munis),
			"quanti centri servizio=" + svc + " target=" + target + " copertura=90% raggio=800m zona=" + pick(munis),
			"quando percorso da=" + facilityOf[svc] + " zona=" + pick(nils) + " target=" + target + " visite=8",
			"ripartisci budget=100k target=" + target + " livello=municipio",
			"profilo zona=" + pick(munis),
			"quale saturazione servizio=" + svc,
			"dove divario servizio=" + svc,
		}[i%9]
		res, err := c.exec(q, engine.Italian)
		if err != nil {
			continue
		}
		asked++
		text := strings.Join(append([]string{res.Headline}, res.Notes...), "\n")
		for _, re := range []*regexp.Regexp{unelided, disagreed, english} {
			if m := re.FindString(text); m != "" && !seen[m] {
				seen[m] = true
				t.Errorf("%s: %q in %q", q, m, text)
			}
		}
	}
	if asked < 100 {
		t.Fatalf("only %d questions answered", asked)
	}
}
