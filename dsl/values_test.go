package dsl

import (
	"reflect"
	"testing"

	"github.com/welfare-intelligence/wi/question"
)

// TestValues checks how values with units, signs and lists become plan fields.
func TestValues(t *testing.T) {
	tests := []struct {
		src  string
		want question.Plan
	}{
		{"where locate service=rsa target=anziani radius=1.05km",
			&question.WhereLocate{Service: "rsa", Target: "anziani", Count: 1, RadiusM: 1050, Year: 2024}},
		{"where locate service=rsa target=anziani radius=+10min count=50",
			&question.WhereLocate{Service: "rsa", Target: "anziani", Count: 50, RadiusM: 800, Year: 2024}},
		{"allocate budget=500k target=minori", &question.Allocate{BudgetEUR: 500000, Target: "minori", Level: "nil", Year: 2024}},
		{"allocate budget=1.5mln target=minori", &question.Allocate{BudgetEUR: 1500000, Target: "minori", Level: "nil", Year: 2024}},
		{"allocate budget=750eur target=minori", &question.Allocate{BudgetEUR: 750, Target: "minori", Level: "nil", Year: 2024}},
		{"which center service=rsa at=-0.0000001,-0", &question.WhichCenter{Service: "rsa", Top: 3}},
		{"which center service=rsa at=-33.8688,151.2093 top=0", &question.WhichCenter{Service: "rsa", Lat: -33.8688, Lon: 151.2093}},
		{"howmuch centers service=asilo-nido target=prima-infanzia coverage=33.3%",
			&question.HowmuchCenters{Service: "asilo-nido", Target: "prima-infanzia", CoveragePct: 33.3, RadiusM: 1000, Year: 2024, Top: 10}},
		{`compare area=municipio-9,"Cà Granda",nil-54 target=minori`,
			&question.Compare{Areas: []string{"municipio-9", "nil-54"}, Targets: []string{"minori"}, Year: 2024}},
		{"when saturation service=rsa", &question.WhenSaturation{Service: "rsa", Area: "milano", FromYear: 2020, ToYear: 2024}},
		{"spiega # a comment\n  quanti domanda target=minori",
			&question.Explain{Plan: &question.Demand{Target: "minori", Area: "milano", Year: 2024}}},
		{"EXPLAIN help", &question.Explain{Plan: &question.Help{}}},
		{"aiuto QUANDO", &question.Help{Verb: "when"}},
	}
	for _, tt := range tests {
		got, err := Compile(tt.src, testVocab())
		if err != nil {
			t.Errorf("Compile(%q): %v", tt.src, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("Compile(%q)\n got %#v\nwant %#v", tt.src, got, tt.want)
		}
	}
}

// TestTokenReadsBack checks that every value question.Token prints reads back
// as the same value, odd characters included.
func TestTokenReadsBack(t *testing.T) {
	for _, s := range []string{"nil-54", "zona 1", "ca'granda.2", `Cà "G"`, `a\b`, "a\u00a0b", "tab\there", "\x8c", "é"} {
		src := "howmuch demand target=minori area=" + question.Token(s)
		q, err := Parse(src)
		if err != nil {
			t.Errorf("Parse(%q): %v", src, err)
			continue
		}
		if got := q.Args[1].Value.Items[0].Text(); got != s {
			t.Errorf("Token(%q) = %s reads back as %q", s, question.Token(s), got)
		}
	}
}
