package dsl

import (
	"reflect"
	"strings"
	"testing"

	"github.com/welfare-intelligence/wi/question"
)

// roundTrip are questions whose plans must print a canonical form that
// compiles back to an equal plan; want is that canonical form.
var roundTrip = []struct {
	src, want string
}{
	{"where underserved target=anziani-soli radius=800m",
		"where underserved target=anziani-soli radius=800m level=nil year=2024 top=10"},
	{"dove sottoservito target=anziani-soli raggio=800m",
		"where underserved target=anziani-soli radius=800m level=nil year=2024 top=10"},
	{"dove scoperti target=anziani raggio=1.5km servizio=centro-anziani zona=\"Cà Granda\" livello=quartiere anno=2021 primi=0",
		"where underserved target=anziani service=centro-anziani radius=1500m area=nil-54 level=nil year=2021 top=0"},
	{"where underserved target=\"Anziani soli\" radius=15min area=Milano level=municipio",
		"where underserved target=anziani-soli radius=1200m level=municipio year=2024 top=10"},
	{"where underserved target=anziani-soli radius=0.05km area=M9",
		"where underserved target=anziani-soli radius=50m area=municipio-9 level=nil year=2024 top=10"},
	{"where underserved target=anziani-soli radius=7.5min",
		"where underserved target=anziani-soli radius=600m level=nil year=2024 top=10"},
	{"howmuch demand target=anziani area=municipio-9 year=2023",
		"howmuch demand target=anziani area=municipio-9 year=2023"},
	{"quanti domanda target=minori zona=\"Cà Granda\"",
		"howmuch demand target=minori area=nil-54 year=2024"},
	{"quanto domanda target=prima-infanzia",
		"howmuch demand target=prima-infanzia area=milano year=2024"},
}

func TestPrintRoundTrip(t *testing.T) {
	for _, tt := range roundTrip {
		t.Run(tt.src, func(t *testing.T) {
			p, err := Compile(tt.src, testVocab())
			if err != nil {
				t.Fatalf("Compile(%q): %v", tt.src, err)
			}
			got := p.Canonical()
			if got != tt.want {
				t.Errorf("Canonical() = %q, want %q", got, tt.want)
			}
			back, err := Compile(got, testVocab())
			if err != nil {
				t.Fatalf("Compile(Canonical() = %q): %v", got, err)
			}
			if !reflect.DeepEqual(back, p) {
				t.Errorf("round trip changed the plan:\n %#v\n %#v", p, back)
			}
		})
	}
}

// TestCanonicalInOut proves the canonical round trip for every question of
// inOut: Compile → Canonical is the expected form, which compiles back to
// an equal plan; each plan also says in both languages what it asks.
func TestCanonicalInOut(t *testing.T) {
	asked := map[string]bool{}
	for _, tt := range inOut {
		t.Run(tt.src, func(t *testing.T) {
			p, err := Compile(tt.src, testVocab())
			if err != nil {
				t.Fatalf("Compile(%q): %v", tt.src, err)
			}
			if got := p.Canonical(); got != tt.want {
				t.Errorf("Canonical() = %q, want %q", got, tt.want)
			}
			back, err := Compile(p.Canonical(), testVocab())
			if err != nil {
				t.Fatalf("Compile(Canonical() = %q): %v", p.Canonical(), err)
			}
			if !reflect.DeepEqual(back, p) {
				t.Errorf("round trip changed the plan:\n %#v\n %#v", p, back)
			}
			d, ok := p.(question.Describer)
			if !ok {
				t.Fatalf("%T does not say what it asks (no Describe)", p)
			}
			it, en := d.Describe(question.Italian), d.Describe(question.English)
			if it == "" || en == "" || it == en {
				t.Errorf("Describe: it %q, en %q", it, en)
			}
			q, _ := Parse(p.Canonical())
			asked[questionKey(q)] = true
		})
	}
	for _, q := range question.Questions {
		if k := strings.TrimSpace(q.Verb + " " + q.Subject); !asked[k] {
			t.Errorf("no question of inOut asks %q", k)
		}
	}
}

// questionKey is "verb subject" of a canonical question, or "explain".
func questionKey(q *Question) string {
	if q.Explain != nil {
		return "explain"
	}
	if q.Subject != nil && q.Verb.Text != "help" {
		return q.Verb.Text + " " + q.Subject.Text
	}
	return q.Verb.Text
}

// TestItalianSpellingsCanonical checks that every Italian spelling of verbs,
// subjects and keys prints in English in the canonical form.
func TestItalianSpellingsCanonical(t *testing.T) {
	for _, tt := range inOut {
		p, err := Compile(tt.src, testVocab())
		if err != nil {
			t.Fatal(err)
		}
		for _, w := range []string{"dove ", "quanti ", "zona=", "raggio=", "servizio=", "anno=", "primi=", "livello="} {
			if strings.Contains(p.Canonical(), w) {
				t.Errorf("%q: canonical %q keeps the Italian %q", tt.src, p.Canonical(), w)
			}
		}
	}
}
