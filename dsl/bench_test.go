package dsl

import "testing"

// BenchmarkCompile measures parsing and checking representative questions
// (no engine work): the cost of the language on every question asked.
func BenchmarkCompile(b *testing.B) {
	v := testVocab()
	for _, bm := range []struct{ name, src string }{
		{"underserved", "where underserved target=anziani-soli radius=800m"},
		{"underserved-it-all-keys", `dove sottoservito target="Anziani soli" servizio=centro-diurno-integrato,centro-anziani raggio=10min zona="Cà Granda" livello=quartiere anno=2022 primi=5`},
		{"locate", "where locate service=centro-diurno-integrato target=anziani-soli count=3 radius=800m"},
		{"compare", `compare area=municipio-2,municipio-9,"zona 1" target=anziani-soli,minori`},
		{"explain", "explain howmuch centers service=asilo-nido target=prima-infanzia coverage=90% radius=1km"},
		{"error-suggestion", "where underserved target=anziani-sli radius=800m"},
		{"order-prefix", "dove divario servizio=centro-diurno ordina=posti-mancanti verso=crescente primi=5"},
		{"ambiguous-prefix", "where gap service=centro sort=colour"},
	} {
		b.Run(bm.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, _ = Compile(bm.src, v)
			}
		})
	}
}
