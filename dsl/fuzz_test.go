package dsl

import (
	"reflect"
	"testing"
)

// fuzzSeeds are the questions every fuzz test starts from.
func fuzzSeeds(f *testing.F) {
	for _, tt := range roundTrip {
		f.Add(tt.src)
	}
	for _, tt := range inOut {
		f.Add(tt.src)
	}
	for _, tt := range checkErrors {
		f.Add(tt.src)
	}
	for _, src := range []string{
		"", "#", "where", "where underserved target=", `x="`, "where underserved radius=800,1km",
		"where underserved target=anziani-soli radius=800 § raggio=1km",
		"howmuch demand target=minori year=2020..2024 area=54",
		"dove sottoservito target=anziani-soli raggio=20km primi=99999999999999999999",
		"where underserved target=anziani-soli\nradius=800m # a\n",
		"explain explain", "spiega # c\n dove", "which center service=rsa at=-0,-0.0000001",
		"allocate budget=9999999999.999k target=minori", "where underserved target=anziani radius=+800m",
		// issue 16: synonyms, plain questions, listings, ranges, sort, numbers
		"dove concentrazione target=anziani per=municipio", "where concentration target=anziani by=nil sort=growth",
		"quanti anziani zona=municipio-9?", "how many minori", "How  much demand target=minori",
		"target=?", "servizio=? target=anziani", "aiuto servizi target=anziani", "quali servizi target=anziani", "help keys",
		"quanti domanda target=minori anno=2021..2023", "dove concentrazione target=minori anno=2021..2023 ordina=densità",
		"ripartisci budget=200,000 target=anziani", "ripartisci budget=1.500.000 target=anziani",
		"where gap service=asilo-nido target=prima-infanzia", "which center target=prima-infanzia area=municipio-9",
		"where overlap service=centro-anziani", "where gap service=centro-diurno", "where concentration target=disabled",
		"dove divario servizio=rsa ordina=capacità verso=crescente", "which saturation service=rsa sort=load order=desc top=0",
		"where gap service=centro", "quanti domanda target=prima zona=municipio", "dossier target=minori area=nil-54 template=car",
		"compare area=municipio-2,municipio-9 target=anziani,minori sort=count order=asc", "where concentration target=minori sort=share order=asc",
		"aiuto quale saturazione", "help where gap", "where underserved target=anziani radius=800m sort=area_name",
	} {
		f.Add(src)
	}
}

// FuzzParse checks that no text makes Parse panic, that every error has a
// position, and that a parsed question prints a form that parses to the
// same printed form.
func FuzzParse(f *testing.F) {
	fuzzSeeds(f)
	f.Fuzz(func(t *testing.T, src string) {
		q, err := Parse(src)
		if err != nil {
			list, ok := err.(ErrorList)
			if !ok || len(list) != 1 || list[0].Line < 1 || list[0].Col < 1 {
				t.Fatalf("Parse(%q) error %T %v", src, err, err)
			}
			return
		}
		printed := q.String()
		back, err := Parse(printed)
		if err != nil {
			t.Fatalf("Parse(%q) ok, but its printed form %q fails: %v", src, printed, err)
		}
		if back.String() != printed {
			t.Fatalf("Parse(%q) prints %q, which prints back as %q", src, printed, back.String())
		}
	})
}

// FuzzCompile checks that no question makes Compile panic, and that every
// plan it returns prints a canonical form that compiles back to an equal plan.
func FuzzCompile(f *testing.F) {
	fuzzSeeds(f)
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
