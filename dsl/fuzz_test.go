package dsl

import (
	"reflect"
	"testing"
)

// FuzzCompile checks that no question makes Compile panic, and that every
// plan it returns prints a canonical form that compiles back to an equal plan.
func FuzzCompile(f *testing.F) {
	for _, tt := range roundTrip {
		f.Add(tt.src)
	}
	for _, src := range []string{
		"", "#", "where", "where underserved target=", `x="`, "where underserved radius=800,1km",
		"where underserved target=anziani-soli radius=800 § raggio=1km",
		"howmuch demand target=minori year=2020..2024 area=54",
		"dove sottoservito target=anziani-soli raggio=20km primi=99999999999999999999",
		"where underserved target=anziani-soli\nradius=800m # a\n",
	} {
		f.Add(src)
	}
	v := testVocab()
	f.Fuzz(func(t *testing.T, src string) {
		p, err := Compile(src, v)
		if err != nil {
			list, ok := err.(ErrorList)
			if !ok || len(list) == 0 {
				t.Fatalf("Compile(%q) error %T %v is not a non-empty ErrorList", src, err, err)
			}
			for _, e := range list {
				if e.Line < 1 || e.Col < 1 {
					t.Fatalf("Compile(%q): error without a position: %v", src, e)
				}
			}
			_ = Format(err, src, "en")
			return
		}
		canon := p.Canonical()
		back, err := Compile(canon, v)
		if err != nil {
			t.Fatalf("Compile(%q) ok, but its canonical form %q fails: %v", src, canon, err)
		}
		if !reflect.DeepEqual(back, p) {
			t.Fatalf("Compile(%q) = %#v; canonical %q compiles to %#v", src, p, canon, back)
		}
	})
}
