package dsl

import (
	"reflect"
	"testing"
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
	{"where underserved target=anziani-soli radius=0.0125km area=M9",
		"where underserved target=anziani-soli radius=12.5m area=municipio-9 level=nil year=2024 top=10"},
	{"where underserved target=anziani-soli radius=7.3min",
		"where underserved target=anziani-soli radius=584m level=nil year=2024 top=10"},
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
